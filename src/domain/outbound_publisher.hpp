#pragma once
// Writing outbound events into the outbox, in the unit of work of the change that causes them — so an event
// exists exactly when its change committed, whatever happens to the process next.
#include <optional>

#include "common/result.hpp"
#include "domain/call.hpp"
#include "domain/cost_deal.hpp"
#include "domain/project.hpp"
#include "domain/repositories.hpp"

namespace callsign::domain {

// Publishes the events that turning `before` (nullopt: new) into `after` causes (call_event_types) to the
// project's webhooks subscribed to them, and — when the call completes and the project sends to GA4 — one GA4
// delivery for a call whose visitor has a GA client id. Writes nothing when nobody listens (the data is then not
// even encoded). Errors: storage errors as returned.
Result<void> publish_call_change(Repositories& repos, const Project& project, const std::optional<Call>& before,
                                 const Call& after, Timestamp now);

// deal.updated to the subscribed webhooks when the deal is new or changed.
Result<void> publish_deal_change(Repositories& repos, const std::optional<Deal>& before, const Deal& after,
                                 Timestamp now);

}  // namespace callsign::domain
