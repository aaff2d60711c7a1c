// Call routes: the steps a routing decision turns into, their round trip through stored event parameters, and
// the TwiML each step plays (checked on the Response data, then rendered to be sure Twilio would take it).
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <gtest/gtest.h>

#include "telephony/twilio/call_route.hpp"

namespace callsign::telephony {
namespace {

using domain::DialTarget;
using domain::Fallback;
using domain::RoutingDecision;

const DialTarget kAnn{"op_ann", "+14155550101"};
const DialTarget kBob{"op_bob", "+14155550102"};
const DialTarget kDesk{"op_desk", "sip:desk@pbx.example.com"};

CallbackUrls urls() { return CallbackUrls{"https://calls.example.com", "prj_1"}; }

RoutingDecision ring(RoutingDecision::Kind kind, std::vector<DialTarget> targets, int timeout,
                     std::optional<Fallback> fallback = std::nullopt) {
  RoutingDecision d;
  d.kind = kind;
  d.targets = std::move(targets);
  d.timeout_seconds = timeout;
  d.fallback = std::move(fallback);
  return d;
}

RouteStep dial_step(std::vector<DialTarget> targets, int timeout) {
  return RouteStep{RouteStep::Kind::dial, std::move(targets), timeout};
}

RouteStep voicemail_step() { return RouteStep{RouteStep::Kind::voicemail, {}, kVoicemailMaxSeconds}; }

void expect_renders(const twiml::Response& response) {
  auto xml = twiml::render(response);
  ASSERT_TRUE(xml) << xml.error().field << ": " << xml.error().message;
  EXPECT_NE(xml->find("<Response"), std::string::npos);
}

// ---- route_from_decision ----

TEST(TwilioCallRoute, RingTogetherWithoutFallbackIsOneDialStep) {
  const auto route = route_from_decision(ring(RoutingDecision::Kind::ring_together, {kAnn, kBob}, 25));
  ASSERT_EQ(route.steps.size(), 1u);
  EXPECT_EQ(route.steps[0], dial_step({kAnn, kBob}, 25));
  EXPECT_FALSE(route.off_hours);
}

TEST(TwilioCallRoute, RingTogetherWithNoAnswerFallbackAddsTheFallbackStep) {
  const auto to_voicemail = route_from_decision(
      ring(RoutingDecision::Kind::ring_together, {kAnn, kBob}, 25, Fallback{Fallback::Kind::voicemail, ""}));
  EXPECT_EQ(to_voicemail.steps, (std::vector<RouteStep>{dial_step({kAnn, kBob}, 25), voicemail_step()}));

  const auto to_number = route_from_decision(ring(RoutingDecision::Kind::ring_together, {kAnn}, 15,
                                                  Fallback{Fallback::Kind::forward, "+14155550999"}));
  EXPECT_EQ(to_number.steps, (std::vector<RouteStep>{dial_step({kAnn}, 15),
                                                     dial_step({{"", "+14155550999"}}, kFallbackRingSeconds)}));
}

TEST(TwilioCallRoute, RingInTurnIsOneStepPerTargetInOrder) {
  const auto route = route_from_decision(ring(RoutingDecision::Kind::ring_in_turn, {kBob, kDesk, kAnn}, 12));
  EXPECT_EQ(route.steps,
            (std::vector<RouteStep>{dial_step({kBob}, 12), dial_step({kDesk}, 12), dial_step({kAnn}, 12)}));

  const auto with_fallback = route_from_decision(
      ring(RoutingDecision::Kind::ring_in_turn, {kBob, kAnn}, 12, Fallback{Fallback::Kind::voicemail, ""}));
  EXPECT_EQ(with_fallback.steps,
            (std::vector<RouteStep>{dial_step({kBob}, 12), dial_step({kAnn}, 12), voicemail_step()}));
}

TEST(TwilioCallRoute, FallbackForwardIsADialToTheDestinationWithoutOperator) {
  RoutingDecision d;
  d.kind = RoutingDecision::Kind::fallback;
  d.fallback = Fallback{Fallback::Kind::forward, "sip:night@pbx.example.com"};
  d.off_hours = true;
  const auto route = route_from_decision(d);
  ASSERT_EQ(route.steps.size(), 1u);
  EXPECT_EQ(route.steps[0].kind, RouteStep::Kind::dial);
  ASSERT_EQ(route.steps[0].targets.size(), 1u);
  EXPECT_EQ(route.steps[0].targets[0].operator_id, "");
  EXPECT_EQ(route.steps[0].targets[0].destination, "sip:night@pbx.example.com");
  EXPECT_EQ(route.steps[0].timeout_seconds, kFallbackRingSeconds);
  EXPECT_TRUE(route.off_hours);
}

TEST(TwilioCallRoute, FallbackVoicemailIsAVoicemailStep) {
  RoutingDecision d;
  d.kind = RoutingDecision::Kind::fallback;
  d.fallback = Fallback{Fallback::Kind::voicemail, ""};
  const auto route = route_from_decision(d);
  EXPECT_EQ(route.steps, std::vector<RouteStep>{voicemail_step()});
  EXPECT_EQ(route.steps[0].timeout_seconds, kVoicemailMaxSeconds);
  EXPECT_TRUE(route.steps[0].targets.empty());
  EXPECT_FALSE(route.off_hours);
}

TEST(TwilioCallRoute, HangUpHasNoStepsEvenWithAFallbackSet) {
  RoutingDecision d;
  d.kind = RoutingDecision::Kind::hang_up;
  EXPECT_TRUE(route_from_decision(d).steps.empty());
  d.fallback = Fallback{Fallback::Kind::voicemail, ""};
  d.off_hours = true;
  const auto route = route_from_decision(d);
  EXPECT_TRUE(route.steps.empty());
  EXPECT_TRUE(route.off_hours);
}

TEST(TwilioCallRoute, OffHoursFlagIsCarried) {
  auto d = ring(RoutingDecision::Kind::ring_together, {kAnn}, 20);
  d.off_hours = true;
  EXPECT_TRUE(route_from_decision(d).off_hours);
  d.off_hours = false;
  EXPECT_FALSE(route_from_decision(d).off_hours);
}

TEST(TwilioCallRoute, ForwardNumberIsOneDialStepOrNone) {
  const auto route = route_to_forward_number(std::string("+14155550777"));
  EXPECT_EQ(route.steps, std::vector<RouteStep>{dial_step({{"", "+14155550777"}}, kFallbackRingSeconds)});
  EXPECT_FALSE(route.off_hours);
  EXPECT_TRUE(route_to_forward_number(std::nullopt).steps.empty());
  EXPECT_TRUE(route_to_forward_number(std::string()).steps.empty());
}

// ---- encode_route / decode_route ----

TEST(TwilioCallRoute, EncodeDecodeRoundTrips) {
  CallRoute route;
  route.steps = {dial_step({kAnn, kDesk}, 17), dial_step({{"", "sip:night@pbx.example.com"}}, 30),
                 dial_step({{"op_ünï \"q\"", "+14155550103"}}, 5), voicemail_step()};
  route.off_hours = true;
  const auto params = encode_route(route);
  EXPECT_TRUE(params.contains("steps"));
  EXPECT_EQ(params.at("off_hours"), "true");
  auto decoded = decode_route(params);
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(*decoded, route);

  route.off_hours = false;
  decoded = decode_route(encode_route(route));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, route);
}

TEST(TwilioCallRoute, EmptyRouteRoundTrips) {
  const CallRoute empty;
  auto decoded = decode_route(encode_route(empty));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_TRUE(decoded->steps.empty());
  EXPECT_FALSE(decoded->off_hours);
  EXPECT_EQ(*decoded, empty);
}

TEST(TwilioCallRoute, DecodeRefusesJunkWithAnInternalError) {
  const std::vector<std::map<std::string, std::string>> junk = {
      {},
      {{"off_hours", "true"}},
      {{"steps", "not json"}},
      {{"steps", "{}"}},
      {{"steps", "\"dial\""}},
      {{"steps", R"([{"kind":"ring","targets":[],"timeout":20}])"}},
      {{"steps", R"([{"kind":7,"targets":[],"timeout":20}])"}},
      {{"steps", R"([{"targets":[],"timeout":20}])"}},
      {{"steps", R"([{"kind":"dial","targets":[],"timeout":"20"}])"}},
      {{"steps", R"([{"kind":"dial","targets":{},"timeout":20}])"}},
      {{"steps", R"([{"kind":"dial","targets":[{"destination":"+14155550101"}],"timeout":20}])"}},
      {{"steps", R"([{"kind":"dial","targets":[{"operator_id":"op_a","destination":5}],"timeout":20}])"}},
      {{"steps", R"([{"kind":"dial","targets":["+14155550101"],"timeout":20}])"}},
      {{"steps", R"([[]])"}},
  };
  for (const auto& params : junk) {
    const std::string shown = params.contains("steps") ? params.at("steps") : "<no steps>";
    auto decoded = decode_route(params);
    ASSERT_FALSE(decoded) << shown;
    EXPECT_EQ(decoded.error().kind, ErrorKind::internal) << shown;
  }
}

TEST(TwilioCallRoute, DecodeReadsOffHoursOnlyFromExactTrue) {
  auto params = encode_route(CallRoute{});
  params["off_hours"] = "yes";
  auto decoded = decode_route(params);
  ASSERT_TRUE(decoded);
  EXPECT_FALSE(decoded->off_hours);
  params.erase("off_hours");
  decoded = decode_route(params);
  ASSERT_TRUE(decoded);
  EXPECT_FALSE(decoded->off_hours);
}

// ---- CallbackUrls ----

TEST(TwilioCallRoute, CallbackUrlsAreExact) {
  const auto u = urls();
  EXPECT_EQ(u.dial_status(1), "https://calls.example.com/telephony/twilio/dial-status?project=prj_1&step=1");
  EXPECT_EQ(u.dial_status(12), "https://calls.example.com/telephony/twilio/dial-status?project=prj_1&step=12");
  EXPECT_EQ(u.party_status("op_ann"), "https://calls.example.com/telephony/twilio/status?project=prj_1&operator=op_ann");
  EXPECT_EQ(u.recording(), "https://calls.example.com/telephony/twilio/recording?project=prj_1");
}

// ---- twiml_for_step ----

template <class T>
const T& verb_at(const twiml::Response& response, std::size_t i) {
  static const T kNone{};
  if (i >= response.verbs.size()) {
    ADD_FAILURE() << "no verb " << i;
    return kNone;
  }
  const T* v = std::get_if<T>(&response.verbs[i]);
  if (!v) {
    ADD_FAILURE() << "verb " << i << " is of another type (index " << response.verbs[i].index() << ")";
    return kNone;
  }
  return *v;
}

void expect_party_callbacks(const twiml::PartyCallbacks& callbacks, const std::string& operator_id) {
  EXPECT_EQ(callbacks.status_callback, urls().party_status(operator_id));
  EXPECT_EQ(callbacks.status_callback_events,
            (std::vector<twiml::CallEvent>{twiml::CallEvent::answered, twiml::CallEvent::completed}));
  EXPECT_FALSE(callbacks.url);
}

CallRoute two_step_route() {
  CallRoute route;
  route.steps = {dial_step({kAnn, kDesk}, 25), dial_step({{"", "+14155550999"}}, kFallbackRingSeconds),
                 voicemail_step()};
  return route;
}

TEST(TwilioCallRoute, FirstDialStepRingsEveryTargetWithCallbacks) {
  const auto response = twiml_for_step(two_step_route(), 1, urls(), /*record=*/false);
  ASSERT_EQ(response.verbs.size(), 1u);
  const auto& dial = verb_at<twiml::Dial>(response, 0);
  EXPECT_EQ(dial.action, urls().dial_status(1));
  EXPECT_EQ(dial.method, "POST");
  EXPECT_EQ(dial.timeout_seconds, 25);
  EXPECT_EQ(dial.answer_on_bridge, true);
  EXPECT_TRUE(!dial.record || *dial.record == twiml::DialRecord::do_not_record);
  EXPECT_FALSE(dial.recording_status_callback);
  ASSERT_EQ(dial.targets.size(), 2u);

  const auto* ann = std::get_if<twiml::Number>(&dial.targets[0]);
  ASSERT_TRUE(ann) << "a phone number is a <Number>";
  EXPECT_EQ(ann->e164, "+14155550101");
  expect_party_callbacks(ann->callbacks, "op_ann");

  const auto* desk = std::get_if<twiml::Sip>(&dial.targets[1]);
  ASSERT_TRUE(desk) << "a sip: destination is a <Sip>";
  EXPECT_EQ(desk->uri, "sip:desk@pbx.example.com");
  expect_party_callbacks(desk->callbacks, "op_desk");

  expect_renders(response);
}

TEST(TwilioCallRoute, LaterDialStepReportsItsOwnStepAndAFallbackNumberHasNoCallbacks) {
  const auto response = twiml_for_step(two_step_route(), 2, urls(), /*record=*/false);
  ASSERT_EQ(response.verbs.size(), 1u);
  const auto& dial = verb_at<twiml::Dial>(response, 0);
  EXPECT_EQ(dial.action, urls().dial_status(2));
  EXPECT_EQ(dial.timeout_seconds, kFallbackRingSeconds);
  ASSERT_EQ(dial.targets.size(), 1u);
  const auto* number = std::get_if<twiml::Number>(&dial.targets[0]);
  ASSERT_TRUE(number);
  EXPECT_EQ(number->e164, "+14155550999");
  EXPECT_FALSE(number->callbacks.status_callback);
  EXPECT_TRUE(number->callbacks.status_callback_events.empty());
  expect_renders(response);
}

TEST(TwilioCallRoute, FallbackSipWithoutOperatorHasNoCallbacks) {
  CallRoute route;
  route.steps = {dial_step({{"", "sip:night@pbx.example.com"}}, kFallbackRingSeconds)};
  const auto response = twiml_for_step(route, 1, urls(), false);
  const auto& dial = verb_at<twiml::Dial>(response, 0);
  ASSERT_EQ(dial.targets.size(), 1u);
  const auto* sip = std::get_if<twiml::Sip>(&dial.targets[0]);
  ASSERT_TRUE(sip);
  EXPECT_EQ(sip->uri, "sip:night@pbx.example.com");
  EXPECT_FALSE(sip->callbacks.status_callback);
  EXPECT_TRUE(sip->callbacks.status_callback_events.empty());
  expect_renders(response);
}

TEST(TwilioCallRoute, RecordingADialRecordsBothSidesFromAnswer) {
  const auto response = twiml_for_step(two_step_route(), 1, urls(), /*record=*/true);
  const auto& dial = verb_at<twiml::Dial>(response, 0);
  EXPECT_EQ(dial.record, twiml::DialRecord::record_from_answer_dual);
  EXPECT_EQ(dial.recording_status_callback, urls().recording());
  expect_renders(response);
}

TEST(TwilioCallRoute, VoicemailStepSaysRecordsAndHangsUp) {
  for (const bool record : {false, true}) {
    const auto response = twiml_for_step(two_step_route(), 3, urls(), record);
    ASSERT_EQ(response.verbs.size(), 3u);
    EXPECT_FALSE(verb_at<twiml::Say>(response, 0).text.empty());
    const auto& rec = verb_at<twiml::Record>(response, 1);
    EXPECT_EQ(rec.max_length_seconds, kVoicemailMaxSeconds);
    EXPECT_EQ(rec.recording_status_callback, urls().recording());
    EXPECT_FALSE(rec.action) << "without action the call goes on to <Hangup/>";
    EXPECT_TRUE(std::holds_alternative<twiml::Hangup>(response.verbs[2]));
    expect_renders(response);
  }
}

TEST(TwilioCallRoute, VoicemailMaxLengthFollowsTheStep) {
  CallRoute route;
  route.steps = {RouteStep{RouteStep::Kind::voicemail, {}, 45}};
  const auto response = twiml_for_step(route, 1, urls(), false);
  EXPECT_EQ(verb_at<twiml::Record>(response, 1).max_length_seconds, 45);
}

TEST(TwilioCallRoute, PastTheLastStepIsTheEmptyResponse) {
  const auto route = two_step_route();
  for (std::size_t step : {std::size_t{4}, std::size_t{5}, std::size_t{100}}) {
    const auto response = twiml_for_step(route, step, urls(), false);
    EXPECT_TRUE(response.verbs.empty()) << step;
    auto xml = twiml::render(response);
    ASSERT_TRUE(xml);
    EXPECT_EQ(*xml, twiml::empty_response());
  }
  EXPECT_TRUE(twiml_for_step(route, 0, urls(), false).verbs.empty());
}

TEST(TwilioCallRoute, EmptyRouteApologisesAndHangsUpAtStepOne) {
  const CallRoute empty;
  const auto response = twiml_for_step(empty, 1, urls(), true);
  ASSERT_EQ(response.verbs.size(), 2u);
  EXPECT_FALSE(verb_at<twiml::Say>(response, 0).text.empty());
  EXPECT_TRUE(std::holds_alternative<twiml::Hangup>(response.verbs[1]));
  expect_renders(response);
  EXPECT_TRUE(twiml_for_step(empty, 2, urls(), true).verbs.empty());
}

TEST(TwilioCallRoute, EveryStepOfADecidedRouteRenders) {
  const auto route = route_from_decision(ring(RoutingDecision::Kind::ring_in_turn, {kAnn, kDesk, kBob}, 20,
                                              Fallback{Fallback::Kind::forward, "+14155550999"}));
  ASSERT_EQ(route.steps.size(), 4u);
  for (std::size_t step = 1; step <= route.steps.size() + 1; ++step)
    for (const bool record : {false, true}) expect_renders(twiml_for_step(route, step, urls(), record));
}

}  // namespace
}  // namespace callsign::telephony
