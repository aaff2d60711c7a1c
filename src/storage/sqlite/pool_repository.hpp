#pragma once
// PoolRepository on one SQLite connection (table `pools`; `replace` as a JSON array).
#include "domain/repositories.hpp"
#include "storage/sqlite/connection.hpp"

namespace callsign::storage::sqlite {

class SqlitePoolRepository final : public domain::PoolRepository {
 public:
  explicit SqlitePoolRepository(Connection& connection) : db_(connection) {}

  // Error{conflict, "id"} when the id exists; Error{not_found} for an unknown project.
  Result<void> insert(const domain::Pool& pool) override;
  // Name, hold_seconds, when_exhausted, replace and routing_plan_id, by (project_id, id). Error{not_found} when
  // absent.
  Result<void> update(const domain::Pool& pool) override;
  Result<std::optional<domain::Pool>> find(const std::string& project_id, const std::string& pool_id) override;
  Result<std::vector<domain::Pool>> list(const std::string& project_id) override;

 private:
  Connection& db_;
};

}  // namespace callsign::storage::sqlite
