// apply_webhook_event and decide_call_route against a real SQLite store: the route is decided once per call
// (a retried voice webhook gets the same route and the round robin turns once), the call is recorded through
// the one write path with the answering operator, and numbers without a plan or of no project route plainly.
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "storage_test_support.hpp"
#include "telephony/twilio/call_events.hpp"
#include "telephony/twilio/webhook_recorder.hpp"

namespace callsign::storage::testing {
namespace {

using domain::DialTarget;
using domain::OperatorRecord;
using domain::RoutingMember;
using domain::RoutingPlanRecord;
using telephony::CallRoute;
using telephony::RouteStep;
using telephony::TwilioWebhook;
using telephony::WebhookOutcome;
using Params = std::map<std::string, std::string>;

constexpr const char* kPlanNumber = "+14155550100";
constexpr const char* kForwardNumber = "+14155550111";
constexpr const char* kBareNumber = "+14155550112";
constexpr const char* kOtherProjectNumber = "+14155550122";
constexpr const char* kUnknownNumber = "+14155550177";
constexpr const char* kCaller = "+12125550101";
const Timestamp kNow = at_ms(1'700'100'000'000);

OperatorRecord op(int n) {
  OperatorRecord o;
  o.id = "op_" + std::to_string(n);
  o.project_id = "prj_a";
  o.name = "Operator " + std::to_string(n);
  o.destination = "+1212555020" + std::to_string(n);
  o.created_at = at_ms(1'700'000'400'000 + n);
  return o;
}

DialTarget target(int n) { return {"op_" + std::to_string(n), "+1212555020" + std::to_string(n)}; }

CallRoute in_turn(std::vector<int> operators) {
  CallRoute route;
  for (int n : operators) route.steps.push_back(RouteStep{RouteStep::Kind::dial, {target(n)}, 20});
  return route;
}

class TwilioWebhookRecorderTest : public StorageTest {
 protected:
  void SetUp() override {
    store_ = open_store();
    ASSERT_TRUE(store_);
    project_ = sample_project("a");
    project_.settings.timezone = "America/New_York";
    project_.settings.record_calls = true;
    project_.settings.caller_memory_days = 7;
    write_ok(*store_, [&](domain::Repositories& repos) -> Result<void> {
      if (auto r = repos.projects().insert(project_); !r) return r;
      if (auto r = repos.projects().insert(sample_project("b")); !r) return r;
      for (int n = 1; n <= 3; ++n)
        if (auto r = repos.routing().insert_operator(op(n)); !r) return r;
      RoutingPlanRecord plan;
      plan.id = "plan_rr";
      plan.project_id = "prj_a";
      plan.name = "Round robin";
      plan.strategy = domain::RoutingStrategy::round_robin;
      plan.members = {{RoutingMember::Kind::operator_id, "op_1"},
                      {RoutingMember::Kind::operator_id, "op_2"},
                      {RoutingMember::Kind::operator_id, "op_3"}};
      plan.ring_seconds = 20;
      plan.created_at = at_ms(1'700'000'600'000);
      if (auto r = repos.routing().insert_plan(plan); !r) return r;

      auto with_plan = sample_number("prj_a", "plan", kPlanNumber);
      with_plan.routing_plan_id = "plan_rr";
      with_plan.channel = "print";
      auto forward = sample_number("prj_a", "fwd", kForwardNumber);
      forward.forward_to = "+14155550999";
      auto other = sample_number("prj_b", "other", kOtherProjectNumber);
      other.forward_to = "+14155550998";
      for (const auto& n : {with_plan, forward, sample_number("prj_a", "bare", kBareNumber), other})
        if (auto r = repos.numbers().insert(n); !r) return r;
      return {};
    });
  }

  static domain::TelephonyEvent event(TwilioWebhook kind, Params form, Params query, Timestamp at) {
    auto e = telephony::event_from_webhook(kind, form, query, "prj_a", at);
    if (!e) ADD_FAILURE() << e.error().message;
    return e ? *e : domain::TelephonyEvent{};
  }
  static domain::TelephonyEvent voice(const std::string& call_sid, const std::string& to, Timestamp at = kNow,
                                      const std::string& from = kCaller) {
    return event(TwilioWebhook::voice, {{"CallSid", call_sid}, {"From", from}, {"To", to}}, {}, at);
  }

  WebhookOutcome apply(const domain::TelephonyEvent& e, Timestamp now) {
    auto r = store_->write_blocking<WebhookOutcome>(
        [&](domain::Repositories& repos) { return telephony::apply_webhook_event(repos, project_, e, now); });
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : WebhookOutcome{};
  }
  CallRoute decide(const std::string& tracking_number) {
    auto r = store_->write_blocking<CallRoute>([&](domain::Repositories& repos) {
      return telephony::decide_call_route(repos, project_, tracking_number, kCaller, kNow);
    });
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : CallRoute{};
  }
  std::size_t round_robin_next() {
    auto r = store_->read([](domain::Repositories& repos) { return repos.routing().round_robin_next("plan_rr"); });
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : 999;
  }
  std::optional<domain::Call> call(const std::string& call_sid) {
    auto r = store_->read(
        [&](domain::Repositories& repos) { return repos.calls().find_by_external_id("prj_a", call_sid); });
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : std::nullopt;
  }
  std::vector<domain::TelephonyEvent> events(const std::string& call_sid) {
    auto r = store_->read([&](domain::Repositories& repos) { return repos.telephony_events().for_call(call_sid); });
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : std::vector<domain::TelephonyEvent>{};
  }

