#include "api/routing_fields.hpp"

#include <algorithm>

#include "api/json_body.hpp"
#include "domain/routing_codec.hpp"
#include "domain/settings_codec.hpp"

namespace callsign::api {
namespace {

using nlohmann::json;

Result<void> apply_name(std::string& target, const json& body, bool required) {
  if (!required && !body.contains("name")) return {};
  auto name = required_string(body, "name");
  if (!name) return fail(name.error());
  if (name->empty() || name->size() > kMaxRoutingNameLength)
    return fail(Error::invalid("name", "name must be 1 to 200 characters"));
  target = std::move(*name);
  return {};
}

// A list field that must be present on create; null counts as absent.
Result<const json*> list_field(const json& body, const std::string& field, bool required) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) {
    if (required || it != body.end())
      return fail(Error{ErrorKind::invalid, "missing_field", field + " is required (a list, which may be empty)", field});
    return static_cast<const json*>(nullptr);
  }
  return &*it;
}

Result<void> apply_fallback(std::optional<domain::Fallback>& target, const json& body, const std::string& field,
                            const std::string& country) {
  auto it = body.find(field);
  if (it == body.end()) return {};
  if (it->is_null()) {
    target.reset();
    return {};
  }
  auto fallback = domain::decode_fallback(*it, field, country);
  if (!fallback) return fail(fallback.error());
  target = std::move(*fallback);
  return {};
}

template <class Items>
bool holds(const Items& items, const std::string& id) {
  return std::find(items.begin(), items.end(), id) != items.end();
}

bool names_member(const domain::RoutingPlanRecord& plan, domain::RoutingMember::Kind kind, const std::string& id) {
  return std::any_of(plan.members.begin(), plan.members.end(),
                     [&](const domain::RoutingMember& m) { return m.kind == kind && m.id == id; });
}

}  // namespace

Result<void> apply_operator_fields(domain::OperatorRecord& op, const json& body, const std::string& country,
                                   bool required) {
  if (auto r = reject_unknown_fields(body, {"name", "destination", "active"}); !r) return r;
  domain::OperatorRecord next = op;
  if (auto r = apply_name(next.name, body, required); !r) return r;
  if (required || body.contains("destination")) {
    auto text = required_string(body, "destination");
    if (!text) return fail(text.error());
    auto destination = domain::normalize_destination(*text, country, "destination");
    if (!destination) return fail(destination.error());
    next.destination = std::move(*destination);
  }
  if (auto it = body.find("active"); it != body.end()) {
    if (!it->is_boolean()) return fail(Error::invalid("active", "active must be true or false"));
    next.active = it->get<bool>();
  }
  op = std::move(next);
  return {};
}

Result<void> apply_group_fields(domain::OperatorGroup& group, const json& body, bool required) {
  if (auto r = reject_unknown_fields(body, {"name", "operator_ids"}); !r) return r;
  domain::OperatorGroup next = group;
  if (auto r = apply_name(next.name, body, required); !r) return r;
  auto list = list_field(body, "operator_ids", required);
  if (!list) return fail(list.error());
  if (*list) {
    const json& ids = **list;
    if (!ids.is_array() || ids.size() > kMaxGroupOperators)
      return fail(Error::invalid("operator_ids", "operator_ids must be a list of up to 100 operator ids"));
    next.operator_ids.clear();
    for (const auto& id : ids) {
      if (!id.is_string() || id.get_ref<const std::string&>().empty())
        return fail(Error::invalid("operator_ids", "operator_ids must list operator ids (\"op_…\") as strings"));
      if (!holds(next.operator_ids, id.get<std::string>())) next.operator_ids.push_back(id.get<std::string>());
    }
  }
  group = std::move(next);
  return {};
}

Result<void> apply_plan_fields(domain::RoutingPlanRecord& plan, const json& body, const std::string& country,
                               bool required) {
  if (auto r = reject_unknown_fields(
          body, {"name", "strategy", "members", "ring_seconds", "schedule", "off_hours", "no_answer"});
      !r)
    return r;
  domain::RoutingPlanRecord next = plan;
  if (auto r = apply_name(next.name, body, required); !r) return r;
  if (body.contains("strategy")) {
    auto text = required_string(body, "strategy");
    if (!text) return fail(text.error());
    auto strategy = domain::routing_strategy_from_string(*text);
    if (!strategy)
      return fail(Error::invalid(
          "strategy", "strategy must be \"simultaneous\", \"sequential\", \"round_robin\" or \"sticky\""));
    next.strategy = *strategy;
  }
  auto members = list_field(body, "members", required);
  if (!members) return fail(members.error());
  if (*members) {
    auto decoded = domain::decode_members(**members, "members", kMaxPlanMembers);
    if (!decoded) return fail(decoded.error());
    next.members = std::move(*decoded);
  }
  if (auto it = body.find("ring_seconds"); it != body.end()) {
    if (!it->is_number_integer() || it->get<long long>() < kMinRingSeconds || it->get<long long>() > kMaxRingSeconds)
      return fail(Error::invalid("ring_seconds", "ring_seconds must be a whole number of seconds from 5 to 120"));
    next.ring_seconds = it->get<int>();
  }
  if (auto it = body.find("schedule"); it != body.end()) {
    if (it->is_null()) {
      next.schedule.reset();
    } else {
      auto schedule = domain::decode_working_hours(*it, "schedule");
      if (!schedule) return fail(schedule.error());
      next.schedule = std::move(*schedule);
    }
  }
  if (auto r = apply_fallback(next.off_hours, body, "off_hours", country); !r) return r;
  if (auto r = apply_fallback(next.no_answer, body, "no_answer", country); !r) return r;
  plan = std::move(next);
  return {};
}

