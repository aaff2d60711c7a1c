#pragma once
// ReportRepository on one SQLite connection: calls through the covering index calls_report, a visitor's sessions
// through sessions_by_visitor, and session counts from session_rollup (closed hours) plus sessions (the rest).
#include "domain/repositories.hpp"
#include "storage/sqlite/connection.hpp"

namespace callsign::storage::sqlite {

class SqliteReportRepository final : public domain::ReportRepository {
 public:
  explicit SqliteReportRepository(Connection& connection) : db_(connection) {}

  Result<void> calls(const std::string& project_id, const domain::CallFactFilter& filter,
                     const std::function<void(const domain::CallFact&)>& each) override;
  Result<std::vector<domain::SessionTouch>> visitor_sessions(const std::string& project_id,
                                                             const std::string& visitor_id, Timestamp since,
                                                             Timestamp until) override;
  // The rollup answers the whole hours of [from, to) below the watermark when query.bucket is 60 minutes.
  Result<std::vector<domain::SessionBucket>> session_counts(const std::string& project_id,
                                                            const domain::SessionCountQuery& query) override;
  Result<std::optional<domain::DailyRollupCoverage>> daily_coverage(const std::string& project_id) override;
  Result<std::vector<domain::SessionBucket>> daily_session_counts(const std::string& project_id, std::int64_t from_day,
                                                                  std::int64_t until_day,
                                                                  const domain::SessionCountQuery& query) override;
  Result<std::optional<Timestamp>> rolled_up_until() override;
  Result<std::optional<Timestamp>> first_session_start() override;
  // One grouped read of sessions_by_start per project.
  Result<std::vector<domain::SessionRollupRow>> aggregate_sessions(Timestamp from, Timestamp to) override;
  Result<void> append_rollup(const std::vector<domain::SessionRollupRow>& rows, std::optional<Timestamp> from,
                             Timestamp to) override;
  Result<std::vector<domain::DailyRollupRow>> sum_hourly(const std::string& project_id, Timestamp from,
                                                         Timestamp to) override;
  Result<void> append_daily(const std::string& project_id, const std::string& timezone, std::int64_t from_day,
                            std::int64_t until_day, const std::vector<domain::DailyRollupRow>& rows) override;
  // Two range reads: sessions_by_start (with the pool's leases by leases_by_pool) and calls_by_start (tel: taps
  // by session_events_by_type).
  Result<domain::RecordedPoolTraffic> recent_visits(const std::string& project_id, const std::string& pool_id,
                                                    Timestamp since, Timestamp until) override;

 private:
  enum class CountSource { sessions, hourly, daily };
  // Appends the buckets counted from `source` over [from, to) to `out`: unix ms for sessions and the hourly
  // rollups, local days for the daily rollup.
  Result<void> count_from(CountSource source, const std::string& project_id, const domain::SessionCountQuery& query,
                          std::int64_t from, std::int64_t to, std::vector<domain::SessionBucket>& out);

  Connection& db_;
};

}  // namespace callsign::storage::sqlite
