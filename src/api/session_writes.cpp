#include "api/session_writes.hpp"

namespace callsign::api {

Result<void> persist_session(domain::Repositories& repos, const std::optional<domain::VisitorSession>& new_session,
                             const std::string& session_id, const std::string& visitor_id, Timestamp now,
                             const PoolDecision& decision) {
  if (new_session) {
    if (auto r = repos.sessions().insert(*new_session); !r) return r;
  } else if (auto r = repos.sessions().touch(session_id, now); !r) {
    return fail(r.error());
  }
  for (const auto& write : decision.writes)
    if (auto r = repos.leases().apply(write.pool_id, visitor_id, write.event, write.hold); !r) return r;
  for (const auto& pool_id : decision.exhausted)
    if (auto r = repos.leases().record_exhaustion(pool_id, now); !r) return r;
  return {};
}

}  // namespace callsign::api
