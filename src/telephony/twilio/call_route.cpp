#include "telephony/twilio/call_route.hpp"

#include <nlohmann/json.hpp>

namespace callsign::telephony {
namespace {

using nlohmann::json;

RouteStep fallback_step(const domain::Fallback& fallback) {
  if (fallback.kind == domain::Fallback::Kind::voicemail)
    return RouteStep{RouteStep::Kind::voicemail, {}, kVoicemailMaxSeconds};
  return RouteStep{RouteStep::Kind::dial, {domain::DialTarget{"", fallback.destination}}, kFallbackRingSeconds};
}

twiml::DialTarget dial_target(const domain::DialTarget& target, const CallbackUrls& urls) {
  twiml::PartyCallbacks callbacks;
  if (!target.operator_id.empty()) {
    callbacks.status_callback = urls.party_status(target.operator_id);
    callbacks.status_callback_events = {twiml::CallEvent::answered, twiml::CallEvent::completed};
  }
  if (target.destination.starts_with("sip:")) return twiml::Sip{target.destination, std::move(callbacks)};
  return twiml::Number{target.destination, std::move(callbacks)};
}

twiml::Response dial(const RouteStep& step, std::size_t index, const CallbackUrls& urls, bool record) {
  twiml::Dial d;
  for (const auto& target : step.targets) d.targets.push_back(dial_target(target, urls));
  d.action = urls.dial_status(index);
  d.method = "POST";
  d.timeout_seconds = step.timeout_seconds;
  d.answer_on_bridge = true;  // the caller hears ringing, not silence, and the call is answered only when bridged
  if (record) {
    d.record = twiml::DialRecord::record_from_answer_dual;
    d.recording_status_callback = urls.recording();
  }
  return twiml::Response{{std::move(d)}};
}

twiml::Response voicemail(const RouteStep& step, const CallbackUrls& urls) {
  twiml::Record r;
  r.max_length_seconds = step.timeout_seconds;
  r.play_beep = true;
  r.recording_status_callback = urls.recording();
  return twiml::Response{
      {twiml::Say{"Sorry, nobody can take your call right now. Please leave a message after the tone.", std::nullopt,
                  std::nullopt},
       std::move(r), twiml::Hangup{}}};
}

std::string_view kind_name(RouteStep::Kind kind) { return kind == RouteStep::Kind::dial ? "dial" : "voicemail"; }

}  // namespace

CallRoute route_from_decision(const domain::RoutingDecision& decision) {
  using Kind = domain::RoutingDecision::Kind;
  CallRoute route;
  route.off_hours = decision.off_hours;
  switch (decision.kind) {
    case Kind::ring_together:
      route.steps.push_back(RouteStep{RouteStep::Kind::dial, decision.targets, decision.timeout_seconds});
      break;
    case Kind::ring_in_turn:
      for (const auto& target : decision.targets)
        route.steps.push_back(RouteStep{RouteStep::Kind::dial, {target}, decision.timeout_seconds});
      break;
    case Kind::fallback:
    case Kind::hang_up:
      break;
  }
  if (decision.kind != Kind::hang_up && decision.fallback) route.steps.push_back(fallback_step(*decision.fallback));
  return route;
}

CallRoute route_to_forward_number(const std::optional<std::string>& forward_to) {
  CallRoute route;
  if (forward_to && !forward_to->empty())
    route.steps.push_back(RouteStep{RouteStep::Kind::dial, {domain::DialTarget{"", *forward_to}}, kFallbackRingSeconds});
  return route;
}

std::map<std::string, std::string> encode_route(const CallRoute& route) {
  json steps = json::array();
  for (const auto& step : route.steps) {
    json targets = json::array();
    for (const auto& t : step.targets) targets.push_back({{"operator_id", t.operator_id}, {"destination", t.destination}});
    steps.push_back({{"kind", kind_name(step.kind)}, {"targets", std::move(targets)}, {"timeout", step.timeout_seconds}});
  }
  return {{"steps", steps.dump(-1, ' ', false, json::error_handler_t::replace)},
          {"off_hours", route.off_hours ? "true" : "false"}};
}

Result<CallRoute> decode_route(const std::map<std::string, std::string>& params) {
  const auto bad = [] { return fail(Error::internal("a stored call route cannot be read")); };
  const auto steps_text = params.find("steps");
  if (steps_text == params.end()) return bad();
  const json steps = json::parse(steps_text->second, nullptr, /*allow_exceptions=*/false);
  if (!steps.is_array()) return bad();
  CallRoute route;
  route.off_hours = params.contains("off_hours") && params.at("off_hours") == "true";
  for (const auto& s : steps) {
    if (!s.is_object() || !s.contains("kind") || !s["kind"].is_string() || !s.contains("timeout") ||
        !s["timeout"].is_number_integer() || !s.contains("targets") || !s["targets"].is_array())
      return bad();
    RouteStep step;
    const auto kind = s["kind"].get<std::string>();
    if (kind != "dial" && kind != "voicemail") return bad();
    step.kind = kind == "dial" ? RouteStep::Kind::dial : RouteStep::Kind::voicemail;
    step.timeout_seconds = s["timeout"].get<int>();
    if (step.timeout_seconds < 1 || step.timeout_seconds > 14400) return bad();
    for (const auto& t : s["targets"]) {
      if (!t.is_object() || !t.contains("operator_id") || !t["operator_id"].is_string() ||
          !t.contains("destination") || !t["destination"].is_string())
        return bad();
      step.targets.push_back({t["operator_id"].get<std::string>(), t["destination"].get<std::string>()});
    }
    route.steps.push_back(std::move(step));
  }
  return route;
}

std::string CallbackUrls::dial_status(std::size_t step) const {
  return base + "/telephony/twilio/dial-status?project=" + project_id + "&step=" + std::to_string(step);
}

std::string CallbackUrls::party_status(const std::string& operator_id) const {
  return base + "/telephony/twilio/status?project=" + project_id + "&operator=" + operator_id;
}

std::string CallbackUrls::recording() const { return base + "/telephony/twilio/recording?project=" + project_id; }

twiml::Response twiml_for_step(const CallRoute& route, std::size_t step, const CallbackUrls& urls, bool record) {
  if (route.steps.empty() && step <= 1)
    return twiml::Response{{twiml::Say{"Sorry, nobody can take your call right now. Goodbye.", std::nullopt, std::nullopt},
                            twiml::Hangup{}}};
  if (step == 0 || step > route.steps.size()) return twiml::Response{};
  const RouteStep& s = route.steps[step - 1];
  return s.kind == RouteStep::Kind::dial ? dial(s, step, urls, record) : voicemail(s, urls);
}

}  // namespace callsign::telephony
