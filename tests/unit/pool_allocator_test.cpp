// PoolAllocator: which pool number a DNI session sees, when it gets it back, and the lease history it reports.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/time.hpp"
#include "domain/lease.hpp"
#include "domain/pool_allocator.hpp"

namespace callsign::domain {

// Readable failures; static: found by ADL, private to this test.
static void PrintTo(const LeaseEvent& e, std::ostream* os) {
  *os << "{" << e.number << ", " << e.session_id << ", " << to_string(e.kind) << ", " << to_unix_ms(e.at) << "ms}";
}

namespace {

using std::chrono::milliseconds;
using Kind = LeaseEventKind;

constexpr std::int64_t kEpoch = 1'772'960'400'000;  // 2026-03-08T09:00:00Z
constexpr milliseconds kHold{1000};

Timestamp t(std::int64_t ms) { return from_unix_ms(kEpoch + ms); }

PoolAllocator make_pool(std::vector<std::string> numbers, WhenExhausted when = WhenExhausted::reuse_oldest,
                        milliseconds hold = kHold) {
  auto pool = PoolAllocator::create(std::move(numbers), PoolPolicy{hold, when});
  EXPECT_TRUE(pool.has_value());
  return std::move(pool).value();
}

std::vector<std::string> numbers(int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back("+1415555" + std::to_string(1000 + i));
  return out;
}

// The number `session` gets at `at`, or "" when none; events are discarded unless `events` is given.
std::string number_for(PoolAllocator& pool, const std::string& session, std::int64_t at,
                       std::vector<LeaseEvent>* events = nullptr) {
  std::vector<LeaseEvent> scratch;
  auto a = pool.allocate(session, t(at), events ? *events : scratch);
  return a ? a->number : std::string{};
}

TEST(PoolAllocator, CreateRejectsNonPositiveHoldAndDuplicateNumbers) {
  auto zero = PoolAllocator::create({"+14155551000"}, PoolPolicy{milliseconds{0}, WhenExhausted::reuse_oldest});
  ASSERT_FALSE(zero.has_value());
  EXPECT_EQ(zero.error().field, "hold_seconds");
  auto negative = PoolAllocator::create({"+14155551000"}, PoolPolicy{milliseconds{-5}, WhenExhausted::reuse_oldest});
  EXPECT_FALSE(negative.has_value());
  auto dup = PoolAllocator::create({"+14155551000", "+14155551001", "+14155551000"}, PoolPolicy{});
  ASSERT_FALSE(dup.has_value());
  EXPECT_EQ(dup.error().field, "numbers");
  EXPECT_TRUE(PoolAllocator::create({}, PoolPolicy{}).has_value());
}

TEST(PoolAllocator, NeverUsedNumbersGoFirstInPoolOrder) {
  auto pool = make_pool({"A", "B", "C"});
  EXPECT_EQ(number_for(pool, "s1", 0), "A");
  std::vector<LeaseEvent> ev;
  EXPECT_EQ(pool.expire(t(5000), ev), 1u);  // A is free again, but B and C were never used
  EXPECT_EQ(number_for(pool, "s2", 5000), "B");
  EXPECT_EQ(number_for(pool, "s3", 5000), "C");
  EXPECT_EQ(number_for(pool, "s4", 5000), "A");
}

TEST(PoolAllocator, FreeNumberReleasedLeastRecentlyGoesFirst) {
  auto pool = make_pool({"A", "B", "C", "D"});
  std::vector<LeaseEvent> ev;
  for (const char* s : {"sa", "sb", "sc", "sd"}) number_for(pool, s, 0);  // A B C D
  // Last seen: C at 100, A at 200, D at 300, B at 400 → released in that order.
  ASSERT_TRUE(pool.touch("sc", t(100), ev));
  ASSERT_TRUE(pool.touch("sa", t(200), ev));
  ASSERT_TRUE(pool.touch("sd", t(300), ev));
  ASSERT_TRUE(pool.touch("sb", t(400), ev));
  EXPECT_EQ(number_for(pool, "n1", 10'000), "C");
  EXPECT_EQ(number_for(pool, "n2", 10'000), "A");
  EXPECT_EQ(number_for(pool, "n3", 10'000), "D");
  EXPECT_EQ(number_for(pool, "n4", 10'000), "B");
}

TEST(PoolAllocator, LiveSessionKeepsItsNumberAndExtends) {
  auto pool = make_pool({"A", "B"});
  std::vector<LeaseEvent> ev;
  auto first = pool.allocate("s1", t(0), ev);
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->started);
  EXPECT_EQ(first->expires_at, t(1000));
  auto again = pool.allocate("s1", t(600), ev);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->number, "A");
  EXPECT_FALSE(again->started);
  EXPECT_EQ(again->expires_at, t(1600));
  EXPECT_EQ(ev, (std::vector<LeaseEvent>{{"A", "s1", Kind::started, t(0)}, {"A", "s1", Kind::extended, t(600)}}));
  EXPECT_EQ(pool.stats(t(600)).allocations_total, 1u);  // extending is not a new allocation
  EXPECT_EQ(pool.in_use(t(1599)), 1u);
}

TEST(PoolAllocator, HoldIsHalfOpenLiveBeforeDeadlineEndedAtIt) {
  std::vector<LeaseEvent> ev;
  auto pool = make_pool({"A"});
  number_for(pool, "s1", 0);  // live in [0, 1000)
  EXPECT_EQ(pool.in_use(t(999)), 1u);
  EXPECT_EQ(pool.in_use(t(1000)), 0u);
  EXPECT_EQ(pool.expire(t(999), ev), 0u);
  EXPECT_TRUE(pool.touch("s1", t(999), ev));  // now live in [0, 1999)
  EXPECT_FALSE(pool.touch("s1", t(1999), ev));  // at the deadline it has ended, even before expire() runs
  ev.clear();
  EXPECT_EQ(pool.expire(t(1999), ev), 1u);
  EXPECT_EQ(ev, (std::vector<LeaseEvent>{{"A", "s1", Kind::ended, t(1999)}}));
  // The number can go to someone else at that same instant.
  EXPECT_EQ(number_for(pool, "s2", 1999), "A");
}

TEST(PoolAllocator, ExpireEndsLeasesAtTheirDeadlineInDeadlineOrder) {
  auto pool = make_pool({"A", "B", "C"});
  std::vector<LeaseEvent> ev;
  number_for(pool, "s1", 0);    // A
  number_for(pool, "s2", 100);  // B
  number_for(pool, "s3", 200);  // C
  ASSERT_TRUE(pool.touch("s1", t(300), ev));
  ev.clear();
  EXPECT_EQ(pool.expire(t(1150), ev), 1u);
  EXPECT_EQ(pool.expire(t(60'000), ev), 2u);  // noticed late; stamped with the real end
  EXPECT_EQ(ev, (std::vector<LeaseEvent>{{"B", "s2", Kind::ended, t(1100)},
                                         {"C", "s3", Kind::ended, t(1200)},
                                         {"A", "s1", Kind::ended, t(1300)}}));
  EXPECT_EQ(pool.expire(t(60'000), ev), 0u);
}

TEST(PoolAllocator, AllocateReportsDueEndingsBeforeItsOwnEvent) {
  auto pool = make_pool({"A", "B"});
  std::vector<LeaseEvent> ev;
  number_for(pool, "s1", 0);
  number_for(pool, "s2", 5000, &ev);
  EXPECT_EQ(ev, (std::vector<LeaseEvent>{{"A", "s1", Kind::ended, t(1000)}, {"B", "s2", Kind::started, t(5000)}}));
}

TEST(PoolAllocator, DefaultNumberPolicyReturnsNoNumberAndCountsExhaustion) {
  auto pool = make_pool({"A", "B"}, WhenExhausted::default_number);
  std::vector<LeaseEvent> ev;
  EXPECT_EQ(number_for(pool, "s1", 0), "A");
  EXPECT_EQ(number_for(pool, "s2", 10), "B");
  auto none = pool.allocate("s3", t(20), ev);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().reason, NoNumberReason::exhausted);
  EXPECT_TRUE(ev.empty());
  EXPECT_FALSE(pool.touch("s3", t(30), ev));
  EXPECT_TRUE(pool.allocate("s1", t(40), ev));  // live sessions are unaffected
  auto st = pool.stats(t(40));
  EXPECT_EQ(st.exhausted_total, 1u);
  EXPECT_EQ(st.evictions_total, 0u);
  EXPECT_EQ(st.in_use, 2u);
  EXPECT_EQ(number_for(pool, "s3", 1010), "B");  // s2 ended at 1010
}

TEST(PoolAllocator, ReuseOldestHandsOverTheLongestIdleNumber) {
  auto pool = make_pool({"A", "B", "C"});
  std::vector<LeaseEvent> ev;
  number_for(pool, "s1", 0);   // A
  number_for(pool, "s2", 10);  // B
  number_for(pool, "s3", 20);  // C
  ASSERT_TRUE(pool.touch("s1", t(30), ev));  // B (last seen 10) is now the longest idle
  ev.clear();
  auto a = pool.allocate("s4", t(40), ev);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->number, "B");
  EXPECT_EQ(a->evicted_session, std::optional<std::string>("s2"));
  EXPECT_EQ(ev, (std::vector<LeaseEvent>{{"B", "s2", Kind::evicted, t(40)}, {"B", "s4", Kind::started, t(40)}}));
  EXPECT_FALSE(pool.touch("s2", t(50), ev));
  auto st = pool.stats(t(50));
  EXPECT_EQ(st.evictions_total, 1u);
  EXPECT_EQ(st.exhausted_total, 1u);
  EXPECT_EQ(st.in_use, 3u);
  // The evicted session comes back: it takes the next longest idle (C, last seen 20).
  EXPECT_EQ(number_for(pool, "s2", 60), "C");
}

TEST(PoolAllocator, EmptyPoolHasNoNumberUnderEitherPolicy) {
  for (auto when : {WhenExhausted::reuse_oldest, WhenExhausted::default_number}) {
    auto pool = make_pool({}, when);
    std::vector<LeaseEvent> ev;
    auto a = pool.allocate("s1", t(0), ev);
    ASSERT_FALSE(a);
    EXPECT_EQ(a.error().reason, NoNumberReason::empty_pool);
    EXPECT_EQ(pool.stats(t(0)).exhausted_total, 1u);
  }
}

TEST(PoolAllocator, SessionWhoseLeaseEndedGetsItsOwnNumberBackWhileFree) {
  auto pool = make_pool({"A", "B", "C"});
  std::vector<LeaseEvent> ev;
  EXPECT_EQ(number_for(pool, "s1", 0), "A");
  // Background tab: pings stopped, the hold ran out. B and C were never used, yet s1 sees A again.
  EXPECT_EQ(number_for(pool, "s1", 5000, &ev), "A");
  EXPECT_EQ(ev, (std::vector<LeaseEvent>{{"A", "s1", Kind::ended, t(1000)}, {"A", "s1", Kind::started, t(5000)}}));
  EXPECT_EQ(pool.stats(t(5000)).allocations_total, 2u);
  // Once A has gone to someone else, s1 takes whatever is next.
  EXPECT_EQ(number_for(pool, "s2", 7000), "B");
  EXPECT_EQ(number_for(pool, "s3", 7000), "C");
  EXPECT_EQ(number_for(pool, "s4", 7000), "A");
  EXPECT_EQ(number_for(pool, "s1", 9000), "B");
}

TEST(PoolAllocator, ReleaseKeepsTheHoldForLateCallers) {
  auto pool = make_pool({"A", "B"});
  std::vector<LeaseEvent> ev;
  number_for(pool, "s1", 0);
  EXPECT_TRUE(pool.release("s1", t(400), ev));
  EXPECT_EQ(ev.back(), (LeaseEvent{"A", "s1", Kind::extended, t(400)}));
  EXPECT_EQ(pool.in_use(t(1399)), 1u);
  EXPECT_EQ(pool.in_use(t(1400)), 0u);
  EXPECT_FALSE(pool.release("nobody", t(400), ev));
}

TEST(PoolAllocator, TimeGoingBackwardsIsTreatedAsTheLatestNow) {
  auto pool = make_pool({"A", "B"});
  std::vector<LeaseEvent> ev;
  number_for(pool, "s1", 5000);
  ASSERT_TRUE(pool.touch("s1", t(1000), ev));  // clock stepped back: counted as 5000
  EXPECT_EQ(ev.back().at, t(5000));
  EXPECT_EQ(pool.in_use(t(0)), 1u);
  EXPECT_EQ(pool.in_use(t(6000)), 0u);
}

TEST(PoolAllocator, StatsCountSizeInUsePeakAndTotals) {
  auto pool = make_pool(numbers(4));
  std::vector<LeaseEvent> ev;
  number_for(pool, "s1", 0);
  number_for(pool, "s2", 100);
  number_for(pool, "s3", 200);
  number_for(pool, "s1", 300);  // extension
  auto st = pool.stats(t(300));
  EXPECT_EQ(st.size, 4u);
  EXPECT_EQ(st.in_use, 3u);
  EXPECT_EQ(st.peak_in_use, 3u);
  EXPECT_EQ(st.allocations_total, 3u);
  st = pool.stats(t(1150));  // s2 ended at 1100
  EXPECT_EQ(st.in_use, 2u);
  EXPECT_EQ(st.peak_in_use, 3u);
  EXPECT_EQ(pool.stats(t(10'000)).in_use, 0u);
  EXPECT_EQ(pool.size(), 4u);
}

TEST(PoolAllocator, MovedAllocatorKeepsItsSessions) {
  auto pool = make_pool(numbers(3));
  for (int i = 0; i < 3; ++i) number_for(pool, "a_session_id_longer_than_sso_" + std::to_string(i), 0);
  PoolAllocator moved = std::move(pool);
  std::vector<LeaseEvent> ev;
  EXPECT_TRUE(moved.touch("a_session_id_longer_than_sso_1", t(10), ev));
  auto a = moved.allocate("a_session_id_longer_than_sso_2", t(20), ev);
  ASSERT_TRUE(a);
  EXPECT_FALSE(a->started);
  EXPECT_EQ(a->number, numbers(3)[2]);
}

// ---- restore -------------------------------------------------------------------------------------------

TEST(PoolAllocator, RestoreKeepsSessionsOnTheirNumbers) {
  auto fresh = make_pool({"A", "B", "C", "D"});
  std::vector<LeaseEvent> ev;
  PoolSnapshot snap;
  snap.leases = {{"s9", "C", t(0), t(500)}, {"s8", "A", t(100), t(200)}};
  snap.releases = {{"D", t(50), "s7"}, {"B", t(20), ""}};
  ASSERT_EQ(fresh.restore(snap).value(), 0u);
  EXPECT_EQ(fresh.snapshot(), (PoolSnapshot{{{"s8", "A", t(100), t(200)}, {"s9", "C", t(0), t(500)}},
                                            {{"B", t(20), ""}, {"D", t(50), "s7"}}}));
  auto again = fresh.allocate("s9", t(600), ev);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->number, "C");
  EXPECT_FALSE(again->started);
  EXPECT_TRUE(fresh.touch("s8", t(700), ev));
  EXPECT_EQ(number_for(fresh, "s7", 800), "D");  // its own released number
  EXPECT_EQ(number_for(fresh, "new", 800), "B");
  EXPECT_EQ(fresh.stats(t(800)).in_use, 4u);
}

TEST(PoolAllocator, RestoreThenExpireEndsLeasesThatRanOutWhileDown) {
  auto pool = make_pool({"A", "B"});
  PoolSnapshot snap;
  snap.leases = {{"s1", "A", t(0), t(300)}, {"s2", "B", t(0), t(100)}};
  ASSERT_TRUE(pool.restore(snap));
  std::vector<LeaseEvent> ev;
  EXPECT_EQ(pool.expire(t(3'600'000), ev), 2u);
  EXPECT_EQ(ev, (std::vector<LeaseEvent>{{"B", "s2", Kind::ended, t(1100)}, {"A", "s1", Kind::ended, t(1300)}}));
  EXPECT_EQ(number_for(pool, "s3", 3'600'000), "B");  // released least recently
}

TEST(PoolAllocator, RestoreSkipsUnknownNumbersAndRejectsDuplicatesWithoutChangingState) {
  auto pool = make_pool({"A", "B"});
  number_for(pool, "s1", 0);
  const PoolSnapshot before = pool.snapshot();

  PoolSnapshot two_on_a{{{"x", "A", t(0), t(0)}, {"y", "A", t(0), t(0)}}, {}};
  auto r = pool.restore(two_on_a);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "leases");
  PoolSnapshot session_twice{{{"x", "A", t(0), t(0)}, {"x", "B", t(0), t(0)}}, {}};
  EXPECT_FALSE(pool.restore(session_twice));
  PoolSnapshot released_twice{{}, {{"A", t(0), ""}, {"A", t(1), ""}}};
  EXPECT_FALSE(pool.restore(released_twice));
  EXPECT_EQ(pool.snapshot(), before);

  PoolSnapshot removed_number{{{"x", "Z", t(0), t(0)}, {"y", "B", t(0), t(10)}}, {{"Q", t(0), ""}}};
  EXPECT_EQ(pool.restore(removed_number).value(), 2u);
  EXPECT_EQ(number_for(pool, "y", 20), "B");
  EXPECT_EQ(number_for(pool, "z", 20), "A");
}

// ---- properties over random traffic --------------------------------------------------------------------

// An independent, obviously-correct (linear-scan) view of the pool, updated from the allocator's own reports
// and checked against the rules at every step.
struct Model {
  struct Lease {
    std::string session;
    Timestamp last_seen;
  };
  std::vector<std::string> numbers;
  milliseconds hold{};
  std::map<std::string, Lease> open;                 // number → open lease (ended or not yet processed)
  std::map<std::string, Timestamp> released_at;      // free numbers that were used
  std::map<std::string, std::string> last_holder;    // number → its last session while free
  std::uint64_t allocations = 0, evictions = 0, exhausted = 0;
  std::uint64_t own_returns = 0, reused = 0;  // coverage of the rules, checked at the end
  std::size_t peak = 0;

  bool is_free(const std::string& n) const { return !open.contains(n); }
  std::optional<std::string> number_of(const std::string& session) const {
    for (const auto& [n, l] : open) {
      if (l.session == session) return n;
    }
    return std::nullopt;
  }
  std::size_t live_at(Timestamp now) const {
    return std::count_if(open.begin(), open.end(), [&](const auto& e) { return e.second.last_seen + hold > now; });
  }
  // Expect exactly the due leases to end, at their deadlines, in deadline order.
  void expect_endings(Timestamp now, const std::vector<LeaseEvent>& ev, std::size_t& pos) {
    std::vector<std::pair<Timestamp, std::string>> due;
    for (const auto& [n, l] : open) {
      if (l.last_seen + hold <= now) due.emplace_back(l.last_seen + hold, n);
    }
    std::sort(due.begin(), due.end());
    Timestamp previous = Timestamp::min();
    for (std::size_t i = 0; i < due.size(); ++i, ++pos) {
      ASSERT_LT(pos, ev.size());
      const LeaseEvent& e = ev[pos];
      ASSERT_EQ(e.kind, Kind::ended);
      ASSERT_TRUE(open.contains(e.number));
      ASSERT_EQ(e.session_id, open.at(e.number).session);
      ASSERT_EQ(e.at, open.at(e.number).last_seen + hold);
      ASSERT_GE(e.at, previous);
      previous = e.at;
      released_at[e.number] = e.at;
      last_holder[e.number] = e.session_id;
      open.erase(e.number);
    }
  }
};

void check_allocate(Model& m, PoolAllocator& pool, const std::string& session, Timestamp now, WhenExhausted when) {
  std::vector<LeaseEvent> ev;
  const auto result = pool.allocate(session, now, ev);
  std::size_t pos = 0;
  m.expect_endings(now, ev, pos);
  if (::testing::Test::HasFatalFailure()) return;

  if (auto held = m.number_of(session)) {  // live: same number, extended
    ASSERT_TRUE(result);
    ASSERT_EQ(result->number, *held);
    ASSERT_FALSE(result->started);
    ASSERT_EQ(ev.size(), pos + 1);
    ASSERT_EQ(ev[pos], (LeaseEvent{*held, session, Kind::extended, now}));
    m.open[*held].last_seen = now;
    return;
  }
  std::vector<std::string> free;
  for (const auto& n : m.numbers) {
    if (m.is_free(n)) free.push_back(n);
  }
  if (free.empty()) {
    ++m.exhausted;
    if (when == WhenExhausted::default_number || m.numbers.empty()) {
      ASSERT_FALSE(result);
      ASSERT_EQ(ev.size(), pos);
      return;
    }
    ASSERT_TRUE(result);
    ASSERT_EQ(ev.size(), pos + 2);
    const LeaseEvent& evicted = ev[pos];
    ASSERT_EQ(evicted.kind, Kind::evicted);
    for (const auto& [n, l] : m.open) ASSERT_LE(m.open.at(evicted.number).last_seen, l.last_seen) << "not longest idle";
    ASSERT_EQ(evicted.session_id, m.open.at(evicted.number).session);
    ASSERT_EQ(result->evicted_session, evicted.session_id);
    ++m.evictions;
  } else {
    ASSERT_TRUE(result);
    ASSERT_EQ(ev.size(), pos + 1);
    ASSERT_TRUE(m.is_free(result->number)) << "a second live lease on " << result->number;
    ASSERT_FALSE(result->evicted_session.has_value());
    // Own number back if still free; else never-used first in pool order; else least recently released.
    std::optional<std::string> own;
    for (const auto& n : free) {
      if (m.last_holder.contains(n) && m.last_holder.at(n) == session) own = n;
    }
    std::optional<std::string> never_used;
    for (const auto& n : free) {
      if (!m.released_at.contains(n)) {
        never_used = n;
        break;
      }
    }
    if (own) {
      ASSERT_EQ(result->number, *own);
      ++m.own_returns;
    } else if (never_used) {
      ASSERT_EQ(result->number, *never_used);
    } else {
      for (const auto& n : free) ASSERT_LE(m.released_at.at(result->number), m.released_at.at(n));
      ++m.reused;
    }
  }
  const LeaseEvent& started = ev.back();
  ASSERT_EQ(started, (LeaseEvent{result->number, session, Kind::started, now}));
  ASSERT_TRUE(result->started);
  ASSERT_EQ(result->expires_at, now + m.hold);
  for (auto it = m.last_holder.begin(); it != m.last_holder.end();) {  // the session's old number is forgotten
    it = (it->second == session || it->first == result->number) ? m.last_holder.erase(it) : std::next(it);
  }
  m.released_at.erase(result->number);  // leased again: free numbers without a release time are never-used
  m.open[result->number] = Model::Lease{session, now};
  ++m.allocations;
  m.peak = std::max(m.peak, m.open.size());
}

void run_random_traffic(WhenExhausted when, std::uint32_t seed, int pool_size, int steps) {
  auto pool = make_pool(numbers(pool_size), when, milliseconds{2000});
  Model m;
  m.numbers = numbers(pool_size);
  m.hold = milliseconds{2000};
  std::mt19937 rng(seed);
  std::int64_t clock = 0;
  int next_session = 0;
  std::vector<std::string> sessions;

  for (int step = 0; step < steps; ++step) {
    SCOPED_TRACE("step " + std::to_string(step) + " seed " + std::to_string(seed));
    clock += std::uniform_int_distribution<int>(0, 3)(rng) == 0 ? std::uniform_int_distribution<int>(0, 2500)(rng)
                                                                 : std::uniform_int_distribution<int>(0, 40)(rng);
    const Timestamp now = t(clock);
    const int op = std::uniform_int_distribution<int>(0, 99)(rng);
    if (op < 40 || sessions.empty()) {  // a new visitor
      sessions.push_back("ses_" + std::to_string(next_session++));
      check_allocate(m, pool, sessions.back(), now, when);
    } else if (op < 60) {  // a returning session (maybe expired, maybe evicted)
      const auto& s = sessions[std::uniform_int_distribution<std::size_t>(0, sessions.size() - 1)(rng)];
      check_allocate(m, pool, s, now, when);
    } else if (op < 90) {  // a ping or a beacon
      const auto& s = sessions[std::uniform_int_distribution<std::size_t>(0, sessions.size() - 1)(rng)];
      std::vector<LeaseEvent> ev;
      const bool ok = op < 85 ? pool.touch(s, now, ev) : pool.release(s, now, ev);
      const auto held = m.number_of(s);
      const bool live = held && m.open.at(*held).last_seen + m.hold > now;
      ASSERT_EQ(ok, live);
      if (live) {
        ASSERT_EQ(ev, (std::vector<LeaseEvent>{{*held, s, Kind::extended, now}}));
        m.open[*held].last_seen = now;
      } else {
        ASSERT_TRUE(ev.empty());
      }
    } else {
      std::vector<LeaseEvent> ev;
      const std::size_t ended = pool.expire(now, ev);
      std::size_t pos = 0;
      m.expect_endings(now, ev, pos);
      ASSERT_EQ(pos, ev.size());
      ASSERT_EQ(ended, ev.size());
    }
    if (::testing::Test::HasFatalFailure()) return;
    if (sessions.size() > 400) sessions.erase(sessions.begin(), sessions.begin() + 200);

    // Invariants after every step.
    const PoolStats st = pool.stats(now);
    ASSERT_EQ(st.in_use, m.live_at(now));
    ASSERT_EQ(st.allocations_total, m.allocations);
    ASSERT_EQ(st.evictions_total, m.evictions);
    ASSERT_EQ(st.exhausted_total, m.exhausted);
    ASSERT_EQ(st.peak_in_use, m.peak);
    std::map<std::string, int> sessions_holding;
    for (const auto& [n, l] : m.open) ASSERT_EQ(++sessions_holding[l.session], 1) << l.session << " holds two numbers";
    const PoolSnapshot snap = pool.snapshot();
    ASSERT_EQ(snap.leases.size(), m.open.size());
    for (const auto& l : snap.leases) {
      ASSERT_TRUE(m.open.contains(l.number));
      ASSERT_EQ(m.open.at(l.number).session, l.session_id);
      ASSERT_EQ(m.open.at(l.number).last_seen, l.last_seen);
    }
  }
  // The traffic reached every rule.
  EXPECT_GT(m.exhausted, 0u);
  EXPECT_GT(m.reused, 0u);
  if (pool_size > 1) {  // with one number, a new visitor nearly always takes it before its holder returns
    EXPECT_GT(m.own_returns, 0u);
  }
  if (when == WhenExhausted::reuse_oldest) {
    EXPECT_GT(m.evictions, 0u);
  }
  EXPECT_GT(pool.stats(t(clock)).peak_in_use, static_cast<std::size_t>(pool_size) / 2);
}

TEST(PoolAllocatorProperty, RandomTrafficReuseOldest) {
  for (std::uint32_t seed : {1u, 2u, 3u}) run_random_traffic(WhenExhausted::reuse_oldest, seed, 12, 6000);
}

TEST(PoolAllocatorProperty, RandomTrafficDefaultNumber) {
  for (std::uint32_t seed : {4u, 5u, 6u}) run_random_traffic(WhenExhausted::default_number, seed, 12, 6000);
}

TEST(PoolAllocatorProperty, RandomTrafficSingleNumberPool) {
  run_random_traffic(WhenExhausted::reuse_oldest, 7, 1, 3000);
  run_random_traffic(WhenExhausted::default_number, 8, 1, 3000);
}

// A restored allocator behaves exactly like the one it was snapshotted from, event for event.
TEST(PoolAllocatorProperty, RestoredAllocatorMakesTheSameDecisions) {
  for (auto when : {WhenExhausted::reuse_oldest, WhenExhausted::default_number}) {
    auto original = make_pool(numbers(8), when, milliseconds{2000});
    std::mt19937 rng(42);
    std::int64_t clock = 0;
    std::vector<LeaseEvent> ignored;
    auto drive = [&](PoolAllocator& pool, std::mt19937& r, std::int64_t& c, std::vector<LeaseEvent>& ev) {
      c += std::uniform_int_distribution<int>(0, 300)(r);
      const std::string s = "ses_" + std::to_string(std::uniform_int_distribution<int>(0, 30)(r));
      if (std::uniform_int_distribution<int>(0, 2)(r) == 0) {
        const bool live = pool.touch(s, t(c), ev);
        ev.push_back(LeaseEvent{live ? "touched" : "not live", s, Kind::extended, t(c)});
      } else {
        auto a = pool.allocate(s, t(c), ev);
        ev.push_back(LeaseEvent{a ? "got " + a->number : "no number", s, Kind::started, t(c)});
      }
    };
    for (int i = 0; i < 500; ++i) drive(original, rng, clock, ignored);

    auto restored = make_pool(numbers(8), when, milliseconds{2000});
    ASSERT_EQ(restored.restore(original.snapshot()).value(), 0u);
    ASSERT_EQ(restored.snapshot(), original.snapshot());
    std::mt19937 rng2 = rng;
    std::int64_t clock2 = clock;
    std::vector<LeaseEvent> a, b;
    for (int i = 0; i < 2000; ++i) {
      a.clear();
      b.clear();
      drive(original, rng, clock, a);
      drive(restored, rng2, clock2, b);
      ASSERT_EQ(a, b) << "step " << i;
    }
    EXPECT_EQ(restored.stats(t(clock)).in_use, original.stats(t(clock)).in_use);
  }
}

}  // namespace
}  // namespace callsign::domain
