#pragma once
// In-memory implementations of the domain's storage ports, so the simulator can drive the real call recorder
// (attribution and classification) at millions of events per run without a database. They implement what
// record_call() and the lease writer use, with the contracts of domain/repositories.hpp; the outbox has no
// subscribers; the rest (projects, pools, routing, carrier events, costs, deals, reports) answer
// Error{internal} — the simulator never needs them.
//
// Sessions are not copied in: a SessionSource builds them on demand from the generated traffic, so memory
// stays at the traffic's own size.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/repositories.hpp"

namespace callsign::sim {

// The session with this id (as the real session handler would have stored it), or nullopt.
using SessionSource = std::function<std::optional<domain::VisitorSession>(const std::string& session_id)>;

class MemoryRepositories final : public domain::Repositories {
 public:
  MemoryRepositories(std::vector<domain::TrackingNumber> numbers, SessionSource sessions);
  ~MemoryRepositories() override;

  domain::ProjectRepository& projects() override;
  domain::NumberRepository& numbers() override;
  domain::CallRepository& calls() override;
  domain::PoolRepository& pools() override;
  domain::SessionRepository& sessions() override;
  domain::LeaseRepository& leases() override;
  domain::RoutingRepository& routing() override;
  domain::TelephonyEventRepository& telephony_events() override;
  domain::CostRepository& costs() override;
  domain::DealRepository& deals() override;
  domain::ReportRepository& reports() override;
  domain::CallRollupRepository& call_rollup() override;
  domain::OutboxRepository& outbox() override;  // no subscribers: publishing writes nothing

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace callsign::sim
