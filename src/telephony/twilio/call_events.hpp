#pragma once
// Twilio's webhooks about one inbound call, as stored events (domain::TelephonyEvent), and the call they add up
// to. A call is derived from the whole set of its events every time one arrives, never patched by the latest:
// callbacks may come late, twice, or in any order, and the call only depends on which of them have arrived.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "common/time.hpp"
#include "domain/call_recorder.hpp"
#include "domain/telephony_event.hpp"
#include "telephony/twilio/call_route.hpp"

namespace callsign::telephony {

// The webhook endpoints (API.md "Telephony").
enum class TwilioWebhook { voice, dial_status, status, recording };

// Stored event kinds. `route` is Callsign's own fact: the route decided when the call arrived.
namespace event_kind {
inline constexpr std::string_view voice = "voice";
inline constexpr std::string_view route = "route";
inline constexpr std::string_view dial_status = "dial_status";    // one per route step (fact key: the step)
inline constexpr std::string_view status = "status";              // the caller's call (fact key: CallStatus)
inline constexpr std::string_view party_status = "party_status";  // a dialled operator's leg (its sid + status)
inline constexpr std::string_view recording = "recording";        // fact key: RecordingSid + RecordingStatus
}  // namespace event_kind

// The event a webhook request stores. `form` is the decoded POST body, `query` the URL's parameters (our own
// callback URLs carry `step` and `operator`). The call is the request's CallSid, or its ParentCallSid for a
// dialled leg's status; the fact key makes Twilio's retries of one callback duplicates, while distinct
// callbacks (another step, another status, another recording) stay distinct.
// Errors: Error{invalid, field} for a missing CallSid, or a dial-status without a numeric `step` (≥ 1).
Result<domain::TelephonyEvent> event_from_webhook(TwilioWebhook webhook, const std::map<std::string, std::string>& form,
                                                  const std::map<std::string, std::string>& query,
                                                  const std::string& project_id, Timestamp received_at);

// What the call's events say so far.
struct DerivedCall {
  domain::CallInput input;  // external_id = the CallSid; numbers as Twilio wrote them (E.164)
  std::optional<std::string> operator_id;  // the operator who answered, when known
};

// The call the events describe; nullopt while no event names the caller and the tracking number (From/To).
// started_at: when the voice webhook arrived (else the earliest event, or a final status less its CallDuration).
// Answered when a dial step reports DialCallStatus completed/answered or an operator's leg reports answered;
// talk time is that step's DialCallDuration, ending when the caller's call ended (started_at + CallDuration of
// the final status) or, before that status arrives, when the step's dial-status came. The operator: the
// answering step's only target, else the operator whose leg reported answered. Not answered: voicemail when
// the route reached its voicemail step and a completed recording arrived; abandoned when the caller hung up first — a
// DialCallStatus of canceled, a voicemail step left without a message, or a final status whose CallDuration
// is shorter than the ringing the reached steps allowed; else busy / failed / no_answer from the last
// DialCallStatus. recording_url: a completed recording's URL (the dial's RecordingUrl otherwise). Pure.
std::optional<DerivedCall> derive_call(const std::vector<domain::TelephonyEvent>& events, const CallRoute& route);

// The route step to play after a dial-status for `step`: 0 when that step was answered (the call is over),
// else step + 1 (twiml_for_step() answers the empty response past the last step).
std::size_t next_step(const domain::TelephonyEvent& dial_status, std::size_t step);

}  // namespace callsign::telephony
