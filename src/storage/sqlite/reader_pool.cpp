#include "storage/sqlite/reader_pool.hpp"

#include <algorithm>

#include <sqlite3.h>
#include <spdlog/spdlog.h>

#include "storage/sqlite/pragmas.hpp"

namespace callsign::storage::sqlite {

Result<std::unique_ptr<ReaderPool>> ReaderPool::open(const std::string& path, int count,
                                                     Result<void> (*configure)(Connection&)) {
  std::unique_ptr<ReaderPool> pool(new ReaderPool());
  for (int i = 0; i < std::max(count, 1); ++i) {
    auto connection = Connection::open(path, SQLITE_OPEN_READONLY);
    if (!connection) return fail(connection.error());
    if (auto r = configure(**connection); !r) return fail(r.error());
    pool->readers_.push_back(std::make_unique<Reader>(std::move(*connection)));
    pool->free_.push_back(pool->readers_.back().get());
  }
  return pool;
}

ReaderPool::Reader* ReaderPool::acquire() {
  Reader* reader = nullptr;
  {
    std::unique_lock lock(mutex_);
    available_.wait(lock, [&] { return !free_.empty(); });
    reader = free_.back();
    free_.pop_back();
  }
  // Deferred: the snapshot is taken by the first read and held until release().
  if (auto begun = reader->connection->query("BEGIN"); !begun || !begun->run())
    spdlog::warn("storage: cannot begin a read transaction; reads of this lease may see different snapshots");
  return reader;
}

void ReaderPool::release(Reader* reader) {
  if (reader->connection->in_transaction()) {
    auto ended = reader->connection->query("COMMIT");
    if (!ended || !ended->run()) (void)reader->connection->exec("ROLLBACK");
  }
  {
    std::lock_guard lock(mutex_);
    free_.push_back(reader);
  }
  available_.notify_one();
}

}  // namespace callsign::storage::sqlite
