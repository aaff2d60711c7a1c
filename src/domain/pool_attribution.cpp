#include "domain/pool_attribution.hpp"

#include <algorithm>

namespace callsign::domain {
namespace {

// The lease holder, with nothing else known: the usual case when the pool is big enough.
constexpr double kHolder = 0.9;
// The holder got the number moments ago from someone else: at worst a coin toss between the two visitors,
// rising back to kHolder as the new holder keeps it for kHandoverSettles.
constexpr double kFreshHandover = 0.5;
// … and lower still when the number was TAKEN from a visit whose hold had not run out (reuse_oldest on a full
// pool): that visitor may well be dialling it right now.
constexpr double kTakenOver = 0.3;
constexpr std::chrono::minutes kHandoverSettles{10};
// A visit whose last ping or page view is this recent at the call's start is on the page (the snippet pings
// at most every 60 s while the page is open).
constexpr std::chrono::seconds kOnPage{75};
// The session clicked the number's tel: link just before the call.
constexpr double kTelClick = 0.98;
// The caller called this number before and was attributed then; the saved number is good evidence, but the
// visit it points to is older.
constexpr double kMemory = 0.7;
// Nobody held the number at the call: its last holder, fading from kRestingFresh to kRestingOld over
// kRestingFades (the longer it rests, the likelier an earlier holder is the one calling), then staying there —
// as long as the holder's share among the number's recent holders allows.
constexpr double kRestingFresh = 0.8;
constexpr double kRestingOld = 0.6;

double minutes_between(Timestamp from, Timestamp to) {
  return std::chrono::duration<double, std::ratio<60>>(to - from).count();
}

Attribution from_session(const VisitorSession& session, const LeaseRecord& lease) {
  Attribution a;
  a.method = AttributionMethod::session;
  a.session_id = session.id;
  a.visitor_id = lease.visitor_id;
  a.channel = std::string(to_string(session.source.channel));
  a.source = session.source.source;
  a.medium = session.source.medium;
  a.campaign = session.source.campaign;
  a.term = session.source.term;
  a.content = session.source.content;
  a.gclid = session.source.gclid;
  a.landing_page = session.source.landing_page;
  return a;
}

bool clicked(Timestamp call_start, const PoolCallEvidence& e) {
  return e.tel_click_at && *e.tel_click_at >= call_start - kTelClickBefore && *e.tel_click_at <= call_start + kTelClickAfter;
}

double holder_confidence(Timestamp call_start, const PoolCallEvidence& e) {
  const LeaseRecord& lease = *e.lease;
  // The number changed hands recently — from another visitor: a visitor getting their own number back is not
  // a handover.
  const bool handed_over = e.previous_lease && e.previous_lease->visitor_id != lease.visitor_id &&
                           lease.started_at - e.previous_lease->end() < kRecentHandover;
  if (!handed_over) return kHolder;
  const bool taken = e.previous_lease->ended_at && *e.previous_lease->ended_at < e.previous_lease->held_until;
  // Still on the page when the call started (seen within the last kOnPage): the likeliest caller by far —
  // unless the number was taken from another visit, which then had it on its page until moments ago.
  if (!taken && lease.last_seen + kOnPage >= call_start) return kHolder;
  const double start = taken ? kTakenOver : kFreshHandover;
  const double settled = std::clamp(minutes_between(lease.started_at, call_start) /
                                        static_cast<double>(kHandoverSettles.count()),
                                    0.0, 1.0);
  return start + (kHolder - start) * settled;
}

Attribution from_memory(const Call& remembered) {
  Attribution a = remembered.attribution;
  a.method = AttributionMethod::caller_memory;
  a.confidence = std::min(kMemory, remembered.attribution.confidence);
  return a;
}

}  // namespace

Attribution attribute_pool_call(Timestamp call_start, const PoolCallEvidence& evidence) {
  if (evidence.lease && evidence.session) {
    Attribution a = from_session(*evidence.session, *evidence.lease);
    if (clicked(call_start, evidence)) {  // dialled from the page: nothing beats it
      a.confidence = kTelClick;
      return a;
    }
    // The caller called this number before, credited to another visitor: their phone has the number saved,
    // and the holder would have to be the same person on another device. The memory wins.
    if (evidence.remembered && evidence.remembered->attribution.visitor_id != evidence.lease->visitor_id)
      return from_memory(*evidence.remembered);
    a.confidence = holder_confidence(call_start, evidence);
    if (evidence.lease->last_seen + kOnPage < call_start)
      a.confidence = std::min(a.confidence, holder_share(evidence.lease->visitor_id, call_start, evidence.recent_leases));
    if (a.confidence < kMinConfidence) return {};
    return a;
  }
  if (evidence.remembered) return from_memory(*evidence.remembered);
  if (evidence.resting_lease && evidence.resting_session) {
    const double rested = std::clamp(minutes_between(evidence.resting_lease->end(), call_start) /
                                         static_cast<double>(std::chrono::minutes(kRestingFades).count()),
                                     0.0, 1.0);
    // Rested longer than the recent holders are weighed over: a visit that old is not credited.
    if (evidence.resting_lease->end() + kRecentHoldersWindow < call_start) return {};
    Attribution a = from_session(*evidence.resting_session, *evidence.resting_lease);
    a.confidence = std::min(kRestingFresh + (kRestingOld - kRestingFresh) * rested,
                            holder_share(evidence.resting_lease->visitor_id, call_start, evidence.recent_leases));
    if (a.confidence < kMinConfidence) return {};
    return a;
  }
  return {};
}

}  // namespace callsign::domain
