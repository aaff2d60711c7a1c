#pragma once
// SessionRepository on one SQLite connection: visitor sessions (table `sessions`, one column per traffic-source
// field, the channel by its name) and their events (table `session_events`).
#include "domain/repositories.hpp"
#include "storage/sqlite/connection.hpp"

namespace callsign::storage::sqlite {

class SqliteSessionRepository final : public domain::SessionRepository {
 public:
  explicit SqliteSessionRepository(Connection& connection) : db_(connection) {}

  // Error{conflict, "session_id"} when the id exists; Error{not_found} for an unknown project.
  Result<void> insert(const domain::VisitorSession& session) override;
  Result<bool> touch(const std::string& session_id, Timestamp at) override;
  Result<std::optional<domain::VisitorSession>> find(const std::string& session_id) override;
  // Events are not checked against sessions (no foreign key: the table is written on the hot path).
  Result<void> add_event(const domain::SessionEvent& event) override;
  Result<std::optional<Timestamp>> latest_event(const std::string& session_id, domain::SessionEventType type,
                                                Timestamp since, Timestamp until) override;
  Result<std::uint64_t> count_visitor_sessions(const std::string& project_id, const std::string& visitor_id,
                                               Timestamp since, Timestamp until) override;

 private:
  Connection& db_;
};

}  // namespace callsign::storage::sqlite
