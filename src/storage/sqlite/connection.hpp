#pragma once
// Connection: one open SQLite database handle (RAII) with a cache of prepared statements.
// Not thread-safe: a connection is used by one thread at a time (the writer thread, or whoever leased a
// reader). Every failure is returned as Error{internal} carrying SQLite's message; nothing throws.
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "storage/sqlite/query.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace callsign::storage::sqlite {

// How often a connection waiting for another's lock looks again (Connection::set_busy_timeout).
inline constexpr std::chrono::microseconds kBusyRetry{100};

class Connection {
 public:
  // Opens `path` with sqlite3_open_v2 `flags` (SQLITE_OPEN_*); SQLITE_OPEN_NOMUTEX and extended result codes
  // are always added. Errors: Error{internal} naming the file.
  static Result<std::unique_ptr<Connection>> open(const std::string& path, int flags);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more SQL statements with no parameters (pragmas, migration scripts).
  Result<void> exec(std::string_view sql);

  // A statement from this connection's cache, prepared on first use. If the cached statement is already in
  // use (a query nested inside another with the same text) a fresh one is prepared for this use only.
  // The Query must be destroyed before the Connection.
  Result<Query> query(std::string_view sql);
  // A statement prepared for this use only (for SQL that will not be seen again).
  Result<Query> prepare(std::string_view sql);

  // Rows changed by the most recent INSERT/UPDATE/DELETE.
  std::int64_t changes() const;
  // False in autocommit mode: no transaction is open (or SQLite rolled it back after an error).
  bool in_transaction() const;
  // Sets how long a statement waits for another connection's lock before failing with SQLITE_BUSY. It looks again
  // every kBusyRetry, not on SQLite's default schedule (sleeps growing to 100 ms): a writer stopped by a checkpoint
  // must go on as soon as the lock is free, not up to 100 ms later with every request of its batch waiting.
  Result<void> set_busy_timeout(int milliseconds);

  const std::string& path() const { return path_; }
  sqlite3* handle() const { return db_; }

 private:
  struct CachedStatement {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };

  Connection(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  Error error(std::string_view doing) const;
  Result<sqlite3_stmt*> prepare_raw(std::string_view sql, bool persistent);

  sqlite3* db_;
  std::chrono::milliseconds busy_timeout_{0};
  std::chrono::steady_clock::time_point busy_since_{};  // when the current wait for a lock began
  std::string path_;
  std::map<std::string, CachedStatement, std::less<>> cache_;  // node addresses stay put: Query points in
};

}  // namespace callsign::storage::sqlite
