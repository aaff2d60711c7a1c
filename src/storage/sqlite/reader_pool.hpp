#pragma once
// ReaderPool: a fixed set of read-only connections, each with its repositories. A lease holds one connection
// inside a read transaction, so everything read through it comes from one WAL snapshot.
// Thread-safe. acquire() blocks while every connection is leased.
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/pragmas.hpp"
#include "storage/sqlite/sqlite_repositories.hpp"

namespace callsign::storage::sqlite {

class ReaderPool {
 public:
  struct Reader {
    std::unique_ptr<Connection> connection;
    SqliteRepositories repos;
    explicit Reader(std::unique_ptr<Connection> c) : connection(std::move(c)), repos(*connection) {}
  };

  // Opens `count` (at least 1) SQLITE_OPEN_READONLY connections to an existing, migrated database, each set up
  // by `configure` (pragmas.hpp). Errors: Error{internal} naming the file.
  static Result<std::unique_ptr<ReaderPool>> open(const std::string& path, int count,
                                                  Result<void> (*configure)(Connection&) = configure_reader);
  // Every lease must have been released.
  ~ReaderPool() = default;

  // Waits for a free reader and starts its read transaction. Never returns null. A thread that already holds
  // a lease and asks for another can wait forever when the pool has one connection: do not nest reads.
  Reader* acquire();
  // Ends the read transaction and makes the reader available again. `reader` must come from acquire().
  void release(Reader* reader);

 private:
  ReaderPool() = default;

  std::vector<std::unique_ptr<Reader>> readers_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<Reader*> free_;  // guarded by mutex_
};

}  // namespace callsign::storage::sqlite
