#include "telephony/twilio/webhook_recorder.hpp"

#include <algorithm>

#include "domain/call_recorder.hpp"
#include "domain/routing_plan.hpp"
#include "telephony/twilio/call_events.hpp"

namespace callsign::telephony {
namespace {

using domain::Repositories;
using domain::TelephonyEvent;

// The plan a call to `number` uses, if any (domain::routing_plan_id_for with the number's pool read).
Result<std::optional<domain::RoutingPlanRecord>> plan_for(Repositories& repos, const domain::TrackingNumber& number) {
  std::optional<domain::Pool> pool;
  if (number.pool_id) {
    auto found = repos.pools().find(number.project_id, *number.pool_id);
    if (!found) return fail(found.error());
    pool = std::move(*found);
  }
  const auto plan_id = domain::routing_plan_id_for(number, pool);
  if (!plan_id) return std::optional<domain::RoutingPlanRecord>{};
  return repos.routing().find_plan(number.project_id, *plan_id);
}

Result<CallRoute> route_by_plan(Repositories& repos, const domain::Project& project,
                                const domain::RoutingPlanRecord& record, const std::string& caller, Timestamp now) {
  auto groups = repos.routing().list_groups(project.id);
  if (!groups) return fail(groups.error());
  auto operators = repos.routing().list_operators(project.id);
  if (!operators) return fail(operators.error());
  auto busy = repos.calls().operators_on_call(project.id, now - kLiveCallLookback);
  if (!busy) return fail(busy.error());
  auto last = repos.calls().last_operator(project.id, caller, now);
  if (!last) return fail(last.error());
  auto position = repos.routing().round_robin_next(record.id);
  if (!position) return fail(position.error());

  const domain::RoutingPlan plan = domain::resolve_plan(record, *groups);
  domain::RoutingContext context;
  context.now = now;
  context.settings = &project.settings;
  context.busy_operator_ids = std::move(*busy);
  context.round_robin_next = *position;
  context.last_answered_by = std::move(*last);
  const std::vector<domain::Operator> candidates(operators->begin(), operators->end());
  const auto decision = domain::decide_routing(plan, candidates, context);
  if (plan.strategy == domain::RoutingStrategy::round_robin && decision.round_robin_next != *position)
    if (auto r = repos.routing().set_round_robin_next(record.id, decision.round_robin_next); !r) return fail(r.error());
  return route_from_decision(decision);
}

std::optional<const TelephonyEvent*> find_kind(const std::vector<TelephonyEvent>& events, std::string_view kind) {
  for (const auto& e : events)
    if (e.kind == kind) return &e;
  return std::nullopt;
}

// The stored route, or a new one decided and stored now when this is the call's voice webhook.
Result<CallRoute> route_of(Repositories& repos, const domain::Project& project, std::vector<TelephonyEvent>& events,
                           const TelephonyEvent& event, Timestamp now) {
  if (auto stored = find_kind(events, event_kind::route)) return decode_route((*stored)->params);
  if (event.kind != event_kind::voice) return CallRoute{};
  const auto to = event.params.find("To");
  const auto from = event.params.find("From");
  auto route = decide_call_route(repos, project, to == event.params.end() ? "" : to->second,
                                 from == event.params.end() ? "" : from->second, now);
  if (!route) return fail(route.error());
  TelephonyEvent stored{project.id, event.call_sid, std::string(event_kind::route), "", encode_route(*route), now};
  if (auto r = repos.telephony_events().add(stored); !r) return fail(r.error());
  events.push_back(std::move(stored));
  return route;
}

}  // namespace

Result<CallRoute> decide_call_route(Repositories& repos, const domain::Project& project,
                                    const std::string& tracking_number, const std::string& caller, Timestamp now) {
  auto number = repos.numbers().find_by_number(tracking_number);
  if (!number) return fail(number.error());
  if (!*number || (*number)->project_id != project.id) return CallRoute{};
  auto plan = plan_for(repos, **number);
  if (!plan) return fail(plan.error());
  if (!*plan) return route_to_forward_number((*number)->forward_to);
  return route_by_plan(repos, project, **plan, caller, now);
}

Result<WebhookOutcome> apply_webhook_event(Repositories& repos, const domain::Project& project,
                                           const TelephonyEvent& event, Timestamp now) {
  WebhookOutcome outcome;
  auto added = repos.telephony_events().add(event);
  if (!added) return fail(added.error());
  outcome.duplicate = !*added;
  auto events = repos.telephony_events().for_call(event.call_sid);
  if (!events) return fail(events.error());
  auto route = route_of(repos, project, *events, event, now);
  if (!route) return fail(route.error());
  outcome.route = std::move(*route);
  if (outcome.duplicate) return outcome;

  auto derived = derive_call(*events, outcome.route);
  if (!derived) return outcome;
  derived->input.operator_id = derived->operator_id;
  if (derived->operator_id) {
    auto op = repos.routing().find_operator(project.id, *derived->operator_id);
    if (!op) return fail(op.error());
    if (*op) derived->input.operator_name = (*op)->name;
  }
  auto prepared = domain::prepare_call(project, derived->input);
  if (!prepared) {
    outcome.not_recorded = prepared.error().message;
    return outcome;
  }
  auto recorded = domain::record_prepared_call(repos, project, *prepared, now);
  if (!recorded) return fail(recorded.error());
  outcome.call_id = recorded->call.id;
  return outcome;
}

}  // namespace callsign::telephony
