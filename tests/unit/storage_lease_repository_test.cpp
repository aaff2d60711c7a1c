// SqliteLeaseRepository: lease events become [started_at, end) rows (in any order across sessions), the
// attribution queries keep the half-open edges, snapshot() rebuilds an allocator that gives the same sessions
// the same numbers after a restart, and usage() sweeps leases crossing the range edges.
#include <algorithm>
#include <ostream>
#include <random>
#include <set>

#include "domain/pool_allocator.hpp"
#include "storage_test_support.hpp"

namespace callsign::domain {
// Readable failures; static: found by ADL, private to this test.
static void PrintTo(const LeaseEvent& e, std::ostream* os) {
  *os << "{" << e.number << ", " << e.session_id << ", " << to_string(e.kind) << ", " << to_unix_ms(e.at) << "ms}";
}
static void PrintTo(const PersistedLease& l, std::ostream* os) {
  *os << "{" << l.session_id << ", " << l.number << ", " << to_unix_ms(l.started_at) << ", " << to_unix_ms(l.last_seen)
      << "}";
}
static void PrintTo(WhenExhausted policy, std::ostream* os) { *os << to_string(policy); }
static void PrintTo(const NumberRelease& r, std::ostream* os) {
  *os << "{" << r.number << ", " << to_unix_ms(r.released_at) << ", " << r.session_id << "}";
}
}  // namespace callsign::domain

