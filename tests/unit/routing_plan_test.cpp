// Stored routing plans (domain/routing_plan.hpp) and their JSON shapes (domain/routing_codec.hpp): members
// expanded to operators in order without repeats, the plan a number follows, destinations, fallbacks, members.
#include <gtest/gtest.h>

#include "domain/routing_codec.hpp"
#include "domain/routing_plan.hpp"
#include "domain/settings_codec.hpp"

namespace callsign::domain {
namespace {

using nlohmann::json;
using Kind = RoutingMember::Kind;

RoutingMember op(std::string id) { return {Kind::operator_id, std::move(id)}; }
RoutingMember group(std::string id) { return {Kind::group_id, std::move(id)}; }

OperatorGroup group_of(std::string id, std::vector<std::string> operator_ids) {
  OperatorGroup g;
  g.id = std::move(id);
  g.project_id = "prj_a";
  g.name = "Group";
  g.operator_ids = std::move(operator_ids);
  return g;
}

TEST(ResolvePlan, ExpandsGroupsInPlaceKeepingTheMembersOrder) {
  RoutingPlanRecord record;
  record.members = {op("op_lead"), group("grp_sales"), op("op_night"), group("grp_support")};
  const std::vector<OperatorGroup> groups{group_of("grp_support", {"op_s1", "op_s2"}),
                                          group_of("grp_sales", {"op_b", "op_a"})};
  EXPECT_EQ(resolve_plan(record, groups).operator_ids,
            (std::vector<std::string>{"op_lead", "op_b", "op_a", "op_night", "op_s1", "op_s2"}));
}

TEST(ResolvePlan, KeepsEachOperatorAtItsFirstAppearanceOnly) {
  RoutingPlanRecord record;
  record.members = {group("grp_1"), op("op_a"), op("op_c"), group("grp_2"), op("op_c")};
  const std::vector<OperatorGroup> groups{group_of("grp_1", {"op_b", "op_a"}), group_of("grp_2", {"op_d", "op_b"})};
  EXPECT_EQ(resolve_plan(record, groups).operator_ids, (std::vector<std::string>{"op_b", "op_a", "op_c", "op_d"}));
}

TEST(ResolvePlan, AnUnknownOrEmptyGroupContributesNothing) {
  RoutingPlanRecord record;
  record.members = {group("grp_gone"), op("op_a"), group("grp_empty")};
  EXPECT_EQ(resolve_plan(record, {group_of("grp_empty", {})}).operator_ids, std::vector<std::string>{"op_a"});
  record.members.clear();
  EXPECT_TRUE(resolve_plan(record, {}).operator_ids.empty());
}

TEST(ResolvePlan, CopiesStrategyRingScheduleAndFallbacks) {
  RoutingPlanRecord record;
  record.strategy = RoutingStrategy::sticky;
  record.ring_seconds = 45;
  WorkingHours hours;
  hours.days[2] = {{9 * 60, 17 * 60}};
  record.schedule = hours;
  record.off_hours = Fallback{Fallback::Kind::forward, "+12125550199"};
  record.no_answer = Fallback{Fallback::Kind::voicemail, ""};
  const RoutingPlan plan = resolve_plan(record, {});
  EXPECT_EQ(plan.strategy, RoutingStrategy::sticky);
  EXPECT_EQ(plan.ring_seconds, 45);
  EXPECT_EQ(plan.schedule, record.schedule);
  EXPECT_EQ(plan.off_hours, record.off_hours);
  EXPECT_EQ(plan.no_answer, record.no_answer);

  const RoutingPlan defaults = resolve_plan(RoutingPlanRecord{}, {});
  EXPECT_EQ(defaults.strategy, RoutingStrategy::simultaneous);
  EXPECT_EQ(defaults.ring_seconds, 20);
  EXPECT_FALSE(defaults.schedule || defaults.off_hours || defaults.no_answer);
}

TEST(RoutingPlanIdFor, ANumbersOwnPlanWinsElseAPoolNumberFollowsItsPool) {
  Pool pool;
  pool.id = "pool_web";
  pool.routing_plan_id = "plan_pool";
  TrackingNumber n;
  n.kind = NumberKind::pool;
  n.pool_id = "pool_web";
  EXPECT_EQ(routing_plan_id_for(n, pool), "plan_pool");
  n.routing_plan_id = "plan_own";
  EXPECT_EQ(routing_plan_id_for(n, pool), "plan_own");

  n.routing_plan_id.reset();
  EXPECT_EQ(routing_plan_id_for(n, std::nullopt), std::nullopt);
  pool.id = "pool_other";  // not this number's pool
  EXPECT_EQ(routing_plan_id_for(n, pool), std::nullopt);

  TrackingNumber static_number;
  static_number.pool_id.reset();
  EXPECT_EQ(routing_plan_id_for(static_number, pool), std::nullopt);
  static_number.routing_plan_id = "plan_static";
  EXPECT_EQ(routing_plan_id_for(static_number, pool), "plan_static");
}

TEST(RoutingCodec, SipUrisAreCheckedLightly) {
  for (const char* good : {"sip:alice@pbx.example.com", "sip:101@10.0.0.5:5060", "sip:desk@pbx.example;transport=tcp",
                           "sip:+14155550100@trunk.example.net", "sip:a@[2001:db8::1]:5061", "sip:queue-1@host?x=y"})
    EXPECT_TRUE(is_sip_uri(good)) << good;
  for (const char* bad : {"sip:", "sip:alice", "sip:@host", "sip:alice@", "sip:al ice@host", "sip:alice@-host",
                          "sip:alice@host:", "sip:alice@host:99999999", "sip:<alice@host>", "SIP:alice@host",
                          "tel:+14155550100", "alice@host", "sip:alice@ho_st", "sip:a@[zz::1]"})
    EXPECT_FALSE(is_sip_uri(bad)) << bad;
  EXPECT_FALSE(is_sip_uri("sip:a@" + std::string(300, 'h')));
}

TEST(RoutingCodec, DestinationsAreE164NumbersOrSipUris) {
  auto phone = normalize_destination("(415) 555-0123", "US", "destination");
  ASSERT_TRUE(phone) << phone.error().message;
  EXPECT_EQ(*phone, "+14155550123");
  auto london = normalize_destination("020 7183 8750", "GB", "destination");
  ASSERT_TRUE(london) << london.error().message;
  EXPECT_EQ(*london, "+442071838750");
  auto sip = normalize_destination("sip:desk@pbx.example.com", "US", "destination");
  ASSERT_TRUE(sip);
  EXPECT_EQ(*sip, "sip:desk@pbx.example.com");
  for (const char* bad : {"", "not a number", "sip:desk", "mailto:desk@example.com", "desk@example.com", "12"}) {
    auto r = normalize_destination(bad, "US", "destination");
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().kind, ErrorKind::invalid);
    EXPECT_EQ(r.error().field, "destination");
  }
}

TEST(RoutingCodec, FallbacksRoundTripAndNameTheirField) {
  auto forward = decode_fallback(json::parse(R"({"forward_to": "(212) 555-0199"})"), "off_hours", "US");
  ASSERT_TRUE(forward) << forward.error().message;
  EXPECT_EQ(*forward, (Fallback{Fallback::Kind::forward, "+12125550199"}));
  EXPECT_EQ(encode_fallback(*forward), json::parse(R"({"forward_to": "+12125550199"})"));
  auto voicemail = decode_fallback(json::parse(R"({"voicemail": true})"), "no_answer", "US");
  ASSERT_TRUE(voicemail);
  EXPECT_EQ(voicemail->kind, Fallback::Kind::voicemail);
  EXPECT_EQ(encode_fallback(*voicemail), json::parse(R"({"voicemail": true})"));

  for (auto [text, field] : std::vector<std::pair<const char*, const char*>>{
           {R"({"voicemail": false})", "no_answer"},
           {R"({})", "no_answer"},
           {R"("voicemail")", "no_answer"},
           {R"({"voicemail": true, "forward_to": "+12125550199"})", "no_answer"},
           {R"({"forward": "+12125550199"})", "no_answer"},
           {R"({"forward_to": "nobody"})", "no_answer.forward_to"},
           {R"({"forward_to": 12125550199})", "no_answer.forward_to"}}) {
    auto r = decode_fallback(json::parse(text), "no_answer", "US");
    ASSERT_FALSE(r) << text;
    EXPECT_EQ(r.error().field, field) << text;
  }
}

TEST(RoutingCodec, MembersKeepTheirOrderAndNeedExactlyOneId) {
  auto members = decode_members(json::parse(R"([{"group_id": "grp_1"}, {"operator_id": "op_1"}])"), "members", 10);
  ASSERT_TRUE(members) << members.error().message;
  EXPECT_EQ(*members, (std::vector<RoutingMember>{group("grp_1"), op("op_1")}));
  EXPECT_EQ(encode_members(*members), json::parse(R"([{"group_id": "grp_1"}, {"operator_id": "op_1"}])"));
  EXPECT_TRUE(decode_members(json::array(), "members", 10));

  for (const char* bad : {R"({"operator_id": "op_1"})", R"(["op_1"])", R"([{"operator_id": ""}])",
                          R"([{"operator_id": 1}])", R"([{"operator_id": "op_1", "group_id": "grp_1"}])",
                          R"([{"user_id": "u"}])", R"([{}])", R"([{"operator_id": "op_1"}, {"operator_id": "op_2"},
                          {"operator_id": "op_3"}])"}) {
    auto r = decode_members(json::parse(bad), "members", 2);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().field, "members") << bad;
  }
}

