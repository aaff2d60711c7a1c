#include "storage/sqlite/connection.hpp"

#include <algorithm>
#include <thread>

#include <sqlite3.h>

#include "storage/sqlite/library_config.hpp"
#include "storage/sqlite/wal_write_buffer.hpp"

namespace callsign::storage::sqlite {

Result<std::unique_ptr<Connection>> Connection::open(const std::string& path, int flags) {
  configure_sqlite_library();  // before the VFS is registered: registering initializes SQLite
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE,
                           wal_write_buffer_vfs());
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);  // a handle is returned even on most failures; closing null is harmless
    return fail(Error::internal("cannot open database " + path + ": " + message));
  }
  sqlite3_extended_result_codes(db, 1);
  return std::unique_ptr<Connection>(new Connection(db, path));
}

Connection::~Connection() {
  for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.stmt);
  // close_v2 defers the close until any statement a caller forgot is finalized, instead of failing.
  sqlite3_close_v2(db_);
}

Error Connection::error(std::string_view doing) const {
  return Error::internal("sqlite: " + std::string(sqlite3_errmsg(db_)) + " (" + std::string(doing.substr(0, 120)) +
                         " on " + path_ + ")");
}

Result<void> Connection::exec(std::string_view sql) {
  const std::string text(sql);  // sqlite3_exec needs a terminated string
  char* message = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return {};
  std::string reason = message ? message : sqlite3_errstr(rc);
  sqlite3_free(message);
  return fail(Error::internal("sqlite: " + reason + " (" + text.substr(0, 120) + " on " + path_ + ")"));
}

Result<sqlite3_stmt*> Connection::prepare_raw(std::string_view sql, bool persistent) {
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), persistent ? SQLITE_PREPARE_PERSISTENT : 0,
                              &stmt, &tail);
  if (rc != SQLITE_OK) return fail(error(sql));
  if (!stmt) return fail(Error::internal("sqlite: no statement in \"" + std::string(sql.substr(0, 120)) + "\""));
  return stmt;
}

Result<Query> Connection::query(std::string_view sql) {
  auto found = cache_.find(sql);
  if (found == cache_.end()) {
    auto stmt = prepare_raw(sql, /*persistent=*/true);
    if (!stmt) return fail(stmt.error());
    found = cache_.emplace(std::string(sql), CachedStatement{*stmt, false}).first;
  }
  if (found->second.in_use) return prepare(sql);
  found->second.in_use = true;
  return Query(db_, found->second.stmt, &found->second.in_use);
}

Result<Query> Connection::prepare(std::string_view sql) {
  auto stmt = prepare_raw(sql, /*persistent=*/false);
  if (!stmt) return fail(stmt.error());
  return Query(db_, *stmt, nullptr);
}

std::int64_t Connection::changes() const { return sqlite3_changes64(db_); }

bool Connection::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

Result<void> Connection::set_busy_timeout(int milliseconds) {
  busy_timeout_ = std::chrono::milliseconds(std::max(milliseconds, 0));
  // SQLite calls the handler with the number of times it has been called for this wait (0 on the first).
  const auto handler = [](void* self, int calls) -> int {
    auto& connection = *static_cast<Connection*>(self);
    const auto now = std::chrono::steady_clock::now();
    if (calls == 0) connection.busy_since_ = now;
    if (now - connection.busy_since_ >= connection.busy_timeout_) return 0;  // give up: SQLITE_BUSY
    std::this_thread::sleep_for(kBusyRetry);
    return 1;
  };
  if (sqlite3_busy_handler(db_, handler, this) != SQLITE_OK) return fail(error("busy_timeout"));
  return {};
}

}  // namespace callsign::storage::sqlite