  std::unique_ptr<sqlite::SqliteStore> store_;
  domain::Project project_;
};

TEST_F(TwilioWebhookRecorderTest, VoiceDecidesTheRouteOnceAndTurnsTheRoundRobin) {
  EXPECT_EQ(round_robin_next(), 0u);
  const auto first = apply(voice("CA1", kPlanNumber), kNow);
  EXPECT_FALSE(first.duplicate);
  EXPECT_EQ(first.route, in_turn({1, 2, 3}));
  EXPECT_FALSE(first.route.off_hours);
  EXPECT_EQ(round_robin_next(), 1u);

  // Twilio retries the voice webhook: the same route, the rotation does not move.
  const auto retry = apply(voice("CA1", kPlanNumber, kNow + std::chrono::seconds(3)), kNow + std::chrono::seconds(3));
  EXPECT_TRUE(retry.duplicate);
  EXPECT_EQ(retry.route, first.route);
  EXPECT_EQ(round_robin_next(), 1u);
  const auto stored = events("CA1");
  ASSERT_EQ(stored.size(), 2u) << "the voice event and the route, each once";
  EXPECT_EQ(stored[0].kind, telephony::event_kind::voice);
  EXPECT_EQ(stored[1].kind, telephony::event_kind::route);
  auto decoded = telephony::decode_route(stored[1].params);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, first.route);

  const auto second = apply(voice("CA2", kPlanNumber, kNow + std::chrono::minutes(1)), kNow + std::chrono::minutes(1));
  EXPECT_FALSE(second.duplicate);
  EXPECT_EQ(second.route, in_turn({2, 3, 1}));
  EXPECT_EQ(round_robin_next(), 2u);

