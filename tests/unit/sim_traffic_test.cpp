// The simulator's traffic (src/sim/traffic.hpp): the generated distributions match their parameters, a seed
// gives the same run, and what the browser would send reads as the intended channel with the real code.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "domain/phone.hpp"
#include "domain/traffic_source.hpp"
#include "domain/user_agent.hpp"
#include "sim/sim_params.hpp"
#include "sim/traffic.hpp"

namespace callsign::sim {
namespace {

using namespace std::chrono_literals;

const Timestamp kMonday{std::chrono::sys_days{std::chrono::year{2026} / 3 / 2}};

double seconds_of(Timestamp from, Timestamp to) { return std::chrono::duration<double>(to - from).count(); }

// One big run shared by the statistical tests: 20,000 sessions a day for two weeks (~280,000 sessions).
const Traffic& big() {
  static const Traffic traffic = [] {
    SimParams p;
    p.sessions_per_day = 20000;
    p.days = 14;
    p.seed = 7;
    return generate_traffic(p, kMonday);
  }();
  return traffic;
}

TEST(SimParams, DefaultsAndOverrides) {
  auto p = parse_sim_params("sessions_per_day = 50000\nbounce_share = 0.3\nhold_seconds = 1200\nseed = 9\n");
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->sessions_per_day, 50000);
  EXPECT_EQ(p->bounce_share, 0.3);
  EXPECT_EQ(p->hold_seconds, 1200);
  EXPECT_EQ(p->seed, 9u);
  EXPECT_EQ(p->days, 7);  // untouched default
}

TEST(SimParams, BadInputNamesTheKey) {
  auto unknown = parse_sim_params("sesions_per_day = 5\n");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().field, "sesions_per_day");
  auto range = parse_sim_params("bounce_share = 1.5\n");
  ASSERT_FALSE(range);
  EXPECT_EQ(range.error().field, "bounce_share");
  auto type = parse_sim_params("days = \"seven\"\n");
  ASSERT_FALSE(type);
  EXPECT_EQ(type.error().field, "days");
  auto shares = parse_sim_params("channel_shares = [1, 2]\n");
  ASSERT_FALSE(shares);
  EXPECT_EQ(shares.error().field, "channel_shares");
  auto toml = parse_sim_params("days = [\n");
  ASSERT_FALSE(toml);
  EXPECT_EQ(toml.error().field, "toml");
}

TEST(SimTraffic, SameSeedSameRunOtherSeedOtherRun) {
  SimParams p;
  p.sessions_per_day = 500;
  const Traffic a = generate_traffic(p, kMonday), b = generate_traffic(p, kMonday);
  ASSERT_EQ(a.sessions.size(), b.sessions.size());
  ASSERT_EQ(a.calls.size(), b.calls.size());
  for (std::size_t i = 0; i < a.sessions.size(); ++i) {
    EXPECT_EQ(a.sessions[i].start, b.sessions[i].start);
    EXPECT_EQ(a.sessions[i].end, b.sessions[i].end);
    EXPECT_EQ(a.sessions[i].visitor, b.sessions[i].visitor);
  }
  for (std::size_t i = 0; i < a.calls.size(); ++i) {
    EXPECT_EQ(a.calls[i].start, b.calls[i].start);
    EXPECT_EQ(a.calls[i].session, b.calls[i].session);
  }
  p.seed = 2;
  const Traffic c = generate_traffic(p, kMonday);
  EXPECT_NE(a.sessions.front().start, c.sessions.front().start);
}

TEST(SimTraffic, ArrivalsFollowTheDailyAndWeeklyCurve) {
  const Traffic& t = big();
  EXPECT_NEAR(static_cast<double>(t.sessions.size()), 20000.0 * 14, 20000.0 * 14 * 0.01);
  std::map<int, double> weekday_hour, weekend_hour;
  double weekdays = 0, weekends = 0;
  for (const auto& s : t.sessions) {
    const auto day = std::chrono::floor<std::chrono::days>(s.start);
    const int hour = static_cast<int>(std::chrono::duration_cast<std::chrono::hours>(s.start - day).count());
    const unsigned wd = std::chrono::weekday(day).c_encoding();
    if (wd == 0 || wd == 6) {
      weekends += 1;
      weekend_hour[hour] += 1;
    } else {
      weekdays += 1;
      weekday_hour[hour] += 1;
    }
  }
  const double weekday_mean_hour = weekdays / (10 * 24), weekend_mean_hour = weekends / (4 * 24);
  EXPECT_NEAR(weekend_mean_hour / weekday_mean_hour, 0.5, 0.03);
  // Night ≈ 0.1× the mean, working-hours peak ≈ 2× (the default curve, normalised to mean 1: 0.094 and 1.89).
  EXPECT_NEAR(weekday_hour[3] / 10 / weekday_mean_hour, 0.094, 0.02);
  EXPECT_NEAR(weekday_hour[14] / 10 / weekday_mean_hour, 1.89, 0.08);
  EXPECT_NEAR(arrival_rate_factor(t.params, kMonday + 14h) / arrival_rate_factor(t.params, kMonday + 3h), 20, 0.01);
}

