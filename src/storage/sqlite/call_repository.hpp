#pragma once
// CallRepository on one SQLite connection (table `calls`): one column per field, flag and attribution value,
// tags as a JSON array. The call list pages by keyset on (started_at, id), newest first.
#include <cstdint>
#include <string>
#include <unordered_map>

#include "domain/repositories.hpp"
#include "storage/sqlite/connection.hpp"

namespace callsign::storage::sqlite {

class SqliteCallRepository final : public domain::CallRepository {
 public:
  explicit SqliteCallRepository(Connection& connection) : db_(connection) {}

  // Error{conflict, "external_id"} when (project_id, external_id) exists; Error{not_found} for an unknown project.
  Result<void> insert(const domain::Call& call) override;
  // Sets the columns whose values differ between `stored` and `call` (by (project_id, id)); the others, and their
  // indexes, are not touched. Error{not_found} when absent (not checked when nothing differs);
  // Error{conflict, "external_id"} when changed to an external_id the project already has.
  Result<void> update(const domain::Call& stored, const domain::Call& call) override;
  Result<std::optional<domain::Call>> find(const std::string& project_id, const std::string& call_id) override;
  Result<std::optional<domain::Call>> find_by_external_id(const std::string& project_id,
                                                          const std::string& external_id) override;
  Result<std::vector<domain::Call>> caller_calls_since(const std::string& project_id, const std::string& caller,
                                                       Timestamp since) override;
  Result<bool> caller_has_call_before(const std::string& project_id, const std::string& caller,
                                      Timestamp before) override;
  // A limit of 0 or less returns no calls.
  Result<std::vector<domain::Call>> list(const std::string& project_id, const domain::CallQuery& query) override;
  // Walks calls_by_caller backwards from `before`; equal started_at: the greater external_id (the later call by
  // domain::starts_before()).
  Result<std::optional<domain::Call>> remembered_call(const std::string& project_id, const std::string& caller,
                                                      const std::string& tracking_number, Timestamp since,
                                                      Timestamp before) override;
  // Walks calls_by_caller backwards from `before`.
  Result<std::optional<std::string>> last_operator(const std::string& project_id, const std::string& caller,
                                                   Timestamp before) override;
  // Reads the partial index calls_live_by_operator (live calls only).
  Result<std::vector<std::string>> operators_on_call(const std::string& project_id, Timestamp since) override;
  // Walks calls_by_caller backwards from `before`.
  Result<std::optional<std::string>> latest_call_before(const std::string& project_id, const std::string& caller,
                                                        Timestamp before) override;

 private:
  Connection& db_;
  std::unordered_map<std::uint64_t, std::string> update_sql_;  // by the mask of columns an UPDATE sets
};

}  // namespace callsign::storage::sqlite
