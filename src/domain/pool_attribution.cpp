#include "domain/pool_attribution.hpp"

#include <algorithm>

namespace callsign::domain {
namespace {

// The lease holder, with nothing else known: the usual case when the pool is big enough.
constexpr double kHolder = 0.9;
// The holder got the number moments ago from someone else: at worst a coin toss between the two visitors,
// rising back to kHolder as the new holder keeps it for kHandoverSettles.
constexpr double kFreshHandover = 0.5;
constexpr std::chrono::minutes kHandoverSettles{10};
// The session clicked the number's tel: link just before the call.
constexpr double kTelClick = 0.98;
// The caller called this number before and was attributed then; the saved number is good evidence, but the
// visit it points to is older.
constexpr double kMemory = 0.7;
// The lease holder and the caller's memory disagree on the visitor: one of them is wrong.
constexpr double kConflictFactor = 0.7;

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

double holder_confidence(Timestamp call_start, const PoolCallEvidence& e) {
  double confidence = kHolder;
  // The number changed hands recently — from another visitor: a visitor getting their own number back is not
  // a handover.
  const bool handed_over = e.previous_lease && e.previous_lease->visitor_id != e.lease->visitor_id &&
                           e.lease->started_at - e.previous_lease->end() < kRecentHandover;
  if (handed_over) {
    const double settled = std::clamp(minutes_between(e.lease->started_at, call_start) /
                                          static_cast<double>(kHandoverSettles.count()),
                                      0.0, 1.0);
    confidence = kFreshHandover + (kHolder - kFreshHandover) * settled;
  }
  if (e.remembered && e.remembered->attribution.visitor_id != e.lease->visitor_id) confidence *= kConflictFactor;
  if (e.tel_click_at && *e.tel_click_at >= call_start - kTelClickBefore && *e.tel_click_at <= call_start + kTelClickAfter)
    confidence = std::max(confidence, kTelClick);
  return confidence;
}

}  // namespace

Attribution attribute_pool_call(Timestamp call_start, const PoolCallEvidence& evidence) {
  if (evidence.lease && evidence.session) {
    Attribution a = from_session(*evidence.session, *evidence.lease);
    a.confidence = holder_confidence(call_start, evidence);
    return a;
  }
  if (evidence.remembered) {
    Attribution a = evidence.remembered->attribution;
    a.method = AttributionMethod::caller_memory;
    a.confidence = std::min(kMemory, evidence.remembered->attribution.confidence);
    return a;
  }
  return {};
}

}  // namespace callsign::domain
