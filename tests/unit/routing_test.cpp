// Call routing decisions (domain/routing.hpp).
#include <gtest/gtest.h>

#include <map>

#include "domain/routing.hpp"
#include "domain/settings_codec.hpp"

namespace callsign::domain {
namespace {

std::vector<Operator> team() {
  return {{"op_ann", "Ann", "+12125550201", true},
          {"op_bob", "Bob", "+12125550202", true},
          {"op_cy", "Cy", "sip:cy@pbx.example", true},
          {"op_dee", "Dee", "+12125550204", false}};
}

RoutingPlan plan_of(RoutingStrategy strategy) {
  RoutingPlan plan;
  plan.strategy = strategy;
  plan.operator_ids = {"op_ann", "op_bob", "op_cy", "op_dee"};
  plan.ring_seconds = 15;
  return plan;
}

ProjectSettings new_york_office() {
  ProjectSettings s;
  auto applied = apply_settings(s, nlohmann::json::parse(R"({"timezone": "America/New_York",
      "working_hours": {"mon": [["09:00","18:00"]], "tue": [["09:00","18:00"]], "wed": [["09:00","18:00"]],
                        "thu": [["09:00","18:00"]], "fri": [["09:00","18:00"]], "sat": [], "sun": []},
      "holidays": ["2026-12-25"]})"));
  EXPECT_TRUE(applied) << applied.error().message;
  return s;
}

// Tuesday 2026-11-24, 10:00 in New York (15:00 UTC): open.
const Timestamp kTuesdayMorning = *parse_rfc3339("2026-11-24T15:00:00Z");
// The same Tuesday, 20:00 in New York: closed.
const Timestamp kTuesdayEvening = *parse_rfc3339("2026-11-25T01:00:00Z");

RoutingContext at(Timestamp now, const ProjectSettings& settings) {
  RoutingContext c;
  c.now = now;
  c.settings = &settings;
  return c;
}

std::vector<std::string> ids(const RoutingDecision& d) {
  std::vector<std::string> out;
  for (const auto& t : d.targets) out.push_back(t.operator_id);
  return out;
}

TEST(Routing, SimultaneousRingsEveryActiveOperatorAtOnce) {
  const auto settings = new_york_office();
  const auto d = decide_routing(plan_of(RoutingStrategy::simultaneous), team(), at(kTuesdayMorning, settings));
  EXPECT_EQ(d.kind, RoutingDecision::Kind::ring_together);
  EXPECT_EQ(ids(d), (std::vector<std::string>{"op_ann", "op_bob", "op_cy"})) << "Dee is inactive";
  EXPECT_EQ(d.timeout_seconds, 15);
  EXPECT_EQ(d.targets[2].destination, "sip:cy@pbx.example");
}

TEST(Routing, SequentialRingsInThePlansOrderSkippingBusyOperators) {
  const auto settings = new_york_office();
  auto context = at(kTuesdayMorning, settings);
  context.busy_operator_ids = {"op_ann"};
  const auto d = decide_routing(plan_of(RoutingStrategy::sequential), team(), context);
  EXPECT_EQ(d.kind, RoutingDecision::Kind::ring_in_turn);
  EXPECT_EQ(ids(d), (std::vector<std::string>{"op_bob", "op_cy"}));
}

TEST(Routing, RoundRobinSpreadsCallsEvenly) {
  const auto settings = new_york_office();
  const auto plan = plan_of(RoutingStrategy::round_robin);
  std::map<std::string, int> first_rung;
  std::size_t next = 0;
  for (int call = 0; call < 300; ++call) {
    auto context = at(kTuesdayMorning, settings);
    context.round_robin_next = next;
    const auto d = decide_routing(plan, team(), context);
    ASSERT_EQ(d.targets.size(), 3u);
    ++first_rung[d.targets.front().operator_id];
    next = d.round_robin_next;
  }
  EXPECT_EQ(first_rung, (std::map<std::string, int>{{"op_ann", 100}, {"op_bob", 100}, {"op_cy", 100}}));
}

TEST(Routing, RoundRobinGoesToTheNextFreeOperatorAndKeepsTheRotation) {
  const auto settings = new_york_office();
  auto context = at(kTuesdayMorning, settings);
  context.round_robin_next = 1;  // Bob's turn…
  context.busy_operator_ids = {"op_bob"};  // …but he is on a call
  const auto d = decide_routing(plan_of(RoutingStrategy::round_robin), team(), context);
  EXPECT_EQ(ids(d), (std::vector<std::string>{"op_cy", "op_ann"}));
  EXPECT_EQ(d.round_robin_next, 3u) << "after Cy (position 2) comes position 3";
}

TEST(Routing, StickyReturnsARepeatCallerToTheirOperator) {
  const auto settings = new_york_office();
  auto context = at(kTuesdayMorning, settings);
  context.last_answered_by = "op_cy";
  const auto d = decide_routing(plan_of(RoutingStrategy::sticky), team(), context);
  EXPECT_EQ(ids(d), (std::vector<std::string>{"op_cy", "op_ann", "op_bob"}));

  context.busy_operator_ids = {"op_cy"};  // their operator is busy: the plan's order
  EXPECT_EQ(ids(decide_routing(plan_of(RoutingStrategy::sticky), team(), context)),
            (std::vector<std::string>{"op_ann", "op_bob"}));
  context.busy_operator_ids.clear();
  context.last_answered_by = "op_dee";  // inactive now: the plan's order
  EXPECT_EQ(ids(decide_routing(plan_of(RoutingStrategy::sticky), team(), context)),
            (std::vector<std::string>{"op_ann", "op_bob", "op_cy"}));
}

TEST(Routing, OffHoursGoToTheFallback) {
  const auto settings = new_york_office();
  auto plan = plan_of(RoutingStrategy::simultaneous);
  plan.off_hours = Fallback{Fallback::Kind::forward, "+12125550299"};
  auto d = decide_routing(plan, team(), at(kTuesdayEvening, settings));
  EXPECT_EQ(d.kind, RoutingDecision::Kind::fallback);
  EXPECT_TRUE(d.off_hours);
  EXPECT_EQ(d.fallback, plan.off_hours);
  EXPECT_TRUE(d.targets.empty());

  const Timestamp christmas_morning = *parse_rfc3339("2026-12-25T15:00:00Z");  // a Friday, but a holiday
  EXPECT_EQ(decide_routing(plan, team(), at(christmas_morning, settings)).kind, RoutingDecision::Kind::fallback);
  EXPECT_EQ(decide_routing(plan, team(), at(kTuesdayMorning, settings)).kind, RoutingDecision::Kind::ring_together);

  plan.schedule = WorkingHours{};  // the plan's own schedule: closed every day
  EXPECT_EQ(decide_routing(plan, team(), at(kTuesdayMorning, settings)).kind, RoutingDecision::Kind::fallback);
  plan.off_hours.reset();  // no off-hours fallback: the plan rings at all hours
  EXPECT_EQ(decide_routing(plan, team(), at(kTuesdayEvening, settings)).kind, RoutingDecision::Kind::ring_together);
}

TEST(Routing, NobodyAvailableGoesToVoicemailOrEnds) {
  const auto settings = new_york_office();
  auto plan = plan_of(RoutingStrategy::sequential);
  auto context = at(kTuesdayMorning, settings);
  context.busy_operator_ids = {"op_ann", "op_bob", "op_cy"};
  EXPECT_EQ(decide_routing(plan, team(), context).kind, RoutingDecision::Kind::hang_up);
  plan.no_answer = Fallback{Fallback::Kind::voicemail, ""};
  const auto d = decide_routing(plan, team(), context);
  EXPECT_EQ(d.kind, RoutingDecision::Kind::fallback);
  EXPECT_FALSE(d.off_hours);
  EXPECT_EQ(d.fallback->kind, Fallback::Kind::voicemail);
}

TEST(Routing, StrategyNamesRoundTrip) {
  for (auto s : {RoutingStrategy::simultaneous, RoutingStrategy::sequential, RoutingStrategy::round_robin,
                 RoutingStrategy::sticky})
    EXPECT_EQ(routing_strategy_from_string(to_string(s)), s);
  EXPECT_FALSE(routing_strategy_from_string("random"));
}

}  // namespace
}  // namespace callsign::domain
