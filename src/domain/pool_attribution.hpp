#pragma once
// Attribution of a call to a pool number (DESIGN.md §1): the session that held the number when the call
// started; failing that, the caller's memory of the number; otherwise none — never a silent guess.
// The confidence says how much to trust it (docs/attribution.md has the rules and the reasons for the figures).
// Pure: the evidence is gathered by the caller (call_recorder) from the repositories.
#include <chrono>
#include <optional>
#include <vector>

#include "common/time.hpp"
#include "domain/call.hpp"
#include "domain/call_delay.hpp"
#include "domain/visitor_session.hpp"

namespace callsign::domain {

struct PoolCallEvidence {
  std::optional<LeaseRecord> lease;             // the lease live at the call's start
  std::optional<VisitorSession> session;        // the session of that lease
  std::optional<LeaseRecord> previous_lease;    // the number's lease before `lease`
  std::optional<Timestamp> tel_click_at;        // that session's latest tel_click near the call's start
  std::optional<Call> remembered;               // the caller's latest attributed call to this number (memory)
  // When no lease was live: the number's lease that ended last before the call, and its session. Nobody has
  // held the number since; its last holder is the likeliest caller unless the number was busy before.
  std::optional<LeaseRecord> resting_lease;
  std::optional<VisitorSession> resting_session;
  // The number's leases started in the kRecentHoldersWindow before the call (call_delay.hpp), newest first,
  // the live and resting ones included: everyone who could be dialling a number they were shown.
  std::vector<LeaseRecord> recent_leases;
};

// How far before the call a tel_click counts as "this visitor dialled", and how far after (clock skew between
// the visitor's browser and the carrier).
inline constexpr std::chrono::seconds kTelClickBefore{180};
inline constexpr std::chrono::seconds kTelClickAfter{10};
// A number handed to a new session less than this after its previous lease ended "changed hands recently":
// the previous visitor may still be the one dialling it.
inline constexpr std::chrono::minutes kRecentHandover{30};
// A number nobody held at the call's start goes to its last holder with a confidence that fades over this long
// from its lease's end (and no further than its share among the number's recent holders allows).
inline constexpr std::chrono::hours kRestingFades{2};
// Below this confidence a guess is worse than "unknown": the call is left unattributed (method none).
inline constexpr double kMinConfidence = 0.6;

Attribution attribute_pool_call(Timestamp call_start, const PoolCallEvidence& evidence);

}  // namespace callsign::domain
