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
  // journal_size_limit is the checkpointer's to set (Checkpointer::watch): it knows where the WAL starts over.
  return connection.exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;");
}

Result<void> configure_reader(Connection& connection) {
  if (auto r = connection.set_busy_timeout(kBusyTimeoutMs); !r) return r;
  // Readers map the file: reading each page through pread() into SQLite's small page cache costs a copy per page
  // (SQLite maps at most 2 GiB with Debian's build). Address space only.
  return connection.exec("PRAGMA query_only=ON; PRAGMA mmap_size=17179869184;");
}

Result<void> configure_report_reader(Connection& connection) {
  if (auto r = connection.set_busy_timeout(kBusyTimeoutMs); !r) return r;
  // A report walks hundreds of thousands of index entries. A mapped page is set up again on every fetch; a cached
  // one is handed out decoded, and 64 MiB holds a 90-day range's pages from one report to the next. On the
  // 10 M-session store, against mapped readers: 30-day by channel 85 -> 46 ms, 90-day campaign x date 305 -> 165 ms,
  // heat map 60 -> 34 ms. One connection, so the memory is bounded; the other readers keep the default cache.
  return connection.exec("PRAGMA query_only=ON; PRAGMA cache_size=-65536;");
}

}  // namespace callsign::storage::sqlite
