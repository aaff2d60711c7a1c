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
  // SQLite maps at most 2 GiB (Debian's build), so in a larger database a report still reads pages; a 64 MiB cache
  // per reader (filled only by what it reads: reports, not the DNI path) keeps a 90-day range's index pages between
  // reports. 10 M sessions + 1 M calls (4.6 GB): report CPU 30-day by channel 103 → 66 ms, heat map 72 → 37 ms.
  return connection.exec("PRAGMA query_only=ON; PRAGMA mmap_size=17179869184; PRAGMA cache_size=-65536;");
}

}  // namespace callsign::storage::sqlite
