// The pool sizing advisor (src/sim/recorded_traffic.hpp, src/sim/pool_advice.hpp): recorded visits become
// simulator traffic with the recorded attribution as truth, and the advice on a seeded traffic is the smallest
// size reaching the target (the size below misses it), or says why there is none.
#include <gtest/gtest.h>

#include <algorithm>

#include "sim/pool_advice.hpp"
#include "sim/recorded_traffic.hpp"
#include "sim/replay.hpp"

namespace callsign::sim {
namespace {

using namespace std::chrono_literals;

const Timestamp kMonday{std::chrono::sys_days{std::chrono::year{2026} / 3 / 2}};

domain::RecordedPoolCall recorded_call(Timestamp at, std::string caller) {
  domain::RecordedPoolCall c;
  c.started_at = at;
  c.answered_at = at + 5s;
  c.ended_at = at + 65s;
  c.caller = std::move(caller);
  c.method = domain::AttributionMethod::session;
  return c;
}

domain::RecordedVisit visit(std::string id, std::string visitor, Timestamp start, std::chrono::seconds length,
                            std::string channel) {
  domain::RecordedVisit v;
  v.session_id = std::move(id);
  v.visitor_id = std::move(visitor);
  v.started_at = start;
  v.last_seen_at = start + length;
  v.channel = std::move(channel);
  v.user_agent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36";
  v.got_number = true;
  return v;
}

TEST(RecordedTraffic, VisitsAndCallsKeepTheirTimingAndTruth) {
  domain::RecordedPoolTraffic rec;
  auto a = visit("ses_a", "vis_1", kMonday + 1h, 120s, "paid_social");
  auto first = recorded_call(kMonday + 1h + 60s, "+12125550111");
  first.tel_click = kMonday + 1h + 50s;
  a.calls = {first, recorded_call(kMonday + 30h, "+12125550111")};  // the same caller again: a repeat
  auto b = visit("ses_b", "vis_1", kMonday + 2h, 5s, "organic");  // a returning visitor
  auto bot = visit("ses_c", "vis_2", kMonday + 3h, 0s, "direct");
  bot.user_agent = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
  auto odd = visit("ses_d", "vis_3", kMonday + 4h, 30s, "offline");
  rec.visits = {a, b, bot, odd};
  auto spam = recorded_call(kMonday + 5h, "+12125550199");
  spam.spam = true;
  spam.method = domain::AttributionMethod::none;
  auto unknown = recorded_call(kMonday + 6h, "+12125550122");
  unknown.method = domain::AttributionMethod::none;
  rec.unmatched = {unknown, spam};

  const RecordedTraffic got = to_traffic(rec, kMonday, 2, 600);
  const Traffic& t = got.traffic;
  EXPECT_EQ(t.start, kMonday);
  EXPECT_EQ(t.params.days, 2);
  EXPECT_EQ(t.params.hold_seconds, 600);
  ASSERT_EQ(t.sessions.size(), 4u);
  EXPECT_EQ(got.human_sessions, 3u);
  EXPECT_EQ(t.sessions[0].channel, SimChannel::social);  // the simulator has no paid_social
  EXPECT_EQ(t.sessions[0].start, kMonday + 1h);
  EXPECT_EQ(t.sessions[0].end, kMonday + 1h + 120s);
  EXPECT_EQ(t.sessions[1].channel, SimChannel::organic);
  EXPECT_EQ(t.sessions[1].visitor, t.sessions[0].visitor);
  EXPECT_TRUE(t.sessions[1].returning);
  EXPECT_TRUE(t.sessions[1].bounce);
  EXPECT_TRUE(t.sessions[2].bot);
  EXPECT_EQ(t.sessions[3].channel, SimChannel::direct);
  EXPECT_EQ(t.visitors, 3u);

  ASSERT_EQ(t.calls.size(), 3u);  // the unattributed one is excluded
  EXPECT_EQ(got.calls, 3u);
  EXPECT_EQ(got.excluded_calls, 1u);
  EXPECT_EQ(t.calls[0].kind, CallKind::web);
  EXPECT_EQ(t.calls[0].session, 0);
  EXPECT_EQ(t.calls[0].tel_click, kMonday + 1h + 50s);
  EXPECT_EQ(t.calls[0].answered_at, kMonday + 1h + 65s);
  EXPECT_EQ(t.calls[1].kind, CallKind::spam);
  EXPECT_TRUE(t.calls[1].spam_to_pool);
  EXPECT_TRUE(t.calls[1].blocked);
  EXPECT_EQ(t.calls[2].kind, CallKind::repeat);
  EXPECT_EQ(t.calls[2].caller, t.calls[0].caller);
  EXPECT_EQ(t.calls[2].start, kMonday + 30h);
}

TEST(RecordedTraffic, CallsOutsideTheWindowAreExcluded) {
  domain::RecordedPoolTraffic rec;
  auto a = visit("ses_a", "vis_1", kMonday + 1h, 60s, "direct");
  a.calls = {recorded_call(kMonday + 25h, "+12125550111")};  // after a one-day window
  rec.visits = {a};
  const RecordedTraffic got = to_traffic(rec, kMonday, 1, 900);
  EXPECT_TRUE(got.traffic.calls.empty());
  EXPECT_EQ(got.excluded_calls, 1u);
}

// Simulated traffic replayed at `size`, written down as the recorder would have stored it.
domain::RecordedPoolTraffic record(const Traffic& traffic, std::size_t size) {
  auto run = run_callsign(traffic, PoolConfig{size});
  EXPECT_TRUE(run) << run.error().message;
  domain::RecordedPoolTraffic rec;
  for (std::size_t i = 0; i < traffic.sessions.size(); ++i) {
    const SimSession& s = traffic.sessions[i];
    domain::RecordedVisit v = visit("ses_" + std::to_string(i), "vis_" + std::to_string(s.visitor), s.start,
                                    std::chrono::duration_cast<std::chrono::seconds>(s.end - s.start),
                                    std::string(to_string(s.channel)));
    if (s.bot) v.user_agent = visit_request(s).user_agent;
    rec.visits.push_back(v);
  }
  for (std::size_t i = 0; i < traffic.calls.size(); ++i) {
    const SimCall& call = traffic.calls[i];
    const CallOutcome& out = run->outcomes[i];
    if (!out.dialled_pool) continue;
    domain::RecordedPoolCall c = recorded_call(call.start, caller_phone(call.caller));
    c.spam = call.kind == CallKind::spam && call.blocked;
    c.tel_click = call.tel_click;
    if (out.attributed_session >= 0 && !c.spam) {
      rec.visits[static_cast<std::size_t>(out.attributed_session)].calls.push_back(c);
    } else {
      c.method = domain::AttributionMethod::none;
      rec.unmatched.push_back(c);
    }
  }
  return rec;
}

const Traffic& week() {
  static const Traffic traffic = [] {
    SimParams p;
    p.sessions_per_day = 1500;
    p.days = 7;
    p.seed = 11;
    return generate_traffic(p, kMonday);
  }();
  return traffic;
}

TEST(PoolAdvice, ReplayingTheRecordingAtItsOwnSizeAgreesWithIt) {
  const RecordedTraffic rec = to_traffic(record(week(), 60), kMonday, 7, 900);
  EXPECT_GT(rec.excluded_calls, 0u);  // some calls were left unattributed at 60 numbers
  auto advice = advise_pool_size(rec.traffic, 60, 0.9);
  ASSERT_TRUE(advice) << advice.error().message;
  const auto at = std::find_if(advice->curve.begin(), advice->curve.end(),
                               [](const AdvicePoint& p) { return p.pool_size == 60; });
  ASSERT_NE(at, advice->curve.end());
  EXPECT_GE(at->channel_level, 0.97);  // the same sessions, calls and numbers give the same attributions
}

TEST(PoolAdvice, RecommendsTheSmallestSizeReachingTheTarget) {
  auto advice = advise_pool_size(week(), 40, 0.85);
  ASSERT_TRUE(advice) << advice.error().message;
  ASSERT_EQ(advice->status, AdviceStatus::ok);
  ASSERT_TRUE(advice->recommended_size);
  const std::size_t n = *advice->recommended_size;
  auto point = [&](std::size_t size) {
    return std::find_if(advice->curve.begin(), advice->curve.end(),
                        [&](const AdvicePoint& p) { return p.pool_size == size; });
  };
  ASSERT_NE(point(n), advice->curve.end());
  EXPECT_GE(point(n)->channel_level, 0.85);
  ASSERT_GT(n, 1u);
  ASSERT_NE(point(n - 1), advice->curve.end());
  EXPECT_LT(point(n - 1)->channel_level, 0.85);
  EXPECT_NE(point(40), advice->curve.end());  // the current size is on the curve
  EXPECT_GE(advice->calls, kMinAdviceCalls);
  EXPECT_TRUE(std::is_sorted(advice->curve.begin(), advice->curve.end(),
                             [](const AdvicePoint& a, const AdvicePoint& b) { return a.pool_size < b.pool_size; }));
  EXPECT_DOUBLE_EQ(point(n)->number_months, static_cast<double>(n) * 7 / 30);

  auto again = advise_pool_size(week(), 40, 0.85);  // deterministic
  ASSERT_TRUE(again);
  EXPECT_EQ(again->recommended_size, advice->recommended_size);
}

TEST(PoolAdvice, UnreachableTarget) {
  auto advice = advise_pool_size(week(), 40, 0.999);
  ASSERT_TRUE(advice) << advice.error().message;
  EXPECT_EQ(advice->status, AdviceStatus::target_unreachable);
  EXPECT_FALSE(advice->recommended_size);
  EXPECT_FALSE(advice->curve.empty());
}

TEST(PoolAdvice, InsufficientTraffic) {
  SimParams p;
  p.sessions_per_day = 40;
  p.days = 2;
  auto advice = advise_pool_size(generate_traffic(p, kMonday), 5, 0.9);
  ASSERT_TRUE(advice) << advice.error().message;
  EXPECT_EQ(advice->status, AdviceStatus::insufficient_traffic);
  EXPECT_LT(advice->sessions, kMinAdviceSessions);
  EXPECT_TRUE(advice->curve.empty());
  EXPECT_EQ(to_string(advice->status), "insufficient_traffic");
}

}  // namespace
}  // namespace callsign::sim