  const auto third = apply(voice("CA3", kPlanNumber, kNow + std::chrono::minutes(2)), kNow + std::chrono::minutes(2));
  EXPECT_EQ(third.route, in_turn({3, 1, 2}));
  EXPECT_EQ(round_robin_next(), 0u);
}

TEST_F(TwilioWebhookRecorderTest, TheCallIsRecordedFromItsEvents) {
  const auto outcome = apply(voice("CA1", kPlanNumber), kNow);
  ASSERT_TRUE(outcome.call_id);
  EXPECT_FALSE(outcome.not_recorded);
  auto recorded = call("CA1");
  ASSERT_TRUE(recorded);
  EXPECT_EQ(recorded->id, *outcome.call_id);
  EXPECT_EQ(recorded->caller, kCaller);
  EXPECT_EQ(recorded->tracking_number, kPlanNumber);
  EXPECT_EQ(recorded->started_at, kNow);
  EXPECT_EQ(domain::to_string(recorded->status), "no_answer");
  EXPECT_FALSE(recorded->operator_id);
  EXPECT_EQ(recorded->attribution.method, domain::AttributionMethod::static_number);
  EXPECT_EQ(recorded->attribution.channel, "print");

  // Step 1 (op_1) answers: the dial-status updates the same call, routed by the stored route.
  const Params dial_form{{"CallSid", "CA1"},        {"From", kCaller},          {"To", kPlanNumber},
                         {"DialCallStatus", "completed"}, {"DialCallDuration", "40"}};
  const auto answered = apply(event(TwilioWebhook::dial_status, dial_form, {{"step", "1"}}, kNow + std::chrono::seconds(55)),
                              kNow + std::chrono::seconds(55));
  EXPECT_FALSE(answered.duplicate);
  EXPECT_EQ(answered.route, in_turn({1, 2, 3})) << "the stored route, not a new decision";
  EXPECT_EQ(answered.call_id, outcome.call_id);
  EXPECT_EQ(round_robin_next(), 1u);
  recorded = call("CA1");
  ASSERT_TRUE(recorded);
  EXPECT_EQ(domain::to_string(recorded->status), "answered");
  EXPECT_EQ(recorded->operator_id, "op_1");
  EXPECT_EQ(recorded->operator_name, "Operator 1");
  EXPECT_EQ(recorded->answered_at, kNow + std::chrono::seconds(15));
  EXPECT_EQ(recorded->ended_at, kNow + std::chrono::seconds(55));

  // A retried dial-status is a duplicate and changes nothing.
  const auto again = apply(event(TwilioWebhook::dial_status, dial_form, {{"step", "1"}}, kNow + std::chrono::seconds(70)),
                           kNow + std::chrono::seconds(70));
  EXPECT_TRUE(again.duplicate);
  EXPECT_FALSE(again.call_id);
  EXPECT_EQ(call("CA1")->ended_at, kNow + std::chrono::seconds(55));
}

TEST_F(TwilioWebhookRecorderTest, AnOperatorOnALiveCallIsSkipped) {
  ASSERT_EQ(apply(voice("CA1", kPlanNumber), kNow).route, in_turn({1, 2, 3}));
  // op_1's leg answers: CA1 is answered and not ended.
  const auto leg = apply(event(TwilioWebhook::status,
                               {{"CallSid", "CAleg1"}, {"ParentCallSid", "CA1"}, {"CallStatus", "in-progress"}},
                               {{"operator", "op_1"}}, kNow + std::chrono::seconds(6)),
                         kNow + std::chrono::seconds(6));
  EXPECT_FALSE(leg.duplicate);
  auto live = call("CA1");
  ASSERT_TRUE(live);
  EXPECT_EQ(domain::to_string(live->status), "answered");
  EXPECT_EQ(live->operator_id, "op_1");
  EXPECT_FALSE(live->ended_at);

  const auto next = apply(voice("CA2", kPlanNumber, kNow + std::chrono::minutes(1)), kNow + std::chrono::minutes(1));
  EXPECT_EQ(next.route, in_turn({2, 3})) << "op_1 is busy on CA1";
}

TEST_F(TwilioWebhookRecorderTest, AWithheldCallerIsRoutedAndRecordedAsAnonymous) {
  const auto outcome = apply(voice("CA1", kPlanNumber, kNow, "+266696687"), kNow);
  EXPECT_FALSE(outcome.not_recorded);
  ASSERT_TRUE(outcome.call_id);
  EXPECT_EQ(outcome.route, in_turn({1, 2, 3}));
  const auto recorded = call("CA1");
  ASSERT_TRUE(recorded);
  EXPECT_EQ(recorded->caller, "anonymous");
  EXPECT_FALSE(recorded->flags.first_time || recorded->flags.unique || recorded->flags.repeat);
}

TEST_F(TwilioWebhookRecorderTest, ACallerThatIsNoNumberIsRoutedButNotRecorded) {
  const auto outcome = apply(voice("CA1", kPlanNumber, kNow, "sip:someone@example.com"), kNow);
  EXPECT_FALSE(outcome.duplicate);
  ASSERT_TRUE(outcome.not_recorded);
  EXPECT_FALSE(outcome.not_recorded->empty());
  EXPECT_FALSE(outcome.call_id);
  EXPECT_EQ(outcome.route, in_turn({1, 2, 3}));
  EXPECT_FALSE(call("CA1"));
  EXPECT_EQ(events("CA1").size(), 2u) << "its events are kept";
}

TEST_F(TwilioWebhookRecorderTest, ANumberWithoutAPlanForwards) {
  const auto outcome = apply(voice("CA1", kForwardNumber), kNow);
  CallRoute want;
  want.steps = {RouteStep{RouteStep::Kind::dial, {DialTarget{"", "+14155550999"}}, telephony::kFallbackRingSeconds}};
  EXPECT_EQ(outcome.route, want);
  EXPECT_EQ(decide(kForwardNumber), want);
  EXPECT_TRUE(decide(kBareNumber).steps.empty()) << "no plan and no forward_to";
  EXPECT_EQ(round_robin_next(), 0u);
}

TEST_F(TwilioWebhookRecorderTest, ANumberOfNoProjectOfOursHasNoSteps) {
  EXPECT_TRUE(decide(kUnknownNumber).steps.empty());
  EXPECT_TRUE(decide(kOtherProjectNumber).steps.empty()) << "prj_b's number, asked for prj_a";
  const auto outcome = apply(voice("CA1", kUnknownNumber), kNow);
  EXPECT_TRUE(outcome.route.steps.empty());
  EXPECT_FALSE(outcome.duplicate);
}

TEST_F(TwilioWebhookRecorderTest, APoolNumberFollowsItsPoolsPlan) {
  write_ok(*store_, [](domain::Repositories& repos) -> Result<void> {
    domain::Pool pool;
    pool.id = "pool_1";
    pool.project_id = "prj_a";
    pool.name = "Website";
    pool.routing_plan_id = "plan_rr";
    pool.created_at = at_ms(1'700'000'700'000);
    if (auto r = repos.pools().insert(pool); !r) return r;
    auto n = sample_number("prj_a", "pool", "+14155550133");
    n.kind = domain::NumberKind::pool;
    n.pool_id = "pool_1";
    n.forward_to = "+14155550997";  // the plan wins over forward_to
    return repos.numbers().insert(n);
  });
  EXPECT_EQ(decide("+14155550133"), in_turn({1, 2, 3}));
  EXPECT_EQ(round_robin_next(), 1u);
}

}  // namespace
}  // namespace callsign::storage::testing
