#pragma once
// Connection settings (DESIGN.md §2: WAL, one writer, parallel readers, acknowledged = durable).
#include "common/result.hpp"
#include "storage/sqlite/connection.hpp"

namespace callsign::storage::sqlite {

// How long any connection waits for another's lock before giving up with SQLITE_BUSY.
inline constexpr int kBusyTimeoutMs = 5000;

// The write connection: journal_mode=WAL (checked: a file system without shared memory refuses it),
// synchronous=FULL so a commit is on disk before its writes are acknowledged, foreign_keys=ON, busy_timeout.
Result<void> configure_writer(Connection& connection);

// A read connection (opened SQLITE_OPEN_READONLY once the writer has created and migrated the file):
// busy_timeout, and query_only as a second guard against writes.
Result<void> configure_reader(Connection& connection);

// The reports' own read connection: like a reader, without mmap and with a 64 MiB page cache, so the index pages
// of a report's range stay decoded between reports (decision 0008).
Result<void> configure_report_reader(Connection& connection);

}  // namespace callsign::storage::sqlite
