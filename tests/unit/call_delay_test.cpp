// The call-delay model and the share of a call's likelihood among a number's recent holders
// (domain/call_delay.hpp).
#include <gtest/gtest.h>

#include "domain/call_delay.hpp"

namespace callsign::domain {
namespace {

using namespace std::chrono_literals;

const Timestamp kCall = from_unix_ms(1'790'000'000'000);

LeaseRecord held_by(const std::string& visitor, Timestamp last_seen) {
  LeaseRecord l;
  l.number = "+14155550140";
  l.session_id = "ses_" + visitor;
  l.visitor_id = visitor;
  l.started_at = last_seen - 3min;
  l.last_seen = last_seen;
  l.held_until = last_seen + 15min;
  return l;
}

TEST(CallDelay, AVisitJustLeftIsFarLikelierThanOneOfHoursAgo) {
  EXPECT_GT(call_likelihood(1min), call_likelihood(15min));
  EXPECT_GT(call_likelihood(15min), call_likelihood(30min));
  // Within minutes a visit is the likeliest caller by two orders of magnitude over one of six hours ago.
  EXPECT_GT(call_likelihood(2min), 100 * call_likelihood(6h));
  // Past the minutes, the late callers' hours-long tail takes over: it falls slowly.
  EXPECT_GT(call_likelihood(6h), call_likelihood(3 * 24h));
  EXPECT_GT(call_likelihood(3 * 24h), 0);
  EXPECT_DOUBLE_EQ(call_likelihood(-5s), call_likelihood(0s));  // seen after the call's start: on the page
}

TEST(CallDelay, TheOnlyRecentHolderHasTheWholeShare) {
  EXPECT_DOUBLE_EQ(holder_share("vis_a", kCall, {held_by("vis_a", kCall - 20min)}), 1);
  EXPECT_DOUBLE_EQ(holder_share("vis_a", kCall, {}), 1);  // nobody else known
  EXPECT_DOUBLE_EQ(holder_share("vis_b", kCall, {held_by("vis_a", kCall - 20min)}), 0);
}

TEST(CallDelay, AVisitorsLeasesAddUpAgainstEveryoneElses) {
  const std::vector<LeaseRecord> leases{held_by("vis_a", kCall - 5min), held_by("vis_b", kCall - 8h),
                                        held_by("vis_a", kCall - 30h)};
  const double a = holder_share("vis_a", kCall, leases);
  const double b = holder_share("vis_b", kCall, leases);
  EXPECT_NEAR(a + b, 1, 1e-12);
  EXPECT_GT(a, 0.9);  // seen minutes ago against a visit of eight hours ago
}

TEST(CallDelay, ALastHolderGoneHalfAnHourLosesToABusyNumbersEarlierHolders) {
  // A number shown to a new visitor every half hour for a day: its late callers could be any of them.
  std::vector<LeaseRecord> leases{held_by("vis_last", kCall - 30min)};
  for (int i = 1; i < 48; ++i) leases.push_back(held_by("vis_" + std::to_string(i), kCall - 30min - i * 30min));
  EXPECT_LT(holder_share("vis_last", kCall, leases), 0.6);
  // The same number and last holder, called five minutes after that visitor left: theirs.
  leases.front() = held_by("vis_last", kCall - 5min);
  EXPECT_GT(holder_share("vis_last", kCall, leases), 0.6);
}

}  // namespace
}  // namespace callsign::domain
