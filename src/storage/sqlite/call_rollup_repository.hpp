#pragma once
// CallRollupRepository on one SQLite connection: call_rollup (the days), call_rollup_basis (what they were
// computed with) and call_rollup_dirty (the hours the triggers of migration 10 mark).
#include "domain/repositories.hpp"
#include "storage/sqlite/connection.hpp"

namespace callsign::storage::sqlite {

class SqliteCallRollupRepository final : public domain::CallRollupRepository {
 public:
  explicit SqliteCallRollupRepository(Connection& connection) : db_(connection) {}

  Result<std::optional<domain::CallRollupBasis>> basis(const std::string& project_id) override;
  Result<std::vector<domain::DirtyHour>> dirty_hours(const std::string& project_id, Timestamp from,
                                                     Timestamp to) override;
  // One probe of calls_report.
  Result<std::optional<Timestamp>> first_call_start(const std::string& project_id) override;
  // One range of call_rollup's primary key, grouped in SQL.
  Result<std::vector<domain::CallRollupRow>> rows(const std::string& project_id, std::int64_t from_day,
                                                  std::int64_t until_day,
                                                  const std::vector<domain::ReportDimension>& dimensions,
                                                  const std::vector<std::pair<domain::ReportDimension, std::string>>& filters) override;
  Result<void> reset(const std::string& project_id, const domain::CallRollupBasis& basis) override;
  Result<void> apply(const std::string& project_id, const domain::CallRollupUpdate& update) override;

 private:
  Connection& db_;
};

}  // namespace callsign::storage::sqlite
