#include "domain/routing_plan.hpp"

#include <algorithm>

namespace callsign::domain {

RoutingPlan resolve_plan(const RoutingPlanRecord& record, const std::vector<OperatorGroup>& groups) {
  RoutingPlan plan;
  plan.strategy = record.strategy;
  plan.ring_seconds = record.ring_seconds;
  plan.schedule = record.schedule;
  plan.off_hours = record.off_hours;
  plan.no_answer = record.no_answer;
  auto add = [&](const std::string& id) {
    if (std::find(plan.operator_ids.begin(), plan.operator_ids.end(), id) == plan.operator_ids.end())
      plan.operator_ids.push_back(id);
  };
  for (const auto& member : record.members) {
    if (member.kind == RoutingMember::Kind::operator_id) {
      add(member.id);
      continue;
    }
    auto group = std::find_if(groups.begin(), groups.end(), [&](const OperatorGroup& g) { return g.id == member.id; });
    if (group == groups.end()) continue;
    for (const auto& id : group->operator_ids) add(id);
  }
  return plan;
}

std::optional<std::string> routing_plan_id_for(const TrackingNumber& number, const std::optional<Pool>& pool) {
  if (number.routing_plan_id) return number.routing_plan_id;
  if (number.kind == NumberKind::pool && pool && number.pool_id == pool->id) return pool->routing_plan_id;
  return std::nullopt;
}

}  // namespace callsign::domain