TEST(RoutingCodec, ScheduleUsesTheWorkingHoursCodecUnderItsOwnName) {
  auto hours = decode_working_hours(json::parse(R"({"mon": [["13:00", "18:00"], ["09:00", "12:00"]]})"), "schedule");
  ASSERT_TRUE(hours) << hours.error().message;
  EXPECT_EQ(hours->days[0].front().open_minute, 9 * 60);
  EXPECT_EQ(encode_working_hours(*hours)["mon"], json::parse(R"([["09:00", "12:00"], ["13:00", "18:00"]])"));
  EXPECT_EQ(encode_working_hours(*hours)["sun"], json::array());

  auto overlapping = decode_working_hours(json::parse(R"({"tue": [["09:00", "12:00"], ["11:00", "13:00"]]})"),
                                          "schedule");
  ASSERT_FALSE(overlapping);
  EXPECT_EQ(overlapping.error().field, "schedule.tue");
  auto day = decode_working_hours(json::parse(R"({"funday": []})"), "schedule");
  ASSERT_FALSE(day);
  EXPECT_EQ(day.error().field, "schedule.funday");
  auto shape = decode_working_hours(json::parse(R"("9-5")"), "schedule");
  ASSERT_FALSE(shape);
  EXPECT_EQ(shape.error().field, "schedule");
  EXPECT_NE(shape.error().message.find("schedule"), std::string::npos) << shape.error().message;
}

}  // namespace
}  // namespace callsign::domain
