#pragma once
// What a DNI session request writes: the session (new, or touched), the lease events its pool decision caused
// and the pools it found exhausted. The session handlers and the demo's replay persist sessions through this
// one function, so a replayed session is stored exactly as a real one.
#include <optional>
#include <string>

#include "api/pool_registry.hpp"
#include "common/result.hpp"
#include "common/time.hpp"
#include "domain/repositories.hpp"
#include "domain/visitor_session.hpp"

namespace callsign::api {

// Inserts `new_session` (or, when nullopt, touches `session_id` at `now`), then applies the decision's lease
// writes in order and records its exhausted pools. Must run inside one write unit of work.
// Errors: the repositories' (the caller's unit of work is then rolled back).
Result<void> persist_session(domain::Repositories& repos, const std::optional<domain::VisitorSession>& new_session,
                             const std::string& session_id, const std::string& visitor_id, Timestamp now,
                             const PoolDecision& decision);

}  // namespace callsign::api
