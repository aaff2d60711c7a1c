#include "storage/sqlite/lease_repository.hpp"

#include <algorithm>
#include <tuple>
#include <unordered_set>

namespace callsign::storage::sqlite {
namespace {

using domain::LeaseEventKind;
using domain::LeaseRecord;

Result<LeaseRecord> read_lease(const Query& q) {
  LeaseRecord l;
  l.pool_id = q.text(0);
  l.number = q.text(1);
  l.session_id = q.text(2);
  l.visitor_id = q.text(3);
  l.started_at = from_unix_ms(q.int64(4));
  l.last_seen = from_unix_ms(q.int64(5));
  l.held_until = from_unix_ms(q.int64(6));
  if (auto ended = q.optional_int64(7)) l.ended_at = from_unix_ms(*ended);
  return l;
}

Result<domain::PersistedLease> read_open_lease(const Query& q) {
  return domain::PersistedLease{q.text(0), q.text(1), from_unix_ms(q.int64(2)), from_unix_ms(q.int64(3))};
}

// The number of leases live at once, at most, over [from, to): `intervals` are [start, end) with start < end,
// each overlapping the range.
std::size_t peak_live(const std::vector<std::pair<std::int64_t, std::int64_t>>& intervals, std::int64_t from,
                      std::int64_t to) {
  std::vector<std::pair<std::int64_t, int>> changes;  // (instant, -1 end | +1 start): ends sort first
  changes.reserve(intervals.size() * 2);
  for (const auto& [start, end] : intervals) {
    changes.emplace_back(std::max(start, from), +1);
    if (end < to) changes.emplace_back(end, -1);
  }
  std::sort(changes.begin(), changes.end());
  std::size_t live = 0, peak = 0;
  for (const auto& [at, delta] : changes) {
    if (delta > 0) {
      peak = std::max(peak, ++live);
    } else {
      --live;
    }
  }
  return peak;
}

}  // namespace

Result<void> SqliteLeaseRepository::apply(const std::string& pool_id, const std::string& visitor_id,
                                          const domain::LeaseEvent& event, std::chrono::milliseconds hold) {
  const std::int64_t at = to_unix_ms(event.at);
  const std::int64_t held_until = at + hold.count();
  switch (event.kind) {
    case LeaseEventKind::started: {
      auto q = db_.query(
          "INSERT INTO leases(pool_id, number, session_id, visitor_id, started_at, last_seen, held_until) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)");
      if (!q) return fail(q.error());
      return q->bind_all(pool_id, event.number, event.session_id, visitor_id, at, at, held_until).run();
    }
    case LeaseEventKind::extended: {
      auto q = db_.query(
          "UPDATE leases SET last_seen = MAX(last_seen, ?), held_until = MAX(held_until, ?) "
          "WHERE number = ? AND session_id = ? AND ended_at IS NULL");
      if (!q) return fail(q.error());
      return q->bind_all(at, held_until, event.number, event.session_id).run();
    }
    case LeaseEventKind::ended:
    case LeaseEventKind::evicted: {
      auto q = db_.query("UPDATE leases SET ended_at = ? WHERE number = ? AND session_id = ? AND ended_at IS NULL");
      if (!q) return fail(q.error());
      return q->bind_all(at, event.number, event.session_id).run();
    }
  }
  return fail(Error::internal("unknown lease event kind " + std::to_string(static_cast<int>(event.kind))));
}

Result<std::optional<LeaseRecord>> SqliteLeaseRepository::live_at(const std::string& number, Timestamp t) {
  // One number's leases never overlap, so only the latest lease started by t can be live at t: one index seek,
  // however long the number's history.
  auto q = db_.query(
      "SELECT * FROM (SELECT pool_id, number, session_id, visitor_id, started_at, last_seen, held_until, ended_at "
      "FROM leases WHERE number = ?1 AND started_at <= ?2 ORDER BY started_at DESC, id DESC LIMIT 1) "
      "WHERE COALESCE(ended_at, held_until) > ?2");
  if (!q) return fail(q.error());
  q->bind_all(number, to_unix_ms(t));
  return read_first_row(*q, read_lease);
}

Result<std::optional<LeaseRecord>> SqliteLeaseRepository::last_ended_before(const std::string& number, Timestamp t) {
  // Leases of one number follow each other: of the two latest started by t, the first that has ended by t is
  // the answer (the latest may still be live at t).
  auto q = db_.query(
      "SELECT pool_id, number, session_id, visitor_id, started_at, last_seen, held_until, ended_at FROM leases "
      "WHERE number = ?1 AND started_at <= ?2 ORDER BY started_at DESC, id DESC LIMIT 2");
  if (!q) return fail(q.error());
  q->bind_all(number, to_unix_ms(t));
  auto latest_two = read_all_rows(*q, read_lease);
  if (!latest_two) return fail(latest_two.error());
  for (auto& lease : *latest_two)
    if (lease.end() <= t) return std::optional<LeaseRecord>(std::move(lease));
  return std::optional<LeaseRecord>{};
}

Result<std::vector<LeaseRecord>> SqliteLeaseRepository::started_between(const std::string& number, Timestamp from,
                                                                       Timestamp to, std::size_t limit) {
  auto q = db_.query(
      "SELECT pool_id, number, session_id, visitor_id, started_at, last_seen, held_until, ended_at FROM leases "
      "WHERE number = ?1 AND started_at >= ?2 AND started_at < ?3 ORDER BY started_at DESC, id DESC LIMIT ?4");
  if (!q) return fail(q.error());
  q->bind_all(number, to_unix_ms(from), to_unix_ms(to), static_cast<std::int64_t>(limit));
  return read_all_rows(*q, read_lease);
}

Result<domain::PoolSnapshot> SqliteLeaseRepository::snapshot(const std::string& pool_id,
                                                             const std::vector<std::string>& numbers) {
  domain::PoolSnapshot snap;
  {
    // Reads the small partial index of open leases rather than the pool's whole history.
    auto q = db_.query(
        "SELECT session_id, number, started_at, last_seen FROM leases INDEXED BY leases_open "
        "WHERE pool_id = ? AND ended_at IS NULL ORDER BY last_seen, id");
    if (!q) return fail(q.error());
    q->bind_all(pool_id);
    auto open = read_all_rows(*q, read_open_lease);
    if (!open) return fail(open.error());
    snap.leases = std::move(*open);
  }
  std::unordered_set<std::string_view> leased;
  for (const auto& lease : snap.leases) leased.insert(lease.number);

  struct Release {
    domain::NumberRelease release;
    std::int64_t lease_id = 0;  // ties on released_at keep the order the leases started in
  };
  std::vector<Release> releases;
  for (const auto& number : numbers) {
    if (leased.contains(number)) continue;
    // By the number's own index: the pool's (the planner's guess) would read the pool's whole history for a
    // number never leased.
    auto q = db_.query(
        "SELECT ended_at, session_id, id FROM leases INDEXED BY leases_by_number "
        "WHERE number = ? AND pool_id = ? AND ended_at IS NOT NULL ORDER BY started_at DESC, id DESC LIMIT 1");
    if (!q) return fail(q.error());
    q->bind_all(number, pool_id);
    auto row = q->step();
    if (!row) return fail(row.error());
    if (!*row) continue;  // never leased
    releases.push_back(Release{domain::NumberRelease{number, from_unix_ms(q->int64(0)), q->text(1)}, q->int64(2)});
  }
  std::sort(releases.begin(), releases.end(), [](const Release& a, const Release& b) {
    return std::tie(a.release.released_at, a.lease_id) < std::tie(b.release.released_at, b.lease_id);
  });
  snap.releases.reserve(releases.size());
  for (auto& r : releases) snap.releases.push_back(std::move(r.release));
  return snap;
}

Result<void> SqliteLeaseRepository::record_exhaustion(const std::string& pool_id, Timestamp at) {
  auto q = db_.query("INSERT INTO pool_exhaustions(pool_id, at) VALUES (?, ?)");
  if (!q) return fail(q.error());
  return q->bind_all(pool_id, to_unix_ms(at)).run();
}

Result<domain::PoolUsage> SqliteLeaseRepository::usage(const std::string& pool_id, Timestamp from, Timestamp to) {
  const std::int64_t from_ms = to_unix_ms(from), to_ms = to_unix_ms(to);
  domain::PoolUsage usage;
  {
    auto q = db_.query(
        "SELECT (SELECT COUNT(*) FROM leases WHERE pool_id = ?1 AND started_at >= ?2 AND started_at < ?3), "
        "(SELECT COUNT(*) FROM pool_exhaustions WHERE pool_id = ?1 AND at >= ?2 AND at < ?3)");
    if (!q) return fail(q.error());
    q->bind_all(pool_id, from_ms, to_ms);
    auto row = q->step();
    if (!row) return fail(row.error());
    if (*row) {
      usage.leases_started = static_cast<std::uint64_t>(q->int64(0));
      usage.exhausted_total = static_cast<std::uint64_t>(q->int64(1));
    }
  }
  auto q = db_.query(
      "SELECT started_at, COALESCE(ended_at, held_until) AS end_at, session_id FROM leases "
      "WHERE pool_id = ?1 AND started_at < ?3 AND end_at > ?2 AND end_at > started_at");
  if (!q) return fail(q.error());
  q->bind_all(pool_id, from_ms, to_ms);
  std::vector<std::pair<std::int64_t, std::int64_t>> intervals;
  std::unordered_set<std::string> sessions;
  for (;;) {
    auto row = q->step();
    if (!row) return fail(row.error());
    if (!*row) break;
    intervals.emplace_back(q->int64(0), q->int64(1));
    sessions.insert(q->text(2));
  }
  usage.peak_in_use = peak_live(intervals, from_ms, to_ms);
  usage.sessions_total = sessions.size();
  return usage;
}

}  // namespace callsign::storage::sqlite