TEST(SimTraffic, SessionsMatchTheirParameters) {
  const Traffic& t = big();
  double humans = 0, bots = 0, bounces = 0, returning = 0;
  std::vector<double> engaged;
  std::array<double, kSimChannels> channels{};
  for (const auto& s : t.sessions) {
    if (s.bot) {
      bots += 1;
      continue;
    }
    humans += 1;
    channels[static_cast<std::size_t>(s.channel)] += 1;
    if (s.returning) returning += 1;
    if (s.bounce) {
      bounces += 1;
      EXPECT_LT(seconds_of(s.start, s.end), 10.001);
    } else {
      engaged.push_back(seconds_of(s.start, s.end));
    }
  }
  EXPECT_NEAR(bots / (bots + humans), 0.05, 0.003);
  EXPECT_NEAR(bounces / humans, 0.40, 0.005);
  EXPECT_NEAR(returning / humans, 0.25, 0.005);
  std::nth_element(engaged.begin(), engaged.begin() + static_cast<long>(engaged.size() / 2), engaged.end());
  EXPECT_NEAR(engaged[engaged.size() / 2], 90, 3);
  const SimParams defaults;
  for (std::size_t i = 0; i < kSimChannels; ++i) EXPECT_NEAR(channels[i] / humans, defaults.channel_shares[i], 0.005);
}

TEST(SimTraffic, CallsMatchTheirParameters) {
  const Traffic& t = big();
  double web = 0, repeats = 0, during = 0, soon = 0, clicked = 0, soon_minutes = 0, static_calls = 0, spam = 0;
  double from_bounce = 0, from_engaged = 0, bounce_sessions = 0, engaged_sessions = 0;
  for (const auto& s : t.sessions)
    if (!s.bot) (s.bounce ? bounce_sessions : engaged_sessions) += 1;
  for (const auto& c : t.calls) {
    if (c.kind == CallKind::static_number) static_calls += 1;
    if (c.kind == CallKind::spam) spam += 1;
    if (c.kind == CallKind::repeat) repeats += 1;
    if (c.kind != CallKind::web) continue;
    web += 1;
    const SimSession& s = t.sessions[static_cast<std::size_t>(c.session)];
    EXPECT_FALSE(s.bot);
    EXPECT_EQ(c.caller, s.visitor);
    (s.bounce ? from_bounce : from_engaged) += 1;
    if (c.start <= s.end) {
      during += 1;
      if (c.tel_click) {
        clicked += 1;
        EXPECT_LE(*c.tel_click, c.start);
        EXPECT_GE(*c.tel_click, s.start);
      }
    } else if (c.start - s.end < 30min) {
      soon += 1;
      soon_minutes += seconds_of(s.end, c.start) / 60;
    }
  }
  // Calls from 0.5–3 % of sessions: bounces 0.3 %, engaged visits 2.5 % (a few late ones fall past the end).
  EXPECT_NEAR(from_bounce / bounce_sessions, 0.003, 0.0006);
  EXPECT_NEAR(from_engaged / engaged_sessions, 0.025, 0.0015);
  EXPECT_NEAR(during / web, 0.5, 0.03);
  // Exponential with mean 8 min, cut at 30 min: 97.6 % of the third, mean 7.3 min.
  EXPECT_NEAR(soon / web, 0.33 * 0.976, 0.03);
  EXPECT_NEAR(soon_minutes / soon, 7.3, 0.8);
  EXPECT_NEAR(clicked / during, 0.4, 0.04);
  // Repeats come ~2 days later: count them for first calls of the first week only (the second week's fall past the end).
  std::set<std::int32_t> first_week, repeated;
  for (const auto& c : t.calls) {
    if (c.kind == CallKind::web && c.start < t.start + std::chrono::days{7}) first_week.insert(c.session);
    if (c.kind == CallKind::repeat) repeated.insert(c.session);
  }
  double repeated_first_week = 0;
  for (auto s : first_week) repeated_first_week += repeated.count(s);
  EXPECT_NEAR(repeated_first_week / static_cast<double>(first_week.size()), 0.2, 0.03);
  EXPECT_GE(repeats, repeated_first_week);
  EXPECT_NEAR(static_calls / 14, 6, 1.5);
  EXPECT_NEAR(spam / 14, 2, 1);
  EXPECT_TRUE(std::is_sorted(t.calls.begin(), t.calls.end(),
                             [](const SimCall& a, const SimCall& b) { return a.start < b.start; }));
}

TEST(SimTraffic, VisitsReadAsTheirChannelWithTheRealCode) {
  SimParams p;
  p.sessions_per_day = 3000;
  p.days = 1;
  const Traffic t = generate_traffic(p, kMonday);
  for (const auto& s : t.sessions) {
    const VisitRequest r = visit_request(s);
    EXPECT_EQ(domain::is_automated_user_agent(r.user_agent), s.bot) << r.user_agent;
    if (s.bot) continue;
    const auto source = domain::read_traffic_source(r.page_url, r.referrer, kSimSiteHost);
    EXPECT_EQ(domain::to_string(source.channel), to_string(s.channel)) << r.page_url << " " << r.referrer;
  }
}

TEST(SimTraffic, PhoneNumbersAreValidAndDistinct) {
  for (std::uint32_t i : {0u, 1u, 9999u, 10000u, 799999u, 6'399'999u, 6'400'000u, (1u << 24) + 5, (1u << 25) + 5}) {
    auto n = domain::normalize_phone(caller_phone(i), "US", "caller");
    ASSERT_TRUE(n) << caller_phone(i);
    EXPECT_EQ(n->e164, caller_phone(i));
  }
  for (std::uint32_t i : {0u, 1u, 4999u, 20000u}) EXPECT_TRUE(domain::normalize_phone(pool_number(i), "US", "n"));
  EXPECT_NE(caller_phone(0), caller_phone(10000));
  EXPECT_NE(caller_phone(0), caller_phone(6'400'000));
  EXPECT_NE(pool_number(3), pool_number(10003));
}

}  // namespace
}  // namespace callsign::sim
