#pragma once
// NumberRepository on one SQLite connection (table `tracking_numbers`).
#include "domain/repositories.hpp"
#include "storage/sqlite/connection.hpp"

namespace callsign::storage::sqlite {

class SqliteNumberRepository final : public domain::NumberRepository {
 public:
  explicit SqliteNumberRepository(Connection& connection) : db_(connection) {}

  // Error{conflict, "number"} when any project already uses the number.
  Result<void> insert(const domain::TrackingNumber& number) override;
  // Replaces every field but id, project_id and created_at. Error{not_found} when the number is not in its
  // project; Error{conflict, "number"} when changed to a number in use.
  Result<void> update(const domain::TrackingNumber& number) override;
  Result<bool> remove(const std::string& project_id, const std::string& number_id) override;
  Result<std::optional<domain::TrackingNumber>> find(const std::string& project_id, const std::string& number_id) override;
  Result<std::optional<domain::TrackingNumber>> find_by_number(const std::string& e164) override;
  Result<std::vector<domain::TrackingNumber>> list(const std::string& project_id) override;

 private:
  Connection& db_;
};

}  // namespace callsign::storage::sqlite
