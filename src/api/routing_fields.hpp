#pragma once
// Request fields of the routing endpoints (operators, operator groups, routing plans) and the checks that need
// the project's data: that a group names operators of the project, a plan its operators and groups, a number or
// pool one of its plans; and what still uses an operator, group or plan that is to be deleted.
// Every function returns Error{invalid, field} (422) or Error{conflict, field} (409) naming the field; the
// apply_* ones change their target only when they succeed. Pure except for the Repositories passed in.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "domain/project.hpp"
#include "domain/repositories.hpp"
#include "domain/routing_plan.hpp"

namespace callsign::api {

// Limits of the routing endpoints.
inline constexpr std::size_t kMaxRoutingNameLength = 200;
inline constexpr std::size_t kMaxGroupOperators = 100;
inline constexpr std::size_t kMaxPlanMembers = 100;
inline constexpr int kMinRingSeconds = 5;
inline constexpr int kMaxRingSeconds = 120;

// Applies {name, destination, active} from `body` (unknown fields refused). On create `required` makes name and
// destination required; a PATCH changes only what is present. `country` reads numbers written without '+'.
Result<void> apply_operator_fields(domain::OperatorRecord& op, const nlohmann::json& body, const std::string& country,
                                   bool required);

// Applies {name, operator_ids}; operator_ids keeps its order and drops repeats. Checks only the shape: see
// check_group_operators.
Result<void> apply_group_fields(domain::OperatorGroup& group, const nlohmann::json& body, bool required);

// Applies {name, strategy, members, ring_seconds, schedule, off_hours, no_answer}; name and members are required
// on create. Checks only the shape: see check_plan_members.
Result<void> apply_plan_fields(domain::RoutingPlanRecord& plan, const nlohmann::json& body,
                               const std::string& country, bool required);

// Error{invalid, "operator_ids"} naming the first id that is not an operator of the group's project.
Result<void> check_group_operators(domain::Repositories& repos, const domain::OperatorGroup& group);
// Error{invalid, "members"} naming the first member that is not an operator or group of the plan's project.
Result<void> check_plan_members(domain::Repositories& repos, const domain::RoutingPlanRecord& plan);

// `routing_plan_id` of a number or pool body, when present: a string, or null to clear. Absent: no change.
Result<void> apply_routing_plan_id(std::optional<std::string>& target, const nlohmann::json& body);
// Error{invalid, "routing_plan_id"} unless `plan_id` is empty or a routing plan of the project.
Result<void> check_routing_plan(domain::Repositories& repos, const std::string& project_id,
                                const std::optional<std::string>& plan_id);

// Error{conflict} naming what still uses the operator (a group or a plan), group (a plan) or plan (a tracking
// number or a pool); the field is the path parameter of the thing to delete ("operator_id", "group_id",
// "plan_id").
Result<void> check_operator_unused(domain::Repositories& repos, const std::string& project_id,
                                   const std::string& operator_id);
Result<void> check_group_unused(domain::Repositories& repos, const std::string& project_id,
                                const std::string& group_id);
Result<void> check_plan_unused(domain::Repositories& repos, const std::string& project_id, const std::string& plan_id);

}  // namespace callsign::api
