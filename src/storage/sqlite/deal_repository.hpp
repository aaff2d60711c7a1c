#pragma once
// DealRepository on one SQLite connection (table `deals`).
#include "domain/repositories.hpp"
#include "storage/sqlite/connection.hpp"

namespace callsign::storage::sqlite {

class SqliteDealRepository final : public domain::DealRepository {
 public:
  explicit SqliteDealRepository(Connection& connection) : db_(connection) {}

  // Error{not_found} for an unknown project.
  Result<std::pair<domain::Deal, bool>> upsert(const domain::Deal& deal) override;
  Result<std::optional<domain::Deal>> find_by_external_id(const std::string& project_id,
                                                          const std::string& external_id) override;
  // One range of deals_won_by_call_start (deals carry their call's start, migration 9).
  Result<std::vector<domain::WonDeal>> won_for_calls(const std::string& project_id, Timestamp from,
                                                     Timestamp to) override;

 private:
  Connection& db_;
};

}  // namespace callsign::storage::sqlite
