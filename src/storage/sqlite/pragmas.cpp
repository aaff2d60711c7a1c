#include "storage/sqlite/pragmas.hpp"

namespace callsign::storage::sqlite {

Result<void> configure_writer(Connection& connection) {
  if (auto r = connection.set_busy_timeout(kBusyTimeoutMs); !r) return r;
  {
    auto mode = connection.prepare("PRAGMA journal_mode=WAL");
    if (!mode) return fail(mode.error());
    auto row = mode->step();
    if (!row) return fail(row.error());
    const std::string got = *row ? mode->text(0) : "";
    if (got != "wal")
      return fail(Error::internal("cannot switch " + connection.path() + " to WAL journal mode (got \"" + got + "\")"));
  }
  // temp_store=MEMORY: every write job runs in its own savepoint, and SQLite keeps the pages a savepoint may have
  // to restore in a sub-journal that, on disk, is never truncated before the transaction ends; past 64 KiB it
  // spilled to a temporary file and every page a batch touched was written twice.
  // journal_size_limit: when the WAL starts over, a WAL that grew under a burst is cut back to 64 MB.
  return connection.exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; PRAGMA journal_size_limit=67108864;");
}

Result<void> configure_reader(Connection& connection) {
  if (auto r = connection.set_busy_timeout(kBusyTimeoutMs); !r) return r;
  // Readers map the file: a report walks hundreds of thousands of index entries, and reading each page through
  // pread() into SQLite's small page cache was a third of a report's CPU (decision 0008). Address space only.
  return connection.exec("PRAGMA query_only=ON; PRAGMA mmap_size=17179869184;");
}

}  // namespace callsign::storage::sqlite
