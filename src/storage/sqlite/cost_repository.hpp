#pragma once
// CostRepository on one SQLite connection (table `costs`, keyed by project, date and the four traffic fields).
#include "domain/repositories.hpp"
#include "storage/sqlite/connection.hpp"

namespace callsign::storage::sqlite {

class SqliteCostRepository final : public domain::CostRepository {
 public:
  explicit SqliteCostRepository(Connection& connection) : db_(connection) {}

  // Error{not_found} for an unknown project.
  Result<bool> upsert(const domain::CostEntry& entry) override;
  Result<std::vector<domain::CostEntry>> in_range(const std::string& project_id, const std::string& from_date,
                                                  const std::string& to_date) override;

 private:
  Connection& db_;
};

}  // namespace callsign::storage::sqlite
