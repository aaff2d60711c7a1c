#pragma once
// RoutingRepository on one SQLite connection (tables `operators`, `operator_groups`, `routing_plans` with their
// lists as JSON, and `routing_state`).
#include "domain/repositories.hpp"
#include "storage/sqlite/connection.hpp"

namespace callsign::storage::sqlite {

class SqliteRoutingRepository final : public domain::RoutingRepository {
 public:
  explicit SqliteRoutingRepository(Connection& connection) : db_(connection) {}

  // Inserts: Error{conflict, "id"} when the id exists (in any project); Error{not_found} for an unknown project.
  // Updates: by (project_id, id); Error{not_found} when absent. Reads: a row whose JSON cannot be read is
  // Error{internal} naming it.
  Result<void> insert_operator(const domain::OperatorRecord& op) override;
  Result<void> update_operator(const domain::OperatorRecord& op) override;
  Result<bool> remove_operator(const std::string& project_id, const std::string& operator_id) override;
  Result<std::optional<domain::OperatorRecord>> find_operator(const std::string& project_id,
                                                              const std::string& operator_id) override;
  Result<std::vector<domain::OperatorRecord>> list_operators(const std::string& project_id) override;

  Result<void> insert_group(const domain::OperatorGroup& group) override;
  Result<void> update_group(const domain::OperatorGroup& group) override;
  Result<bool> remove_group(const std::string& project_id, const std::string& group_id) override;
  Result<std::optional<domain::OperatorGroup>> find_group(const std::string& project_id,
                                                          const std::string& group_id) override;
  Result<std::vector<domain::OperatorGroup>> list_groups(const std::string& project_id) override;

  Result<void> insert_plan(const domain::RoutingPlanRecord& plan) override;
  Result<void> update_plan(const domain::RoutingPlanRecord& plan) override;
  Result<bool> remove_plan(const std::string& project_id, const std::string& plan_id) override;
  Result<std::optional<domain::RoutingPlanRecord>> find_plan(const std::string& project_id,
                                                             const std::string& plan_id) override;
  Result<std::vector<domain::RoutingPlanRecord>> list_plans(const std::string& project_id) override;

  Result<std::size_t> round_robin_next(const std::string& plan_id) override;
  Result<void> set_round_robin_next(const std::string& plan_id, std::size_t next) override;

 private:
  Connection& db_;
};

}  // namespace callsign::storage::sqlite
