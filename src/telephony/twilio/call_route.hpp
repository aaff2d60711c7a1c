#pragma once
// The route of one inbound call: the steps the call goes through until someone answers, decided once when the
// call arrives (so a retried voice webhook gets the same answer and round robin turns once), stored with the
// call's events, and played one step per webhook: the voice webhook answers with step 1, each dial-status
// webhook of an unanswered step with the next one.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "domain/routing.hpp"
#include "telephony/twilio/twiml.hpp"

namespace callsign::telephony {

struct RouteStep {
  enum class Kind {
    dial,       // ring every target together for timeout_seconds
    voicemail,  // a greeting, then record the caller for up to timeout_seconds
  };
  Kind kind = Kind::dial;
  std::vector<domain::DialTarget> targets;  // dial only; operator_id is "" for a fallback number
  int timeout_seconds = 20;
  friend bool operator==(const RouteStep&, const RouteStep&) = default;
};

struct CallRoute {
  std::vector<RouteStep> steps;  // tried in order while nobody answers; none: the caller is told and hung up on
  bool off_hours = false;        // the plan's schedule said closed
  friend bool operator==(const CallRoute&, const CallRoute&) = default;
};

constexpr int kFallbackRingSeconds = 30;     // a fallback number rings this long
constexpr int kVoicemailMaxSeconds = 120;    // the longest message a caller may leave

// The steps a routing decision describes: ring_together → one dial step with every target; ring_in_turn → a
// dial step per target; then the decision's fallback (a dial step to its number, or a voicemail step), which
// is also the only step of a `fallback` decision; hang_up → no steps.
CallRoute route_from_decision(const domain::RoutingDecision& decision);

// A call to a number without a routing plan: a dial step to the number's forward_to, or no steps without one.
CallRoute route_to_forward_number(const std::optional<std::string>& forward_to);

// The route as event parameters (domain::TelephonyEvent::params) and back. decode: Error{internal} when the
// parameters are not a route this version wrote.
std::map<std::string, std::string> encode_route(const CallRoute& route);
Result<CallRoute> decode_route(const std::map<std::string, std::string>& params);

// Where Twilio reports back. Each is an absolute URL of this server (the signature covers it as written).
struct CallbackUrls {
  std::string base;        // "https://calls.example.com" (no trailing slash)
  std::string project_id;  // carried in our own callback URLs: recording and dialled-leg callbacks have no `To`
  std::string dial_status(std::size_t step) const;        // …/telephony/twilio/dial-status?project=…&step=N
  std::string party_status(const std::string& operator_id) const;  // …/telephony/twilio/status?project=…&operator=…
  std::string recording() const;                           // …/telephony/twilio/recording?project=…
};

// The TwiML that plays `step` (1-based) of `route`: a <Dial> whose action reports the step's outcome to
// dial-status (each operator's leg reports answered/completed to status, tagged with the operator); with
// `record`, the dialled call is recorded. A voicemail step says a greeting, records and hangs up. Past the last
// step: the empty response (the call ends); a route without steps: an apology and <Hangup/>.
twiml::Response twiml_for_step(const CallRoute& route, std::size_t step, const CallbackUrls& urls, bool record);

}  // namespace callsign::telephony