namespace callsign::storage::testing {
namespace {

using domain::LeaseEvent;
using domain::LeaseRecord;
using domain::NumberRelease;
using domain::PersistedLease;
using domain::PoolAllocator;
using domain::PoolSnapshot;
using domain::WhenExhausted;
using Kind = domain::LeaseEventKind;
using std::chrono::milliseconds;

constexpr milliseconds kHold{1000};

LeaseEvent event(const std::string& number, const std::string& session, Kind kind, std::int64_t at) {
  return LeaseEvent{number, session, kind, at_ms(at)};
}

std::string visitor_of(const std::string& session_id) { return "vis_" + session_id; }

class LeaseRepositoryTest : public StorageTest {
 protected:
  void SetUp() override {
    store_ = open_store();
    ASSERT_TRUE(store_);
  }
  // Persists `events` in order, in one transaction, each with the visitor visitor_of(its session).
  void apply(const std::string& pool_id, const std::vector<LeaseEvent>& events, milliseconds hold = kHold) {
    write_ok(*store_, [&](domain::Repositories& repos) -> Result<void> {
      for (const auto& e : events)
        if (auto r = repos.leases().apply(pool_id, visitor_of(e.session_id), e, hold); !r) return r;
      return {};
    });
  }
  void record_exhaustions(const std::string& pool_id, const std::vector<std::int64_t>& at) {
    write_ok(*store_, [&](domain::Repositories& repos) -> Result<void> {
      for (auto ms : at)
        if (auto r = repos.leases().record_exhaustion(pool_id, at_ms(ms)); !r) return r;
      return {};
    });
  }
  std::optional<LeaseRecord> live_at(const std::string& number, std::int64_t t) {
    auto r = store_->read([&](domain::Repositories& repos) { return repos.leases().live_at(number, at_ms(t)); });
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : std::nullopt;
  }
  // The session holding `number` at t, or "" when none.
  std::string holder_at(const std::string& number, std::int64_t t) {
    auto lease = live_at(number, t);
    return lease ? lease->session_id : std::string{};
  }
  std::optional<std::int64_t> last_end_before(const std::string& number, std::int64_t t) {
    auto r =
        store_->read([&](domain::Repositories& repos) { return repos.leases().last_ended_before(number, at_ms(t)); });
    EXPECT_TRUE(r) << r.error().message;
    if (!r || !*r) return std::nullopt;
    return to_unix_ms((*r)->end());
  }
  PoolSnapshot snapshot(const std::string& pool_id, const std::vector<std::string>& numbers) {
    auto r = store_->read([&](domain::Repositories& repos) { return repos.leases().snapshot(pool_id, numbers); });
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : PoolSnapshot{};
  }
  domain::PoolUsage usage(const std::string& pool_id, std::int64_t from, std::int64_t to) {
    auto r = store_->read(
        [&](domain::Repositories& repos) { return repos.leases().usage(pool_id, at_ms(from), at_ms(to)); });
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : domain::PoolUsage{};
  }
  std::unique_ptr<sqlite::SqliteStore> store_;
};

TEST_F(LeaseRepositoryTest, StartedExtendedEndedMakeOneLease) {
  apply("pool_1", {event("+1", "ses_a", Kind::started, 1000)});
  auto lease = live_at("+1", 1000);
  ASSERT_TRUE(lease);
  EXPECT_EQ(*lease, (LeaseRecord{"pool_1", "+1", "ses_a", "vis_ses_a", at_ms(1000), at_ms(1000), at_ms(2000), {}}));

  apply("pool_1", {event("+1", "ses_a", Kind::extended, 1500)});
  lease = live_at("+1", 1000);
  ASSERT_TRUE(lease);
  EXPECT_EQ(lease->last_seen, at_ms(1500));
  EXPECT_EQ(lease->held_until, at_ms(2500));
  EXPECT_EQ(lease->started_at, at_ms(1000));

  // An older ping (written late) moves nothing back; a longer hold moves held_until only forward.
  apply("pool_1", {event("+1", "ses_a", Kind::extended, 1200)});
  apply("pool_1", {event("+1", "ses_a", Kind::extended, 1400)}, milliseconds{3000});
  lease = live_at("+1", 1000);
  ASSERT_TRUE(lease);
  EXPECT_EQ(lease->last_seen, at_ms(1500));
  EXPECT_EQ(lease->held_until, at_ms(4400));
  EXPECT_FALSE(lease->ended_at);
  EXPECT_EQ(lease->end(), at_ms(4400));

  apply("pool_1", {event("+1", "ses_a", Kind::ended, 4400)});
  lease = live_at("+1", 4399);
  ASSERT_TRUE(lease);
  EXPECT_EQ(lease->ended_at, at_ms(4400));
  EXPECT_FALSE(live_at("+1", 4400));

  // The lease has ended: later events for it match nothing and are not errors.
  apply("pool_1", {event("+1", "ses_a", Kind::extended, 5000), event("+1", "ses_a", Kind::ended, 6000)});
  lease = live_at("+1", 4399);
  ASSERT_TRUE(lease);
  EXPECT_EQ(lease->ended_at, at_ms(4400));
  EXPECT_EQ(lease->last_seen, at_ms(1500));
}

TEST_F(LeaseRepositoryTest, EvictedEndsAtItsInstantAndUnknownLeasesAreNoOps) {
  apply("pool_1", {event("+1", "ses_a", Kind::started, 1000), event("+1", "ses_a", Kind::evicted, 1300),
                   event("+1", "ses_b", Kind::started, 1300)});
  auto a = live_at("+1", 1299);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->session_id, "ses_a");
  EXPECT_EQ(a->ended_at, at_ms(1300));
  EXPECT_EQ(a->held_until, at_ms(2000));  // kept: the early end is ended_at
  EXPECT_EQ(a->end(), at_ms(1300));
  EXPECT_EQ(holder_at("+1", 1300), "ses_b");

