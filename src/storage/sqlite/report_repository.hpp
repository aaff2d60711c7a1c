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
  Result<std::optional<Timestamp>> rolled_up_until() override;
  Result<std::optional<Timestamp>> first_session_start() override;
  // One grouped read of sessions_by_start per project.
  Result<std::vector<domain::SessionRollupRow>> aggregate_sessions(Timestamp from, Timestamp to) override;
  Result<void> append_rollup(const std::vector<domain::SessionRollupRow>& rows, std::optional<Timestamp> from,
                             Timestamp to) override;

 private:
  // Appends the buckets of [from, to) counted from `table` (session_rollup or sessions) to `out`.
  Result<void> count_from(bool rollup, const std::string& project_id, const domain::SessionCountQuery& query,
                          Timestamp from, Timestamp to, std::vector<domain::SessionBucket>& out);

  Connection& db_;
};

}  // namespace callsign::storage::sqlite
