#pragma once
// One Twilio webhook, applied inside one write unit of work: store its event, decide the call's route when the
// call is new, derive the call from all its events and record it through the one call write path.
#include <optional>
#include <string>

#include "common/result.hpp"
#include "common/time.hpp"
#include "domain/project.hpp"
#include "domain/repositories.hpp"
#include "telephony/twilio/call_route.hpp"

namespace callsign::telephony {

// How far back a call counts as possibly still live when finding operators on a call.
constexpr auto kLiveCallLookback = std::chrono::hours(12);

struct WebhookOutcome {
  bool duplicate = false;  // the event was stored before (a retry): nothing new was learned
  CallRoute route;         // the call's route (empty when the call has none yet)
  std::optional<std::string> call_id;        // the call as recorded, when it could be
  std::optional<std::string> not_recorded;   // why the call could not be recorded (e.g. a withheld caller id)
};

// The route for a new call to `tracking_number` (E.164) from `caller` at `now`: the number's routing plan, else
// its pool's (decided by domain::decide_routing with operators on a call skipped, the plan's round-robin
// position — advanced and stored — and the operator who last answered this caller), else a dial to the number's
// forward_to, else no steps. A number of no project of ours has no steps either.
Result<CallRoute> decide_call_route(domain::Repositories& repos, const domain::Project& project,
                                    const std::string& tracking_number, const std::string& caller, Timestamp now);

// Stores `event` (a repeat is a duplicate and changes nothing), decides and stores the route on the call's
// first voice event, then derives the call from every event stored for it and records it (external_id = the
// CallSid) with the answering operator's id and name. A call whose numbers cannot be read (a withheld caller)
// is not recorded — the outcome says why — but its events are kept and its route still stands.
// Errors: storage errors as returned (the unit of work is rolled back).
Result<WebhookOutcome> apply_webhook_event(domain::Repositories& repos, const domain::Project& project,
                                           const domain::TelephonyEvent& event, Timestamp now);

}  // namespace callsign::telephony
