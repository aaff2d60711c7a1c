// Attribution of calls to pool numbers (domain/pool_attribution.hpp): who is credited, and how confidently.
#include <gtest/gtest.h>

#include "domain/pool_attribution.hpp"

namespace callsign::domain {
namespace {

using namespace std::chrono_literals;

const Timestamp kCall = from_unix_ms(1'790'000'000'000);

VisitorSession paid_session() {
  VisitorSession s;
  s.id = "ses_a";
  s.visitor_id = "vis_a";
  s.source.channel = TrafficChannel::paid_search;
  s.source.source = "google";
  s.source.medium = "cpc";
  s.source.campaign = "winter";
  s.source.gclid = "Cj0";
  s.source.landing_page = "https://shop.example/tyres";
  return s;
}

LeaseRecord lease_from(Timestamp started) {
  LeaseRecord l;
  l.number = "+14155550140";
  l.session_id = "ses_a";
  l.visitor_id = "vis_a";
  l.started_at = started;
  l.last_seen = started;
  l.held_until = started + 15min;
  return l;
}

// The number's lease before: another visitor's, ending at `ended`.
LeaseRecord previous_until(Timestamp ended, const std::string& visitor = "vis_previous") {
  LeaseRecord l = lease_from(ended - 10min);
  l.session_id = "ses_previous";
  l.visitor_id = visitor;
  l.ended_at = ended;
  return l;
}

PoolCallEvidence holder(Timestamp lease_started) {
  PoolCallEvidence e;
  e.lease = lease_from(lease_started);
  e.session = paid_session();
  return e;
}

Call remembered(const std::string& visitor, double confidence) {
  Call c;
  c.attribution.method = AttributionMethod::session;
  c.attribution.session_id = "ses_old";
  c.attribution.visitor_id = visitor;
  c.attribution.channel = "organic";
  c.attribution.confidence = confidence;
  return c;
}

TEST(PoolAttribution, TheLeaseHolderIsCreditedWithItsTrafficSource) {
  const Attribution a = attribute_pool_call(kCall, holder(kCall - 20min));
  EXPECT_EQ(a.method, AttributionMethod::session);
  EXPECT_EQ(a.session_id, "ses_a");
  EXPECT_EQ(a.visitor_id, "vis_a");
  EXPECT_EQ(a.channel, "paid_search");
  EXPECT_EQ(a.source, "google");
  EXPECT_EQ(a.campaign, "winter");
  EXPECT_EQ(a.gclid, "Cj0");
  EXPECT_EQ(a.landing_page, "https://shop.example/tyres");
  EXPECT_DOUBLE_EQ(a.confidence, 0.9);
}

TEST(PoolAttribution, ConfidenceFallsWhenTheNumberChangedHandsJustBefore) {
  // The previous visitor's hold ran out two minutes before the call; the new holder took it five minutes
  // before and has not been seen since.
  PoolCallEvidence natural = holder(kCall - 5min);
  natural.previous_lease = previous_until(kCall - 6min);
  natural.previous_lease->held_until = *natural.previous_lease->ended_at;
  EXPECT_NEAR(attribute_pool_call(kCall, natural).confidence, 0.5 + 0.4 * 0.5, 1e-9);
  // The same, but the holder is on the page (seen moments ago): the likeliest caller.
  PoolCallEvidence on_page = natural;
  on_page.lease->last_seen = kCall - 30s;
  EXPECT_DOUBLE_EQ(attribute_pool_call(kCall, on_page).confidence, 0.9);
  PoolCallEvidence settled = holder(kCall - 30min);
  settled.previous_lease = previous_until(kCall - 31min);
  EXPECT_DOUBLE_EQ(attribute_pool_call(kCall, settled).confidence, 0.9);
  PoolCallEvidence long_free = holder(kCall - 1min);
  long_free.previous_lease = previous_until(kCall - 5h);  // idle for hours: nobody else had it recently
  EXPECT_DOUBLE_EQ(attribute_pool_call(kCall, long_free).confidence, 0.9);
  PoolCallEvidence own = holder(kCall - 1min);
  own.previous_lease = previous_until(kCall - 2min, "vis_a");  // the same visitor got their number back
  EXPECT_DOUBLE_EQ(attribute_pool_call(kCall, own).confidence, 0.9);
}

TEST(PoolAttribution, AWeakGuessIsLeftUnattributed) {
  // Taken from another visit (reuse_oldest on a full pool: its hold had not run out) a minute before the call,
  // on the page or not: that visitor may well be the one dialling — better "unknown" than a coin toss.
  PoolCallEvidence taken = holder(kCall - 1min);
  taken.previous_lease = previous_until(kCall - 1min);
  const Attribution a = attribute_pool_call(kCall, taken);
  EXPECT_EQ(a.method, AttributionMethod::none);
  EXPECT_EQ(a.confidence, 0);
  EXPECT_FALSE(a.session_id);
  // Kept for nine minutes, it is the holder's again: 0.3 + 0.6 × 0.9.
  PoolCallEvidence kept = holder(kCall - 9min);
  kept.previous_lease = previous_until(kCall - 9min);
  EXPECT_NEAR(attribute_pool_call(kCall, kept).confidence, 0.84, 1e-9);
}

TEST(PoolAttribution, ATelClickJustBeforeTheCallRaisesIt) {
  PoolCallEvidence e = holder(kCall - 1min);
  e.previous_lease = previous_until(kCall - 2min);
  e.tel_click_at = kCall - 20s;
  EXPECT_DOUBLE_EQ(attribute_pool_call(kCall, e).confidence, 0.98);
  e.tel_click_at = kCall - 10min;  // too long before to be this call
  EXPECT_EQ(attribute_pool_call(kCall, e).method, AttributionMethod::none);
}

TEST(PoolAttribution, DisagreeingCallerMemoryWinsOverTheHolder) {
  PoolCallEvidence e = holder(kCall - 20min);
  e.remembered = remembered("vis_other", 0.9);
  const Attribution a = attribute_pool_call(kCall, e);
  EXPECT_EQ(a.method, AttributionMethod::caller_memory);
  EXPECT_EQ(a.visitor_id, "vis_other");
  EXPECT_DOUBLE_EQ(a.confidence, 0.7);
  e.remembered = remembered("vis_a", 0.9);  // the same visitor calling again: no doubt added
  EXPECT_DOUBLE_EQ(attribute_pool_call(kCall, e).confidence, 0.9);
  EXPECT_EQ(attribute_pool_call(kCall, e).method, AttributionMethod::session);
  e.remembered = remembered("vis_other", 0.9);
  e.tel_click_at = kCall - 5s;  // but a tap on the holder's page beats the memory
  EXPECT_EQ(attribute_pool_call(kCall, e).visitor_id, "vis_a");
}

TEST(PoolAttribution, ARestingNumberGoesToItsLastHolderFadingOverTwoHoursForThreeDays) {
  PoolCallEvidence e;
  e.resting_lease = previous_until(kCall - 30min, "vis_a");
  e.resting_session = paid_session();
  const Attribution a = attribute_pool_call(kCall, e);
  EXPECT_EQ(a.method, AttributionMethod::session);
  EXPECT_EQ(a.visitor_id, "vis_a");
  EXPECT_EQ(a.channel, "paid_search");
  EXPECT_NEAR(a.confidence, 0.8 - 0.2 * 0.25, 1e-9);
  e.resting_lease = previous_until(kCall - 2h, "vis_a");
  EXPECT_DOUBLE_EQ(attribute_pool_call(kCall, e).confidence, 0.6);
  e.resting_lease = previous_until(kCall - 71h, "vis_a");  // nobody else shown it since: still theirs
  EXPECT_EQ(attribute_pool_call(kCall, e).visitor_id, "vis_a");
  EXPECT_DOUBLE_EQ(attribute_pool_call(kCall, e).confidence, 0.6);
  e.resting_lease = previous_until(kCall - 73h, "vis_a");  // past the three days the holders are weighed over
  EXPECT_EQ(attribute_pool_call(kCall, e).method, AttributionMethod::none);
  e.resting_lease = previous_until(kCall - 30min, "vis_a");
  e.remembered = remembered("vis_old", 0.9);  // the caller's own memory of the number comes first
  EXPECT_EQ(attribute_pool_call(kCall, e).method, AttributionMethod::caller_memory);
}

// The number's leases of the last day before `latest_last_seen`: a new visitor every quarter of an hour.
std::vector<LeaseRecord> busy_number_history(Timestamp latest_last_seen) {
  std::vector<LeaseRecord> leases;
  for (int i = 0; i < 96; ++i) {
    LeaseRecord l = lease_from(latest_last_seen - i * 15min - 3min);
    l.last_seen = latest_last_seen - i * 15min;
    l.session_id = "ses_" + std::to_string(i);
    l.visitor_id = "vis_" + std::to_string(i);
    leases.push_back(l);
  }
  return leases;
}

TEST(PoolAttribution, AHolderGoneFromThePageYieldsToABusyNumbersEarlierHolders) {
  // The holder left the page 12 minutes before the call; the number had 96 other visitors over the day, any of
  // whom may be calling it late. Against them, a visit 12 minutes gone is no better than a coin toss: none.
  PoolCallEvidence e = holder(kCall - 14min);
  e.lease->last_seen = kCall - 12min;
  e.recent_leases = busy_number_history(kCall - 12min - 15min);
  e.recent_leases.insert(e.recent_leases.begin(), *e.lease);
  EXPECT_EQ(attribute_pool_call(kCall, e).method, AttributionMethod::none);
  // Two minutes gone, the same holder is the likeliest, with the earlier holders' share taken off.
  e.lease->last_seen = e.recent_leases.front().last_seen = kCall - 2min;
  const Attribution two_minutes = attribute_pool_call(kCall, e);
  EXPECT_EQ(two_minutes.visitor_id, "vis_a");
  EXPECT_GT(two_minutes.confidence, 0.6);
  EXPECT_LT(two_minutes.confidence, 0.9);
  // On the page at the call: the earlier holders do not count.
  e.lease->last_seen = e.recent_leases.front().last_seen = kCall - 30s;
  EXPECT_DOUBLE_EQ(attribute_pool_call(kCall, e).confidence, 0.9);
  // Gone 12 minutes from a number nobody else held lately: the holder.
  e.lease->last_seen = kCall - 12min;
  e.recent_leases = {*e.lease};
  EXPECT_DOUBLE_EQ(attribute_pool_call(kCall, e).confidence, 0.9);
}

TEST(PoolAttribution, ABusyRestingNumbersLastHolderIsNotAGuess) {
  PoolCallEvidence e;
  e.resting_lease = previous_until(kCall - 20min, "vis_a");
  e.resting_lease->last_seen = kCall - 35min;
  e.resting_session = paid_session();
  e.recent_leases = busy_number_history(kCall - 35min - 30min);
  e.recent_leases.insert(e.recent_leases.begin(), *e.resting_lease);
  EXPECT_EQ(attribute_pool_call(kCall, e).method, AttributionMethod::none);
  e.recent_leases = {*e.resting_lease};  // the only visitor shown it in three days
  EXPECT_EQ(attribute_pool_call(kCall, e).visitor_id, "vis_a");
}

TEST(PoolAttribution, WithoutALeaseCallerMemoryThenNothing) {
  PoolCallEvidence e;
  e.remembered = remembered("vis_old", 0.9);
  const Attribution a = attribute_pool_call(kCall, e);
  EXPECT_EQ(a.method, AttributionMethod::caller_memory);
  EXPECT_EQ(a.visitor_id, "vis_old");
  EXPECT_EQ(a.channel, "organic");
  EXPECT_DOUBLE_EQ(a.confidence, 0.7);
  e.remembered = remembered("vis_old", 0.5);  // never more sure than the call it remembers
  EXPECT_DOUBLE_EQ(attribute_pool_call(kCall, e).confidence, 0.5);

  const Attribution none = attribute_pool_call(kCall, PoolCallEvidence{});
  EXPECT_EQ(none.method, AttributionMethod::none);
  EXPECT_EQ(none.confidence, 0);
  EXPECT_FALSE(none.channel);
}

}  // namespace
}  // namespace callsign::domain
