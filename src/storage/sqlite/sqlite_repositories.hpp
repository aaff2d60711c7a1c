#pragma once
// The three SQLite repositories bound to one connection: one unit of work's view of the database.
// Used by one thread at a time, like its connection.
#include "domain/repositories.hpp"
#include "storage/sqlite/call_repository.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/number_repository.hpp"
#include "storage/sqlite/project_repository.hpp"

namespace callsign::storage::sqlite {

class SqliteRepositories final : public domain::Repositories {
 public:
  explicit SqliteRepositories(Connection& connection)
      : connection_(connection), projects_(connection), numbers_(connection), calls_(connection) {}

  domain::ProjectRepository& projects() override { return projects_; }
  domain::NumberRepository& numbers() override { return numbers_; }
  domain::CallRepository& calls() override { return calls_; }

  Connection& connection() { return connection_; }

 private:
  Connection& connection_;
  SqliteProjectRepository projects_;
  SqliteNumberRepository numbers_;
  SqliteCallRepository calls_;
};

}  // namespace callsign::storage::sqlite
