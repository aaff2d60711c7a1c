// Twilio webhooks as stored events, and the call a set of events adds up to. The call depends only on which
// events arrived, never on their order: every scenario below is also checked over every permutation.
#include <algorithm>
#include <chrono>
#include <map>
#include <numeric>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "telephony/twilio/call_events.hpp"

namespace callsign::telephony {
namespace {

using namespace std::chrono_literals;
using domain::DialTarget;
using domain::TelephonyEvent;
using Params = std::map<std::string, std::string>;

const Timestamp kT0 = from_unix_ms(1'700'000'000'000);
constexpr const char* kCaller = "+12125550101";
constexpr const char* kTracking = "+14155550100";
constexpr const char* kCallSid = "CA0001";
constexpr const char* kProject = "prj_1";

Timestamp at(std::chrono::milliseconds offset) { return kT0 + offset; }

// The event a webhook stores (through the real event_from_webhook, so kinds and fact keys are the real ones).
TelephonyEvent webhook(TwilioWebhook kind, Params form, Params query, std::chrono::milliseconds offset) {
  auto e = event_from_webhook(kind, form, query, kProject, at(offset));
  if (!e) {
    ADD_FAILURE() << "event_from_webhook: " << e.error().message;
    return {};
  }
  return *e;
}

Params caller_form(Params extra = {}) {
  Params form{{"CallSid", kCallSid}, {"From", kCaller}, {"To", kTracking}, {"AccountSid", "AC1"}};
  for (auto& [k, v] : extra) form[k] = v;
  return form;
}

TelephonyEvent voice(std::chrono::milliseconds offset = 0ms) {
  return webhook(TwilioWebhook::voice, caller_form({{"CallStatus", "ringing"}}), {}, offset);
}

TelephonyEvent dial_status(int step, const std::string& status, std::chrono::milliseconds offset,
                           std::optional<int> talk_seconds = std::nullopt, Params extra = {}) {
  Params form = caller_form({{"DialCallStatus", status}, {"CallStatus", "in-progress"}});
  if (talk_seconds) form["DialCallDuration"] = std::to_string(*talk_seconds);
  for (auto& [k, v] : extra) form[k] = v;
  return webhook(TwilioWebhook::dial_status, form, {{"project", kProject}, {"step", std::to_string(step)}}, offset);
}

TelephonyEvent final_status(const std::string& status, int call_seconds, std::chrono::milliseconds offset) {
  return webhook(TwilioWebhook::status,
                 caller_form({{"CallStatus", status}, {"CallDuration", std::to_string(call_seconds)}}), {}, offset);
}

TelephonyEvent leg(const std::string& leg_sid, const std::string& status, const std::string& op,
                   std::chrono::milliseconds offset) {
  Params form{{"CallSid", leg_sid}, {"ParentCallSid", kCallSid}, {"CallStatus", status}, {"From", kTracking},
              {"To", "+14155550199"}};
  Params query{{"project", kProject}};
  if (!op.empty()) query["operator"] = op;
  return webhook(TwilioWebhook::status, form, query, offset);
}

TelephonyEvent recording(const std::string& sid, const std::string& status, std::chrono::milliseconds offset,
                         std::optional<std::string> url = std::nullopt) {
  Params form{{"CallSid", kCallSid}, {"RecordingSid", sid}, {"RecordingStatus", status},
              {"RecordingUrl", url.value_or("https://api.twilio.com/rec/" + sid)}};
  return webhook(TwilioWebhook::recording, form, {{"project", kProject}}, offset);
}

TelephonyEvent route_event(const CallRoute& route, std::chrono::milliseconds offset = 0ms) {
  return TelephonyEvent{kProject, kCallSid, std::string(event_kind::route), "", encode_route(route), at(offset)};
}

RouteStep dial_step(std::vector<DialTarget> targets, int timeout) {
  return RouteStep{RouteStep::Kind::dial, std::move(targets), timeout};
}

const DialTarget kAnn{"op_ann", "+14155550101"};
const DialTarget kBob{"op_bob", "+14155550102"};

// Step 1 rings Ann alone, then voicemail.
CallRoute ann_then_voicemail() {
  CallRoute r;
  r.steps = {dial_step({kAnn}, 20), RouteStep{RouteStep::Kind::voicemail, {}, kVoicemailMaxSeconds}};
  return r;
}
// Step 1 rings Ann and Bob together.
CallRoute together() {
  CallRoute r;
  r.steps = {dial_step({kAnn, kBob}, 25)};
  return r;
}
// Ann, then Bob, 20 s each.
CallRoute in_turn() {
  CallRoute r;
  r.steps = {dial_step({kAnn}, 20), dial_step({kBob}, 20)};
  return r;
}
CallRoute ann_only() {
  CallRoute r;
  r.steps = {dial_step({kAnn}, 20)};
  return r;
}

DerivedCall derive(const std::vector<TelephonyEvent>& events, const CallRoute& route) {
  auto call = derive_call(events, route);
  if (!call) {
    ADD_FAILURE() << "derive_call gave nothing";
    return {};
  }
  return *call;
}

// The status by name, so failures read well (a PrintTo for CallStatus here would clash with other tests' printers).
std::string status_of(const DerivedCall& call) {
  return call.input.status ? std::string(domain::to_string(*call.input.status)) : "-";
}

std::string describe(const DerivedCall& c) {
  const auto t = [](const std::optional<Timestamp>& x) { return x ? std::to_string(to_unix_ms(*x)) : "-"; };
  const auto s = [](const std::optional<std::string>& x) { return x ? *x : "-"; };
  std::ostringstream out;
  out << "external_id=" << c.input.external_id << " tracking=" << c.input.tracking_number
      << " caller=" << c.input.caller << " started=" << to_unix_ms(c.input.started_at)
      << " answered=" << t(c.input.answered_at) << " ended=" << t(c.input.ended_at)
      << " status=" << (c.input.status ? std::string(domain::to_string(*c.input.status)) : "-")
      << " operator_name=" << s(c.input.operator_name) << " recording_url=" << s(c.input.recording_url)
      << " input.operator_id=" << s(c.input.operator_id) << " operator_id=" << s(c.operator_id);
  return out.str();
}

bool same(const DerivedCall& a, const DerivedCall& b) {
  return a.input.external_id == b.input.external_id && a.input.tracking_number == b.input.tracking_number &&
         a.input.caller == b.input.caller && a.input.started_at == b.input.started_at &&
         a.input.answered_at == b.input.answered_at && a.input.ended_at == b.input.ended_at &&
         a.input.status == b.input.status && a.input.operator_name == b.input.operator_name &&
         a.input.recording_url == b.input.recording_url && a.input.operator_id == b.input.operator_id &&
         a.operator_id == b.operator_id;
}

// ---- event_from_webhook ----

TEST(TwilioCallEvents, VoiceWebhookIsTheVoiceEvent) {
  const Params form = caller_form({{"CallStatus", "ringing"}});
  auto e = event_from_webhook(TwilioWebhook::voice, form, {}, kProject, at(5ms));
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_EQ(e->project_id, kProject);
  EXPECT_EQ(e->call_sid, kCallSid);
  EXPECT_EQ(e->kind, event_kind::voice);
  EXPECT_EQ(e->fact_key, "");
  EXPECT_EQ(e->params, form);
  EXPECT_EQ(e->received_at, at(5ms));
}

TEST(TwilioCallEvents, DialStatusIsKeyedByTheQueryStep) {
  const Params form = caller_form({{"DialCallStatus", "no-answer"}, {"step", "9"}});
  auto e = event_from_webhook(TwilioWebhook::dial_status, form, {{"project", kProject}, {"step", "2"}}, kProject,
                              kT0);
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_EQ(e->kind, event_kind::dial_status);
  EXPECT_EQ(e->call_sid, kCallSid);
  EXPECT_EQ(e->fact_key, "2");
  EXPECT_EQ(e->params.at("step"), "2") << "the step is ours (the query), not the form's";
  EXPECT_EQ(e->params.at("DialCallStatus"), "no-answer");
}

TEST(TwilioCallEvents, DialStatusWithoutAValidStepIsInvalid) {
  const Params form = caller_form({{"DialCallStatus", "completed"}});
  for (const Params& query : std::vector<Params>{{},
                                                 {{"step", ""}},
                                                 {{"step", "0"}},
                                                 {{"step", "-1"}},
                                                 {{"step", "one"}},
                                                 {{"step", "1x"}},
                                                 {{"step", " 1"}},
                                                 {{"step", "1.5"}}}) {
    const std::string shown = query.contains("step") ? "'" + query.at("step") + "'" : "<none>";
    auto e = event_from_webhook(TwilioWebhook::dial_status, form, query, kProject, kT0);
    ASSERT_FALSE(e) << shown;
    EXPECT_EQ(e.error().kind, ErrorKind::invalid) << shown;
    EXPECT_EQ(e.error().field, "step") << shown;
  }
}

TEST(TwilioCallEvents, StatusOfTheCallerIsKeyedByCallStatus) {
  auto e = event_from_webhook(TwilioWebhook::status, caller_form({{"CallStatus", "completed"}}), {}, kProject, kT0);
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_EQ(e->kind, event_kind::status);
  EXPECT_EQ(e->call_sid, kCallSid);
  EXPECT_EQ(e->fact_key, "completed");
  EXPECT_FALSE(e->params.contains("operator"));
}

TEST(TwilioCallEvents, StatusOfADialledLegBelongsToTheParentCall) {
  const Params form{{"CallSid", "CAleg1"}, {"ParentCallSid", kCallSid}, {"CallStatus", "in-progress"}};
  auto e = event_from_webhook(TwilioWebhook::status, form, {{"project", kProject}, {"operator", "op_ann"}}, kProject,
                              at(3s));
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_EQ(e->kind, event_kind::party_status);
  EXPECT_EQ(e->call_sid, kCallSid);
  EXPECT_EQ(e->fact_key, "CAleg1:in-progress");
  EXPECT_EQ(e->params.at("operator"), "op_ann");
  EXPECT_EQ(e->params.at("CallSid"), "CAleg1");
  EXPECT_EQ(e->received_at, at(3s));

  // Another status of the same leg, or the same status of another leg, is another fact.
  Params completed = form;
  completed["CallStatus"] = "completed";
  auto later = event_from_webhook(TwilioWebhook::status, completed, {{"operator", "op_ann"}}, kProject, at(9s));
  ASSERT_TRUE(later);
  EXPECT_EQ(later->fact_key, "CAleg1:completed");
  Params other = form;
  other["CallSid"] = "CAleg2";
  auto other_leg = event_from_webhook(TwilioWebhook::status, other, {}, kProject, at(9s));
  ASSERT_TRUE(other_leg);
  EXPECT_EQ(other_leg->fact_key, "CAleg2:in-progress");
  EXPECT_EQ(other_leg->params.at("operator"), "") << "no operator in the query";
}

TEST(TwilioCallEvents, RecordingIsKeyedBySidAndStatus) {
  const Params form{{"CallSid", kCallSid}, {"RecordingSid", "RE1"}, {"RecordingStatus", "completed"},
                    {"RecordingUrl", "https://api.twilio.com/rec/RE1"}};
  auto e = event_from_webhook(TwilioWebhook::recording, form, {{"project", kProject}}, kProject, kT0);
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_EQ(e->kind, event_kind::recording);
  EXPECT_EQ(e->call_sid, kCallSid);
  EXPECT_EQ(e->fact_key, "RE1:completed");
  EXPECT_EQ(e->params, form);
}

TEST(TwilioCallEvents, EveryWebhookNeedsACallSid) {
  for (auto kind : {TwilioWebhook::voice, TwilioWebhook::dial_status, TwilioWebhook::status, TwilioWebhook::recording}) {
    for (const Params& form : std::vector<Params>{{{"From", kCaller}, {"To", kTracking}, {"ParentCallSid", "CA9"}},
                                                  {{"CallSid", ""}, {"From", kCaller}}}) {
      auto e = event_from_webhook(kind, form, {{"step", "1"}}, kProject, kT0);
      ASSERT_FALSE(e) << static_cast<int>(kind);
      EXPECT_EQ(e.error().kind, ErrorKind::invalid);
      EXPECT_EQ(e.error().field, "CallSid");
    }
  }
}

// ---- derive_call ----

TEST(TwilioDeriveCall, AnsweredCallTakesTalkTimeFromTheDialAndTheEndFromTheFinalStatus) {
  const auto route = ann_then_voicemail();
  const auto call = derive({voice(), route_event(route), dial_status(1, "completed", 65s, 50), final_status("completed", 66, 66s)},
                           route);
  EXPECT_EQ(call.input.external_id, kCallSid);
  EXPECT_EQ(call.input.caller, kCaller);
  EXPECT_EQ(call.input.tracking_number, kTracking);
  EXPECT_EQ(call.input.started_at, kT0);
  EXPECT_EQ(call.input.ended_at, at(66s));
  EXPECT_EQ(call.input.answered_at, at(16s));
  EXPECT_EQ(status_of(call), "answered");
  EXPECT_EQ(call.operator_id, "op_ann") << "the answering step's only target";
  EXPECT_FALSE(call.input.recording_url);
}

TEST(TwilioDeriveCall, AnsweredDialBeforeTheFinalStatusEndsWhenTheDialStatusCame) {
  const auto route = ann_only();
  const auto call = derive({voice(), dial_status(1, "answered", 65s, 50)}, route);
  EXPECT_EQ(status_of(call), "answered");
  EXPECT_EQ(call.input.ended_at, at(65s));
  EXPECT_EQ(call.input.answered_at, at(15s));
  EXPECT_EQ(call.operator_id, "op_ann");
}

TEST(TwilioDeriveCall, RingingTogetherTheOperatorIsTheLegThatAnswered) {
  const auto route = together();
  const auto call = derive({voice(), leg("CAleg_bob", "in-progress", "op_bob", 10s),
                            leg("CAleg_bob", "completed", "op_bob", 60s), dial_status(1, "completed", 60s, 50),
                            final_status("completed", 61, 61s)},
                           route);
  EXPECT_EQ(status_of(call), "answered");
  EXPECT_EQ(call.operator_id, "op_bob");
  EXPECT_EQ(call.input.answered_at, at(11s));
  EXPECT_EQ(call.input.ended_at, at(61s));
}

TEST(TwilioDeriveCall, RingingTogetherWithoutALegTheOperatorIsUnknown) {
  const auto call = derive({voice(), dial_status(1, "completed", 60s, 50), final_status("completed", 61, 61s)},
                           together());
  EXPECT_EQ(status_of(call), "answered");
  EXPECT_FALSE(call.operator_id) << "two targets rang: the dial status alone does not say who answered";
}

TEST(TwilioDeriveCall, AnsweredLegAloneIsALiveCall) {
  const auto call = derive({voice(), route_event(together()), leg("CAleg_ann", "in-progress", "op_ann", 8s)},
                           together());
  EXPECT_EQ(status_of(call), "answered");
  EXPECT_EQ(call.operator_id, "op_ann");
  EXPECT_EQ(call.input.started_at, kT0);
  EXPECT_EQ(call.input.answered_at, at(8s));
  EXPECT_FALSE(call.input.ended_at) << "still talking";
}

TEST(TwilioDeriveCall, ALegWithoutOperatorDoesNotAnswerTheCall) {
  const auto call = derive({voice(), leg("CAleg_x", "in-progress", "", 8s)}, together());
  EXPECT_NE(status_of(call), "answered");
  EXPECT_FALSE(call.operator_id);
  EXPECT_FALSE(call.input.answered_at);
}

TEST(TwilioDeriveCall, NoAnswer) {
  const auto route = ann_only();
  const auto call = derive({voice(), dial_status(1, "no-answer", 20s), final_status("completed", 21, 21s)}, route);
  EXPECT_EQ(status_of(call), "no_answer");
  EXPECT_FALSE(call.input.answered_at);
  EXPECT_EQ(call.input.ended_at, at(21s));
  EXPECT_FALSE(call.operator_id);

  // Past the last step the call is over even before its final status.
  const auto early = derive({voice(), dial_status(1, "no-answer", 20s)}, route);
  EXPECT_EQ(status_of(early), "no_answer");
  EXPECT_EQ(early.input.ended_at, at(20s));
}

TEST(TwilioDeriveCall, BusyAndFailedComeFromTheLastDialStatus) {
  const auto route = ann_only();
  const auto busy = derive({voice(), dial_status(1, "busy", 2s), final_status("completed", 3, 3s)}, route);
  EXPECT_EQ(status_of(busy), "busy");
  EXPECT_EQ(busy.input.ended_at, at(3s));
  const auto failed = derive({voice(), dial_status(1, "failed", 1s), final_status("completed", 1, 2s)}, route);
  EXPECT_EQ(status_of(failed), "failed");
  EXPECT_FALSE(failed.input.answered_at);
}

TEST(TwilioDeriveCall, CanceledDialIsAbandoned) {
  const auto call =
      derive({voice(), dial_status(1, "canceled", 7s), final_status("completed", 7, 7s)}, ann_then_voicemail());
  EXPECT_EQ(status_of(call), "abandoned");
  EXPECT_EQ(call.input.ended_at, at(7s));
}

TEST(TwilioDeriveCall, CallerHangingUpBeforeTheRingingRanOutIsAbandoned) {
  const auto early = derive({voice(), final_status("completed", 5, 5s)}, ann_only());
  EXPECT_EQ(status_of(early), "abandoned");
  EXPECT_EQ(early.input.ended_at, at(5s));

  // In turn: step 1 rang out (20 s), the caller left 5 s into step 2 (of 20 s).
  const auto second = derive({voice(), dial_status(1, "no-answer", 20s), final_status("completed", 25, 25s)}, in_turn());
  EXPECT_EQ(status_of(second), "abandoned");

  // Both steps rang out: nobody answered.
  const auto rang_out = derive({voice(), dial_status(1, "no-answer", 20s), dial_status(2, "no-answer", 40s),
                                final_status("completed", 41, 41s)},
                               in_turn());
  EXPECT_EQ(status_of(rang_out), "no_answer");
}

TEST(TwilioDeriveCall, VoicemailStepWithARecordingIsVoicemail) {
  const auto route = ann_then_voicemail();
  const auto call = derive({voice(), route_event(route), dial_status(1, "no-answer", 20s),
                            final_status("completed", 45, 46s), recording("RE1", "completed", 50s)},
                           route);
  EXPECT_EQ(status_of(call), "voicemail");
  EXPECT_EQ(call.input.recording_url, "https://api.twilio.com/rec/RE1");
  EXPECT_EQ(call.input.ended_at, at(45s));
  EXPECT_FALSE(call.input.answered_at);
  EXPECT_FALSE(call.operator_id);
}

TEST(TwilioDeriveCall, VoicemailStepLeftWithoutAMessageIsAbandoned) {
  const auto route = ann_then_voicemail();
  const auto ended = derive({voice(), dial_status(1, "no-answer", 20s), final_status("completed", 24, 24s)}, route);
  EXPECT_EQ(status_of(ended), "abandoned");
  EXPECT_FALSE(ended.input.recording_url);

  // Still in the voicemail step (no final status yet): not abandoned yet.
  const auto live = derive({voice(), dial_status(1, "no-answer", 20s)}, route);
  EXPECT_EQ(status_of(live), "no_answer");
  EXPECT_FALSE(live.input.ended_at);
}

TEST(TwilioDeriveCall, VoicemailStepWithAnAbsentOrFailedRecordingIsNoMessage) {
  // Twilio reports RecordingStatus=absent when the caller hung up at the tone without speaking: no message.
  const auto route = ann_then_voicemail();
  for (const std::string status : {"absent", "failed"}) {
    const auto ended = derive({voice(), dial_status(1, "no-answer", 20s), final_status("completed", 23, 23s),
                               recording("RE1", status, 24s, "")},
                              route);
    EXPECT_EQ(status_of(ended), "abandoned") << status;
    EXPECT_FALSE(ended.input.recording_url) << status;
    const auto live = derive({voice(), dial_status(1, "no-answer", 20s), recording("RE1", status, 24s, "")}, route);
    EXPECT_EQ(status_of(live), "no_answer") << status;
  }
  // A later completed recording of the same call still makes it a voicemail.
  const auto both = derive({voice(), dial_status(1, "no-answer", 20s), final_status("completed", 40, 40s),
                            recording("RE1", "absent", 24s, ""), recording("RE2", "completed", 41s)},
                           route);
  EXPECT_EQ(status_of(both), "voicemail");
  EXPECT_EQ(both.input.recording_url, "https://api.twilio.com/rec/RE2");
}

TEST(TwilioDeriveCall, InTurnTheOperatorIsTheAnsweringStepsTarget) {
  const auto call = derive({voice(), dial_status(1, "no-answer", 20s), dial_status(2, "completed", 55s, 30),
                            final_status("completed", 56, 56s)},
                           in_turn());
  EXPECT_EQ(status_of(call), "answered");
  EXPECT_EQ(call.operator_id, "op_bob");
  EXPECT_EQ(call.input.answered_at, at(26s));
  EXPECT_EQ(call.input.ended_at, at(56s));
}

TEST(TwilioDeriveCall, FallbackNumberAnsweringHasNoOperator) {
  CallRoute route = ann_only();
  route.steps.push_back(dial_step({{"", "+14155550999"}}, kFallbackRingSeconds));
  const auto call = derive({voice(), dial_status(1, "no-answer", 20s), dial_status(2, "completed", 40s, 15),
                            final_status("completed", 41, 41s)},
                           route);
  EXPECT_EQ(status_of(call), "answered");
  EXPECT_FALSE(call.operator_id);
}

TEST(TwilioDeriveCall, NothingWhileNoEventNamesCallerAndNumber) {
  EXPECT_FALSE(derive_call({}, ann_only()));
  EXPECT_FALSE(derive_call({route_event(ann_only()), leg("CAleg", "in-progress", "op_ann", 3s),
                            recording("RE1", "completed", 9s)},
                           ann_only()));
  // A voice webhook with a From but no To does not name the number.
  auto no_to = voice();
  no_to.params.erase("To");
  EXPECT_FALSE(derive_call({no_to}, ann_only()));
}

TEST(TwilioDeriveCall, WithoutVoiceTheStartIsEstimatedFromTheEvents) {
  // The final status says the call lasted 41 s: it started 41 s before it arrived, earlier than the dial status.
  const auto call = derive({route_event(ann_only(), -10s), dial_status(1, "no-answer", 30s),
                            final_status("completed", 41, 42s)},
                           ann_only());
  EXPECT_EQ(call.input.started_at, at(1s)) << "the route event is not a callback and does not count";
  EXPECT_EQ(call.input.external_id, kCallSid);
}

TEST(TwilioDeriveCall, RecordingUrlPrefersACompletedRecordingWithTheSmallestSid) {
  const auto route = ann_only();
  const std::vector<TelephonyEvent> base{voice(), dial_status(1, "completed", 40s, 30,
                                                              {{"RecordingUrl", "https://api.twilio.com/rec/dial"}}),
                                         final_status("completed", 41, 41s)};
  EXPECT_EQ(derive(base, route).input.recording_url, "https://api.twilio.com/rec/dial")
      << "without recording callbacks: the dial's RecordingUrl";

  auto events = base;
  events.push_back(recording("RE9", "completed", 45s));
  events.push_back(recording("RE5", "completed", 50s));
  events.push_back(recording("RE1", "in-progress", 42s));
  events.push_back(recording("RE0", "absent", 43s, ""));
  EXPECT_EQ(derive(events, route).input.recording_url, "https://api.twilio.com/rec/RE5");

  auto only_unfinished = base;
  only_unfinished.push_back(recording("RE1", "in-progress", 42s));
  EXPECT_EQ(derive(only_unfinished, route).input.recording_url, "https://api.twilio.com/rec/dial");
}

// ---- order independence ----

void expect_order_independent(const std::vector<TelephonyEvent>& events, const CallRoute& route,
                              const std::string& name) {
  const auto reference = derive_call(events, route);
  ASSERT_TRUE(reference) << name;
  std::vector<std::size_t> order(events.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::size_t permutations = 0;
  do {
    std::vector<TelephonyEvent> shuffled;
    for (const auto i : order) shuffled.push_back(events[i]);
    const auto got = derive_call(shuffled, route);
    ++permutations;
    ASSERT_TRUE(got) << name << " permutation " << permutations;
    ASSERT_TRUE(same(*got, *reference)) << name << " permutation " << permutations << "\n got: " << describe(*got)
                                        << "\nwant: " << describe(*reference);
  } while (std::next_permutation(order.begin(), order.end()));
  std::size_t factorial = 1;
  for (std::size_t i = 2; i <= events.size(); ++i) factorial *= i;
  EXPECT_EQ(permutations, factorial) << name;
}

TEST(TwilioDeriveCall, EveryOrderOfTheEventsGivesTheSameCall) {
  {
    const auto route = together();
    expect_order_independent({voice(), route_event(route), leg("CAleg_ann", "canceled", "op_ann", 11s),
                              leg("CAleg_bob", "in-progress", "op_bob", 10s),
                              leg("CAleg_bob", "completed", "op_bob", 60s), dial_status(1, "completed", 60s, 50),
                              final_status("completed", 61, 61s), recording("RE2", "completed", 62s)},
                             route, "answered together");
  }
  {
    const auto route = in_turn();
    expect_order_independent({voice(), route_event(route), leg("CAleg_ann", "no-answer", "op_ann", 20s),
                              dial_status(1, "no-answer", 20s), leg("CAleg_bob", "in-progress", "op_bob", 24s), dial_status(2, "completed", 55s, 30),
                              final_status("completed", 56, 56s), recording("RE7", "completed", 57s)},
                             route, "answered in turn");
  }
  {
    const auto route = ann_then_voicemail();
    expect_order_independent({voice(), route_event(route), dial_status(1, "no-answer", 20s),
                              final_status("completed", 45, 46s), recording("RE3", "completed", 50s),
                              recording("RE1", "completed", 51s)},
                             route, "voicemail");
  }
  {
    const auto route = ann_then_voicemail();
    expect_order_independent({voice(), route_event(route), dial_status(1, "no-answer", 20s),
                              final_status("completed", 24, 24s)},
                             route, "abandoned in voicemail");
  }
  {
    const auto route = in_turn();
    expect_order_independent({route_event(route), dial_status(1, "busy", 2s), dial_status(2, "no-answer", 23s),
                              final_status("completed", 24, 25s)},
                             route, "no voice webhook");
  }
  {
    const auto route = ann_only();
    expect_order_independent({voice(), route_event(route), dial_status(1, "canceled", 7s),
                              final_status("completed", 7, 7s)},
                             route, "canceled");
  }
}

// ---- next_step ----

TEST(TwilioCallEvents, NextStepIsZeroOnceAnsweredElseTheFollowingStep) {
  EXPECT_EQ(next_step(dial_status(1, "completed", 1s, 10), 1), 0u);
  EXPECT_EQ(next_step(dial_status(3, "answered", 1s, 10), 3), 0u);
  EXPECT_EQ(next_step(dial_status(1, "no-answer", 1s), 1), 2u);
  EXPECT_EQ(next_step(dial_status(2, "busy", 1s), 2), 3u);
  EXPECT_EQ(next_step(dial_status(2, "failed", 1s), 2), 3u);
  EXPECT_EQ(next_step(dial_status(4, "canceled", 1s), 4), 5u);
}

}  // namespace
}  // namespace callsign::telephony
