#pragma once
// ProjectRepository on one SQLite connection (table `projects`). Settings are stored as the JSON the API
// speaks (domain/settings_codec), secrets included, so one codec decides every field name.
#include "domain/repositories.hpp"
#include "storage/sqlite/connection.hpp"

namespace callsign::storage::sqlite {

class SqliteProjectRepository final : public domain::ProjectRepository {
 public:
  explicit SqliteProjectRepository(Connection& connection) : db_(connection) {}

  // Error{conflict} (field "id", "api_key" or "public_key") when one of the unique values is taken.
  Result<void> insert(const domain::Project& project) override;
  Result<void> update(const domain::Project& project) override;
  Result<std::optional<domain::Project>> find(const std::string& project_id) override;
  Result<std::optional<domain::Project>> find_by_api_key_hash(const std::string& api_key_hash) override;
  Result<std::optional<domain::Project>> find_by_public_key(const std::string& public_key) override;
  Result<std::vector<domain::Project>> list() override;

 private:
  Result<std::optional<domain::Project>> find_one(std::string_view sql, const std::string& key);

  Connection& db_;
};

}  // namespace callsign::storage::sqlite
