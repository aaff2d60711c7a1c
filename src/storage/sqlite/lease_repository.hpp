#pragma once
// LeaseRepository on one SQLite connection: one row per lease in `leases` (rowid key, so a new lease appends),
// one row per exhausted request in `pool_exhaustions`. An instant is unix milliseconds; a lease is live on
// [started_at, COALESCE(ended_at, held_until)).
#include "domain/repositories.hpp"
#include "storage/sqlite/connection.hpp"

namespace callsign::storage::sqlite {

class SqliteLeaseRepository final : public domain::LeaseRepository {
 public:
  explicit SqliteLeaseRepository(Connection& connection) : db_(connection) {}

  // One INSERT (started) or one UPDATE through the open-lease index (the others); a ping changes no index.
  Result<void> apply(const std::string& pool_id, const std::string& visitor_id, const domain::LeaseEvent& event,
                     std::chrono::milliseconds hold) override;
  // Walks the number's leases started by t, newest first: a hit is usually the first row; a miss reads the
  // number's whole history before t (leases may overlap, so no earlier row can be ruled out).
  Result<std::optional<domain::LeaseRecord>> live_at(const std::string& number, Timestamp t) override;
  // Reads the number's whole history before t, for the same reason.
  Result<std::optional<domain::LeaseRecord>> last_ended_before(const std::string& number, Timestamp t) override;
  Result<std::vector<domain::LeaseRecord>> started_between(const std::string& number, Timestamp from, Timestamp to,
                                                           std::size_t limit) override;
  // A number's release is its latest-started lease in the pool (every lease of a number without an open one
  // has ended, and leases of one number follow each other, so it is also the latest ended). Equal last_seen /
  // released_at keep the order the leases started in. One query for the open leases plus one per number.
  Result<domain::PoolSnapshot> snapshot(const std::string& pool_id, const std::vector<std::string>& numbers) override;
  Result<void> record_exhaustion(const std::string& pool_id, Timestamp at) override;
  // Reads the pool's leases started before `to` that end after `from` and sweeps them in memory (an end and a
  // start at the same instant: the end first). Leases of zero length are counted as started, not as live.
  Result<domain::PoolUsage> usage(const std::string& pool_id, Timestamp from, Timestamp to) override;

 private:
  Connection& db_;
};

}  // namespace callsign::storage::sqlite
