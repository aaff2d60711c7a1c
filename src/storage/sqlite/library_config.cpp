#include "storage/sqlite/library_config.hpp"

#include <sqlite3.h>

#include <mutex>

namespace callsign::storage::sqlite {

void configure_sqlite_library() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Memory statistics off. With them on, every allocation and free SQLite makes takes one process-wide mutex
    // to count bytes (and Debian's SQLite is built without the lookaside allocator, so a statement step allocates
    // often): ~9 % of the writer thread's time under the DNI load went to that lock, and every reader thread takes
    // the same lock. We use none of what the counts feed (sqlite3_memory_used, the soft heap limit).
    (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  });
}

}  // namespace callsign::storage::sqlite