  apply("pool_1", {event("+1", "ses_ghost", Kind::extended, 1400), event("+9", "ses_a", Kind::ended, 1400),
                   event("+1", "ses_ghost", Kind::evicted, 1400)});
  EXPECT_EQ(holder_at("+1", 1400), "ses_b");
  EXPECT_EQ(live_at("+1", 1400)->last_seen, at_ms(1300));
  EXPECT_FALSE(live_at("+9", 1400));
}

TEST_F(LeaseRepositoryTest, EventsOfDifferentSessionsLandInEitherOrder) {
  // A handover at 1300: ses_a evicted, ses_b started — written in both orders, on two numbers.
  apply("pool_1", {event("+1", "ses_a", Kind::started, 1000), event("+2", "ses_c", Kind::started, 1000)});
  apply("pool_1", {event("+1", "ses_a", Kind::evicted, 1300), event("+1", "ses_b", Kind::started, 1300),
                   event("+2", "ses_d", Kind::started, 1300), event("+2", "ses_c", Kind::evicted, 1300)});
  apply("pool_1", {event("+1", "ses_b", Kind::extended, 1600), event("+2", "ses_c", Kind::extended, 1600),
                   event("+2", "ses_d", Kind::extended, 1600), event("+1", "ses_a", Kind::extended, 1600)});
  for (const std::string number : {"+1", "+2"}) {
    const std::string before = number == "+1" ? "ses_a" : "ses_c";
    const std::string after = number == "+1" ? "ses_b" : "ses_d";
    EXPECT_EQ(holder_at(number, 999), "") << number;
    EXPECT_EQ(holder_at(number, 1000), before) << number;
    EXPECT_EQ(holder_at(number, 1299), before) << number;
    EXPECT_EQ(holder_at(number, 1300), after) << number;
    EXPECT_EQ(live_at(number, 1299)->end(), at_ms(1300)) << number;
    EXPECT_EQ(live_at(number, 1299)->last_seen, at_ms(1000)) << number;  // the late ping missed the ended lease
    EXPECT_EQ(live_at(number, 1300)->last_seen, at_ms(1600)) << number;
    EXPECT_EQ(holder_at(number, 2599), after) << number;
    EXPECT_EQ(holder_at(number, 2600), "") << number;
  }
}

TEST_F(LeaseRepositoryTest, LiveAtIsHalfOpenAndOnlyTheLatestStartedCounts) {
  apply("pool_1", {event("+1", "ses_a", Kind::started, 1000), event("+1", "ses_a", Kind::ended, 2000),
                   event("+1", "ses_b", Kind::started, 2000)});  // open, held until 3000
  EXPECT_EQ(holder_at("+1", 999), "");
  EXPECT_EQ(holder_at("+1", 1000), "ses_a");  // t == started_at: live
  EXPECT_EQ(holder_at("+1", 1999), "ses_a");
  EXPECT_EQ(holder_at("+1", 2000), "ses_b");  // t == end: ended, the next lease is live
  EXPECT_EQ(holder_at("+1", 2999), "ses_b");
  EXPECT_EQ(holder_at("+1", 3000), "");  // held_until of an open lease ends it too
  EXPECT_EQ(holder_at("+2", 1500), "");

  // A row left open in another pool after the number moved there: leases of one number never overlap, so the
  // later lease supersedes it, and once that one has ended nobody holds the number.
  apply("pool_old", {event("+3", "ses_old", Kind::started, 0)}, milliseconds{10'000});
  apply("pool_1", {event("+3", "ses_new", Kind::started, 5000), event("+3", "ses_new", Kind::evicted, 6000)});
  EXPECT_EQ(holder_at("+3", 4999), "ses_old");
  EXPECT_EQ(holder_at("+3", 5000), "ses_new");
  EXPECT_EQ(live_at("+3", 5999)->pool_id, "pool_1");
  EXPECT_EQ(holder_at("+3", 6000), "");
  EXPECT_EQ(holder_at("+3", 10'000), "");
}

TEST_F(LeaseRepositoryTest, LastEndBeforeIsTheLatestEndAtOrBeforeT) {
  apply("pool_1", {event("+1", "ses_a", Kind::started, 0), event("+1", "ses_a", Kind::ended, 1000),
                   event("+1", "ses_b", Kind::started, 2000), event("+1", "ses_b", Kind::evicted, 2500),
                   event("+1", "ses_c", Kind::started, 2500), event("+1", "ses_c", Kind::extended, 3000)});
  EXPECT_EQ(last_end_before("+1", 999), std::nullopt);
  EXPECT_EQ(last_end_before("+1", 1000), 1000);  // at t counts
  EXPECT_EQ(last_end_before("+1", 2499), 1000);
  EXPECT_EQ(last_end_before("+1", 2500), 2500);  // the evicted lease's early end
  EXPECT_EQ(last_end_before("+1", 3999), 2500);
  EXPECT_EQ(last_end_before("+1", 4000), 4000);  // the open lease's held_until has passed: its end()
  EXPECT_EQ(last_end_before("+1", 99'999), 4000);
  EXPECT_EQ(last_end_before("+2", 99'999), std::nullopt);
}

TEST_F(LeaseRepositoryTest, StartedBetweenListsANumbersLeasesNewestFirstWithinTheRangeAndLimit) {
  apply("pool_1", {event("+1", "ses_a", Kind::started, 0), event("+1", "ses_a", Kind::ended, 1000),
                   event("+2", "ses_x", Kind::started, 1500), event("+1", "ses_b", Kind::started, 2000),
                   event("+1", "ses_b", Kind::ended, 2500), event("+1", "ses_c", Kind::started, 3000)});
  auto sessions = [&](std::int64_t from, std::int64_t to, std::size_t limit) {
    auto r = store_->read(
        [&](domain::Repositories& repos) { return repos.leases().started_between("+1", at_ms(from), at_ms(to), limit); });
    EXPECT_TRUE(r) << r.error().message;
    std::vector<std::string> ids;
    if (r)
      for (const auto& l : *r) ids.push_back(l.session_id);
    return ids;
  };
  EXPECT_EQ(sessions(0, 99'999, 10), (std::vector<std::string>{"ses_c", "ses_b", "ses_a"}));
  EXPECT_EQ(sessions(0, 3000, 10), (std::vector<std::string>{"ses_b", "ses_a"}));  // `to` is excluded
  EXPECT_EQ(sessions(2000, 3001, 10), (std::vector<std::string>{"ses_c", "ses_b"}));  // `from` is included
  EXPECT_EQ(sessions(0, 99'999, 2), (std::vector<std::string>{"ses_c", "ses_b"}));
  EXPECT_TRUE(sessions(4000, 99'999, 10).empty());
}

TEST_F(LeaseRepositoryTest, SnapshotHasOpenLeasesByLastSeenAndEachFreeNumbersLatestRelease) {
  apply("pool_1", {
                      event("+3", "ses_0", Kind::started, 0),      // an older lease of +3
                      event("+3", "ses_0", Kind::ended, 1000),
                      event("+4", "ses_4", Kind::started, 100),    // released at 1100
                      event("+4", "ses_4", Kind::ended, 1100),
                      event("+1", "ses_1", Kind::started, 200),    // open, last seen 2500
                      event("+3", "ses_3", Kind::started, 1200),   // released at 2300, by eviction
                      event("+2", "ses_2", Kind::started, 1300),   // open, last seen 1800
                      event("+2", "ses_2", Kind::extended, 1800),
                      event("+3", "ses_3", Kind::evicted, 2300),
                      event("+6", "ses_6", Kind::started, 2300),   // released at 3300 (expiry not yet noticed)
                      event("+6", "ses_6", Kind::ended, 3300),
                      event("+1", "ses_1", Kind::extended, 2500),
                  });
  apply("pool_2", {event("+5", "ses_x", Kind::started, 0), event("+5", "ses_x", Kind::ended, 1000),
                   event("+7", "ses_y", Kind::started, 0)});

  const std::vector<std::string> numbers{"+1", "+2", "+3", "+4", "+5", "+6", "+8"};
  const PoolSnapshot snap = snapshot("pool_1", numbers);
  EXPECT_EQ(snap.leases, (std::vector<PersistedLease>{{"ses_2", "+2", at_ms(1300), at_ms(1800)},
                                                       {"ses_1", "+1", at_ms(200), at_ms(2500)}}));
  // +5 was leased in another pool only, +8 never: absent.
  EXPECT_EQ(snap.releases, (std::vector<NumberRelease>{{"+4", at_ms(1100), "ses_4"},
                                                        {"+3", at_ms(2300), "ses_3"},
                                                        {"+6", at_ms(3300), "ses_6"}}));

  // Releases only for the numbers asked about; open leases whatever the list.
  const PoolSnapshot some = snapshot("pool_1", {"+3"});
  EXPECT_EQ(some.leases, snap.leases);
  EXPECT_EQ(some.releases, (std::vector<NumberRelease>{{"+3", at_ms(2300), "ses_3"}}));
  EXPECT_EQ(snapshot("pool_2", {"+5", "+7"}),
            (PoolSnapshot{{{"ses_y", "+7", at_ms(0), at_ms(0)}}, {{"+5", at_ms(1000), "ses_x"}}}));
  EXPECT_EQ(snapshot("pool_none", numbers), PoolSnapshot{});
}

enum class Op { allocate, touch, release, expire };

// Runs `op` on `pool` and describes its outcome, so two allocators can be compared request by request.
std::string run(PoolAllocator& pool, Op op, const std::string& session, std::int64_t now,
                std::vector<LeaseEvent>& events) {
  switch (op) {
    case Op::allocate: {
      auto a = pool.allocate(session, at_ms(now), events);
      if (!a) return "no number, reason " + std::to_string(static_cast<int>(a.error().reason));
      return a->number + (a->started ? " started" : " extended") + " evicting " + a->evicted_session.value_or("-") +
             " until " + std::to_string(to_unix_ms(a->expires_at));
    }
    case Op::touch: return pool.touch(session, at_ms(now), events) ? "touched" : "not touched";
    case Op::release: return pool.release(session, at_ms(now), events) ? "released" : "not released";
    case Op::expire: return std::to_string(pool.expire(at_ms(now), events)) + " expired";
  }
  return "?";
}

// Drives a real PoolAllocator with a seeded random mix of allocate / touch / release / expire, persisting every
// lease event (and every exhausted request) through the repository. At each checkpoint a fresh allocator is
// restored from the database's snapshot — a restart — and from then on both must answer every request alike.
class AllocatorRoundTripTest : public LeaseRepositoryTest, public ::testing::WithParamInterface<WhenExhausted> {};

TEST_P(AllocatorRoundTripTest, ARestoredAllocatorGivesTheSameSessionsTheSameNumbers) {
  const std::string pool_id = "pool_rt";
  std::vector<std::string> numbers;
  for (int i = 0; i < 6; ++i) numbers.push_back("+1415555" + std::to_string(1000 + i));
  const domain::PoolPolicy policy{kHold, GetParam()};
  auto live = PoolAllocator::create(numbers, policy);
  ASSERT_TRUE(live);
  std::optional<PoolAllocator> restarted;

  std::mt19937 random(20260308);
  const Op ops[] = {Op::allocate, Op::allocate, Op::allocate, Op::allocate, Op::touch, Op::touch, Op::release,
                    Op::expire};
  std::int64_t now = 1'772'960'400'000;
  const std::int64_t first = now;
  std::vector<LeaseEvent> pending;
  std::vector<std::int64_t> exhausted;
  std::set<std::string> leaseholders;
  int checkpoints = 0, compared = 0;

  for (int step = 0; step < 1500; ++step) {
    now += 1 + static_cast<std::int64_t>(random() % 120);  // strictly increasing: no ties to order
    const std::string session = "ses_" + std::to_string(random() % 24);
    const Op op = ops[random() % std::size(ops)];
    std::vector<LeaseEvent> events;
    const std::string outcome = run(*live, op, session, now, events);
    if (restarted) {
      std::vector<LeaseEvent> restarted_events;
      ASSERT_EQ(run(*restarted, op, session, now, restarted_events), outcome) << "step " << step;
      ASSERT_EQ(restarted_events, events) << "step " << step;
      ++compared;
    }
    // A request that found no free number: refused (default_number) or served by a handover (reuse_oldest).
    const bool handover =
        std::any_of(events.begin(), events.end(), [](const LeaseEvent& e) { return e.kind == Kind::evicted; });
    if (handover || outcome.starts_with("no number")) exhausted.push_back(now);
    for (const auto& e : events)
      if (e.kind == Kind::started) leaseholders.insert(e.session_id);
    pending.insert(pending.end(), events.begin(), events.end());

    if (step % 150 == 149) {  // a restart: persist, snapshot, restore
      apply(pool_id, pending);
      record_exhaustions(pool_id, exhausted);
      pending.clear();
      exhausted.clear();
      const PoolSnapshot stored = snapshot(pool_id, numbers);
      EXPECT_EQ(stored, live->snapshot()) << "step " << step;
      auto fresh = PoolAllocator::create(numbers, policy);
      ASSERT_TRUE(fresh);
      auto skipped = fresh->restore(stored);
      ASSERT_TRUE(skipped) << skipped.error().message;
      EXPECT_EQ(*skipped, 0u);
      restarted.emplace(std::move(*fresh));
      ++checkpoints;
    }
  }
  EXPECT_EQ(checkpoints, 10);
  EXPECT_GT(compared, 1000);

  // The stored history's figures over all of it are the allocator's own counters.
  apply(pool_id, pending);
  record_exhaustions(pool_id, exhausted);
  const auto stats = live->stats(at_ms(now));
  ASSERT_GT(stats.exhausted_total, 0u);
  const auto stored = usage(pool_id, first, now + 10 * kHold.count());
  EXPECT_EQ(stored.peak_in_use, stats.peak_in_use);
  EXPECT_EQ(stored.leases_started, stats.allocations_total);
  EXPECT_EQ(stored.exhausted_total, stats.exhausted_total);
  EXPECT_EQ(stored.sessions_total, leaseholders.size());
}

INSTANTIATE_TEST_SUITE_P(BothPolicies, AllocatorRoundTripTest,
                         ::testing::Values(WhenExhausted::reuse_oldest, WhenExhausted::default_number),
                         [](const auto& info) { return std::string(domain::to_string(info.param)); });

// The most leases live at one instant of [from, to), counted instant by instant.
std::size_t brute_force_peak(const std::vector<std::pair<std::int64_t, std::int64_t>>& leases, std::int64_t from,
                             std::int64_t to) {
  std::size_t peak = 0;
  for (std::int64_t t = from; t < to; ++t) {
    std::size_t live = 0;
    for (const auto& [start, end] : leases) live += start <= t && t < end;
    peak = std::max(peak, live);
  }
  return peak;
}

TEST_F(LeaseRepositoryTest, UsageSweepsLeasesCrossingTheRangeEdges) {
  // Range [100, 200). hold 100 unless said; each lease on its own number.
  apply("pool_1", {
                      event("+6", "ses_6", Kind::started, 0),    // [0, 100): ends as the range begins
                      event("+6", "ses_6", Kind::ended, 100),
                      event("+1", "ses_a", Kind::started, 50),   // [50, 120): crosses `from`
                      event("+1", "ses_a", Kind::evicted, 120),
                      event("+2", "ses_2", Kind::started, 110),  // [110, 150)
                      event("+7", "ses_7", Kind::started, 120),  // [120, 120): zero length
                      event("+7", "ses_7", Kind::evicted, 120),
                      event("+8", "ses_8", Kind::started, 140),  // [140, 150)
                      event("+2", "ses_2", Kind::evicted, 150),
                      event("+8", "ses_8", Kind::evicted, 150),
                      event("+3", "ses_3", Kind::started, 150),  // [150, 250) open: crosses `to`
                      event("+4", "ses_a", Kind::started, 190),  // [190, 290) ended: ses_a again
                      event("+4", "ses_a", Kind::ended, 290),
                      event("+5", "ses_5", Kind::started, 200),  // [200, 300): starts as the range ends
                  },
        milliseconds{100});
  apply("pool_2", {event("+9", "ses_x", Kind::started, 100)}, milliseconds{100});
  record_exhaustions("pool_1", {99, 100, 150, 199, 200});
  record_exhaustions("pool_2", {150});

  const auto u = usage("pool_1", 100, 200);
  // Live: [100,110) 1, [110,120) 2, [120,140) 1, [140,150) 2, [150,190) 1 (the ends at 150 come first),
  // [190,200) 2.
  EXPECT_EQ(u.peak_in_use, 2u);
  EXPECT_EQ(u.peak_in_use, brute_force_peak({{0, 100}, {50, 120}, {110, 150}, {120, 120}, {140, 150}, {150, 250},
                                             {190, 290}, {200, 300}},
                                            100, 200));
  EXPECT_EQ(u.leases_started, 5u);   // 110, 120 (zero length), 140, 150, 190
  EXPECT_EQ(u.sessions_total, 4u);   // ses_a, ses_2, ses_8, ses_3
  EXPECT_EQ(u.exhausted_total, 3u);  // 100, 150, 199

  const auto before = usage("pool_1", 0, 100);
  EXPECT_EQ(before.peak_in_use, 2u);  // [50, 100): +6 and +1
  EXPECT_EQ(before.leases_started, 2u);
  EXPECT_EQ(before.sessions_total, 2u);
  EXPECT_EQ(before.exhausted_total, 1u);

  const auto instant = usage("pool_1", 150, 151);  // the handover instant alone
  EXPECT_EQ(instant.peak_in_use, 1u);
  EXPECT_EQ(instant.leases_started, 1u);
  EXPECT_EQ(instant.sessions_total, 1u);

  const auto empty = usage("pool_1", 1000, 2000);
  EXPECT_EQ(empty.peak_in_use, 0u);
  EXPECT_EQ(empty.leases_started, 0u);
  EXPECT_EQ(empty.sessions_total, 0u);
  EXPECT_EQ(empty.exhausted_total, 0u);
  EXPECT_EQ(usage("pool_none", 0, 1000).leases_started, 0u);
}

}  // namespace
}  // namespace callsign::storage::testing
