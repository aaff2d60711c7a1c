#include "telephony/twilio/call_events.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>

namespace callsign::telephony {
namespace {

using domain::CallStatus;
using domain::TelephonyEvent;
using Params = std::map<std::string, std::string>;

std::string param(const Params& params, std::string_view name) {
  const auto it = params.find(std::string(name));
  return it == params.end() ? std::string() : it->second;
}

std::optional<std::int64_t> whole_number(const std::string& text) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

std::optional<std::int64_t> seconds_param(const Params& params, std::string_view name) {
  return whole_number(param(params, name));
}

bool is_answered_dial(const TelephonyEvent& dial_status) {
  const auto status = param(dial_status.params, "DialCallStatus");
  return status == "completed" || status == "answered";
}

bool is_answered_leg(const TelephonyEvent& party) {
  const auto status = param(party.params, "CallStatus");
  return status == "in-progress" || status == "answered";
}

bool is_final_status(const TelephonyEvent& status) {
  const auto s = param(status.params, "CallStatus");
  return s == "completed" || s == "busy" || s == "failed" || s == "no-answer" || s == "canceled";
}

// A recording that holds a message: Twilio also reports `absent` (the caller said nothing) and `failed` ones.
bool is_completed_recording(const TelephonyEvent* recording) {
  const auto status = param(recording->params, "RecordingStatus");
  return status.empty() || status == "completed";
}

std::size_t step_of(const TelephonyEvent& dial_status) {
  return static_cast<std::size_t>(whole_number(param(dial_status.params, "step")).value_or(0));
}

// The events of one kind, earliest first (a repeat is never stored, so each fact appears once).
std::vector<const TelephonyEvent*> of_kind(const std::vector<TelephonyEvent>& events, std::string_view kind) {
  std::vector<const TelephonyEvent*> out;
  for (const auto& e : events)
    if (e.kind == kind) out.push_back(&e);
  std::stable_sort(out.begin(), out.end(),
                   [](const TelephonyEvent* a, const TelephonyEvent* b) { return a->received_at < b->received_at; });
  return out;
}

// Everything derive_call() reads, gathered once.
struct Facts {
  std::vector<const TelephonyEvent*> voice, dials, finals, parties, recordings;
  std::map<std::size_t, const TelephonyEvent*> dial_by_step;  // the first dial-status of each step
};

Facts gather(const std::vector<TelephonyEvent>& events) {
  Facts f;
  f.voice = of_kind(events, event_kind::voice);
  f.dials = of_kind(events, event_kind::dial_status);
  for (const auto* e : of_kind(events, event_kind::status))
    if (is_final_status(*e)) f.finals.push_back(e);
  f.parties = of_kind(events, event_kind::party_status);
  f.recordings = of_kind(events, event_kind::recording);
  for (const auto* d : f.dials) f.dial_by_step.emplace(step_of(*d), d);
  return f;
}

Timestamp started_at(const std::vector<TelephonyEvent>& events, const Facts& f) {
  if (!f.voice.empty()) return f.voice.front()->received_at;
  Timestamp earliest = Timestamp::max();
  for (const auto& e : events) {
    if (e.kind == event_kind::route) continue;
    Timestamp estimate = e.received_at;
    if (e.kind == event_kind::status)
      if (auto duration = seconds_param(e.params, "CallDuration")) estimate -= std::chrono::seconds(*duration);
    earliest = std::min(earliest, estimate);
  }
  return earliest;
}

// The first step reported answered, if any.
const TelephonyEvent* answered_dial(const Facts& f) {
  for (const auto& [step, d] : f.dial_by_step)
    if (is_answered_dial(*d)) return d;
  return nullptr;
}

const TelephonyEvent* answered_leg(const Facts& f) {
  for (const auto* p : f.parties)
    if (is_answered_leg(*p) && !param(p->params, "operator").empty()) return p;
  return nullptr;
}

// The step the call has reached: past every step whose dial-status came back unanswered.
std::size_t reached_step(const Facts& f) {
  std::size_t reached = 1;
  for (const auto& [step, d] : f.dial_by_step)
    if (step >= reached && !is_answered_dial(*d)) reached = step + 1;
  return reached;
}

std::optional<Timestamp> ended_at(const Facts& f, const CallRoute& route, Timestamp started) {
  if (!f.finals.empty())
    if (auto duration = seconds_param(f.finals.front()->params, "CallDuration"))
      return started + std::chrono::seconds(*duration);
  if (const auto* answered = answered_dial(f)) return answered->received_at;
  const std::size_t reached = reached_step(f);
  if (reached > route.steps.size() && !f.dial_by_step.empty()) return f.dial_by_step.rbegin()->second->received_at;
  if (!f.finals.empty()) return f.finals.front()->received_at;
  return std::nullopt;
}

std::optional<std::string> recording_url(const Facts& f) {
  std::optional<std::pair<std::string, std::string>> best;  // (RecordingSid, url): the smallest sid wins
  for (const auto* r : f.recordings) {
    const auto status = param(r->params, "RecordingStatus");
    const auto url = param(r->params, "RecordingUrl");
    if (url.empty() || (!status.empty() && status != "completed")) continue;
    const auto sid = param(r->params, "RecordingSid");
    if (!best || sid < best->first) best = std::make_pair(sid, url);
  }
  if (best) return best->second;
  for (const auto& [step, d] : f.dial_by_step)
    if (auto url = param(d->params, "RecordingUrl"); !url.empty()) return url;
  return std::nullopt;
}

// The seconds the reached dial steps could have rung for: a step that went unanswered by timing out rang its
// whole timeout; busy and failed end at once.
std::int64_t ring_allowance(const Facts& f, const CallRoute& route, std::size_t reached) {
  std::int64_t total = 0;
  for (std::size_t step = 1; step <= std::min(reached, route.steps.size()); ++step) {
    const auto& s = route.steps[step - 1];
    if (s.kind != RouteStep::Kind::dial) continue;
    const auto it = f.dial_by_step.find(step);
    const auto status = it == f.dial_by_step.end() ? std::string() : param(it->second->params, "DialCallStatus");
    if (status.empty() || status == "no-answer" || status == "canceled") total += s.timeout_seconds;
  }
  return total;
}

CallStatus unanswered_status(const Facts& f, const CallRoute& route) {
  const std::size_t reached = reached_step(f);
  const bool ended = !f.finals.empty();
  if (reached <= route.steps.size() && route.steps[reached - 1].kind == RouteStep::Kind::voicemail) {
    if (std::any_of(f.recordings.begin(), f.recordings.end(), is_completed_recording)) return CallStatus::voicemail;
    return ended ? CallStatus::abandoned : CallStatus::no_answer;
  }
  const std::string last = f.dial_by_step.empty() ? std::string()
                                                  : param(f.dial_by_step.rbegin()->second->params, "DialCallStatus");
  if (last == "canceled") return CallStatus::abandoned;
  if (last == "busy") return CallStatus::busy;
  if (last == "failed") return CallStatus::failed;
  if (ended && !route.steps.empty()) {
    // The caller left before the ringing could have run out.
    constexpr std::int64_t kSlackSeconds = 2;
    const auto lasted = seconds_param(f.finals.front()->params, "CallDuration");
    if (lasted && *lasted + kSlackSeconds < ring_allowance(f, route, reached)) return CallStatus::abandoned;
  }
  return CallStatus::no_answer;
}

void answer(DerivedCall& call, const Facts& f, const CallRoute& route) {
  auto& in = call.input;
  const auto* dial = answered_dial(f);
  const auto* leg = answered_leg(f);
  in.status = CallStatus::answered;
  if (leg) call.operator_id = param(leg->params, "operator");
  if (dial) {
    const std::size_t step = step_of(*dial);
    if (step >= 1 && step <= route.steps.size() && route.steps[step - 1].targets.size() == 1 &&
        !route.steps[step - 1].targets.front().operator_id.empty())
      call.operator_id = route.steps[step - 1].targets.front().operator_id;
  }
  const auto talk = dial ? seconds_param(dial->params, "DialCallDuration") : std::nullopt;
  if (in.ended_at && talk) {
    in.answered_at = std::max(in.started_at, *in.ended_at - std::chrono::seconds(*talk));
  } else if (leg) {
    in.answered_at = std::max(in.started_at, leg->received_at);
  } else {
    in.answered_at = in.ended_at.value_or(in.started_at);
  }
  if (in.ended_at && *in.ended_at < *in.answered_at) in.ended_at = in.answered_at;
}

}  // namespace

Result<TelephonyEvent> event_from_webhook(TwilioWebhook webhook, const Params& form, const Params& query,
                                          const std::string& project_id, Timestamp received_at) {
  const std::string call_sid = param(form, "CallSid");
  if (call_sid.empty()) return fail(Error::invalid("CallSid", "CallSid is required"));
  TelephonyEvent e{project_id, call_sid, "", "", form, received_at};
  switch (webhook) {
    case TwilioWebhook::voice:
      e.kind = event_kind::voice;
      break;
    case TwilioWebhook::dial_status: {
      const auto step = whole_number(param(query, "step"));
      if (!step || *step < 1) return fail(Error::invalid("step", "step must be the route step (1 or more)"));
      e.kind = event_kind::dial_status;
      e.fact_key = std::to_string(*step);
      e.params["step"] = e.fact_key;
      break;
    }
    case TwilioWebhook::status:
      if (const auto parent = param(form, "ParentCallSid"); !parent.empty()) {
        e.call_sid = parent;
        e.kind = event_kind::party_status;
        e.fact_key = call_sid + ":" + param(form, "CallStatus");
        e.params["operator"] = param(query, "operator");
      } else {
        e.kind = event_kind::status;
        e.fact_key = param(form, "CallStatus");
      }
      break;
    case TwilioWebhook::recording:
      e.kind = event_kind::recording;
      e.fact_key = param(form, "RecordingSid") + ":" + param(form, "RecordingStatus");
      break;
  }
  return e;
}

std::optional<DerivedCall> derive_call(const std::vector<TelephonyEvent>& events, const CallRoute& route) {
  const Facts f = gather(events);
  DerivedCall call;
  auto& in = call.input;
  // The caller's and the tracking number come with every callback about the caller's own call.
  for (const auto* group : {&f.voice, &f.dials, &f.finals})
    for (const auto* e : *group)
      if (in.caller.empty() && !param(e->params, "From").empty() && !param(e->params, "To").empty()) {
        in.caller = param(e->params, "From");
        in.tracking_number = param(e->params, "To");
        in.external_id = e->call_sid;
      }
  if (in.caller.empty()) return std::nullopt;
  in.started_at = started_at(events, f);
  in.ended_at = ended_at(f, route, in.started_at);
  if (answered_dial(f) || answered_leg(f)) {
    answer(call, f, route);
  } else {
    in.status = unanswered_status(f, route);
  }
  in.recording_url = recording_url(f);
  return call;
}

std::size_t next_step(const TelephonyEvent& dial_status, std::size_t step) {
  return is_answered_dial(dial_status) ? 0 : step + 1;
}

}  // namespace callsign::telephony