Result<void> check_group_operators(domain::Repositories& repos, const domain::OperatorGroup& group) {
  if (group.operator_ids.empty()) return {};
  auto operators = repos.routing().list_operators(group.project_id);
  if (!operators) return fail(operators.error());
  for (const auto& id : group.operator_ids) {
    auto known = std::any_of(operators->begin(), operators->end(),
                             [&](const domain::OperatorRecord& op) { return op.id == id; });
    if (!known) return fail(Error::invalid("operator_ids", "no operator " + id + " in this project"));
  }
  return {};
}

Result<void> check_plan_members(domain::Repositories& repos, const domain::RoutingPlanRecord& plan) {
  if (plan.members.empty()) return {};
  auto operators = repos.routing().list_operators(plan.project_id);
  if (!operators) return fail(operators.error());
  auto groups = repos.routing().list_groups(plan.project_id);
  if (!groups) return fail(groups.error());
  for (std::size_t i = 0; i < plan.members.size(); ++i) {
    const auto& m = plan.members[i];
    const std::string where = "members[" + std::to_string(i) + "]: ";
    if (m.kind == domain::RoutingMember::Kind::operator_id) {
      auto known = std::any_of(operators->begin(), operators->end(),
                               [&](const domain::OperatorRecord& op) { return op.id == m.id; });
      if (!known) return fail(Error::invalid("members", where + "no operator " + m.id + " in this project"));
    } else {
      auto known = std::any_of(groups->begin(), groups->end(),
                               [&](const domain::OperatorGroup& g) { return g.id == m.id; });
      if (!known) return fail(Error::invalid("members", where + "no operator group " + m.id + " in this project"));
    }
  }
  return {};
}

Result<void> apply_routing_plan_id(std::optional<std::string>& target, const json& body) {
  if (!body.contains("routing_plan_id")) return {};
  auto id = optional_string(body, "routing_plan_id");
  if (!id) return fail(id.error());
  target = std::move(*id);
  return {};
}

Result<void> check_routing_plan(domain::Repositories& repos, const std::string& project_id,
                                const std::optional<std::string>& plan_id) {
  if (!plan_id) return {};
  auto plan = repos.routing().find_plan(project_id, *plan_id);
  if (!plan) return fail(plan.error());
  if (!*plan) return fail(Error::invalid("routing_plan_id", "no routing plan " + *plan_id + " in this project"));
  return {};
}

Result<void> check_operator_unused(domain::Repositories& repos, const std::string& project_id,
                                   const std::string& operator_id) {
  auto groups = repos.routing().list_groups(project_id);
  if (!groups) return fail(groups.error());
  for (const auto& g : *groups)
    if (holds(g.operator_ids, operator_id))
      return fail(Error::conflict("operator_id", "operator " + operator_id + " is still in operator group " + g.id +
                                                     " (" + g.name + "); take it out of the group first"));
  auto plans = repos.routing().list_plans(project_id);
  if (!plans) return fail(plans.error());
  for (const auto& p : *plans)
    if (names_member(p, domain::RoutingMember::Kind::operator_id, operator_id))
      return fail(Error::conflict("operator_id", "operator " + operator_id + " is still a member of routing plan " +
                                                     p.id + " (" + p.name + "); take it out of the plan first"));
  return {};
}

Result<void> check_group_unused(domain::Repositories& repos, const std::string& project_id,
                                const std::string& group_id) {
  auto plans = repos.routing().list_plans(project_id);
  if (!plans) return fail(plans.error());
  for (const auto& p : *plans)
    if (names_member(p, domain::RoutingMember::Kind::group_id, group_id))
      return fail(Error::conflict("group_id", "operator group " + group_id + " is still a member of routing plan " +
                                                  p.id + " (" + p.name + "); take it out of the plan first"));
  return {};
}

Result<void> check_plan_unused(domain::Repositories& repos, const std::string& project_id, const std::string& plan_id) {
  auto numbers = repos.numbers().list(project_id);
  if (!numbers) return fail(numbers.error());
  for (const auto& n : *numbers)
    if (n.routing_plan_id == plan_id)
      return fail(Error::conflict("plan_id", "routing plan " + plan_id + " is still used by tracking number " + n.id +
                                                 " (" + n.number + "); give the number another plan or none first"));
  auto pools = repos.pools().list(project_id);
  if (!pools) return fail(pools.error());
  for (const auto& p : *pools)
    if (p.routing_plan_id == plan_id)
      return fail(Error::conflict("plan_id", "routing plan " + plan_id + " is still used by pool " + p.id + " (" +
                                                 p.name + "); give the pool another plan or none first"));
  return {};
}

}  // namespace callsign::api
