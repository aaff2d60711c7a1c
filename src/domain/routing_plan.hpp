#pragma once
// Routing as a project stores it (API.md "Telephony", issue 4 "Routing"): operators, operator groups and named
// routing plans whose members are operators or groups. resolve_plan() turns a stored plan into the pure
// RoutingPlan that decide_routing() (domain/routing.hpp) takes.
#include <optional>
#include <string>
#include <vector>

#include "common/time.hpp"
#include "domain/pool.hpp"
#include "domain/routing.hpp"
#include "domain/tracking_number.hpp"

namespace callsign::domain {

// An operator of a project: the routing model's Operator plus who owns it and when it was added.
struct OperatorRecord : Operator {
  std::string project_id;
  Timestamp created_at{};
  friend bool operator==(const OperatorRecord&, const OperatorRecord&) = default;
};

// A named list of a project's operators, in ringing order ("grp_…").
struct OperatorGroup {
  std::string id;
  std::string project_id;
  std::string name;
  std::vector<std::string> operator_ids;  // each an operator of the project, no duplicates
  Timestamp created_at{};
  friend bool operator==(const OperatorGroup&, const OperatorGroup&) = default;
};

// One entry of a plan's member list: an operator, or a group standing for its operators in their order.
struct RoutingMember {
  enum class Kind { operator_id, group_id };
  Kind kind = Kind::operator_id;
  std::string id;
  friend bool operator==(const RoutingMember&, const RoutingMember&) = default;
};

// A stored routing plan ("plan_…"). The members are kept as written (groups are not expanded on write) so a
// group's later changes apply to every plan that names it.
struct RoutingPlanRecord {
  std::string id;
  std::string project_id;
  std::string name;
  RoutingStrategy strategy = RoutingStrategy::simultaneous;
  std::vector<RoutingMember> members;  // order matters
  int ring_seconds = 20;               // 5..120
  std::optional<WorkingHours> schedule;
  std::optional<Fallback> off_hours;
  std::optional<Fallback> no_answer;
  Timestamp created_at{};
  friend bool operator==(const RoutingPlanRecord&, const RoutingPlanRecord&) = default;
};

// The plan to route with: members expanded to operator ids in order (a group's operators in the group's order),
// each id kept at its first appearance only; a group not in `groups` contributes nothing. Every other field is
// copied. Pure.
RoutingPlan resolve_plan(const RoutingPlanRecord& record, const std::vector<OperatorGroup>& groups);

// The routing plan a call to `number` uses: the number's own, else (for a pool number) its pool's; nullopt when
// neither has one. `pool` is the number's pool when it has one (ignored otherwise).
std::optional<std::string> routing_plan_id_for(const TrackingNumber& number, const std::optional<Pool>& pool);

}  // namespace callsign::domain
