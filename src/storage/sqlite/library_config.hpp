#pragma once
// Process-wide SQLite settings. They must be set before SQLite initializes, so Connection::open applies them
// (once) before it opens the first connection.

namespace callsign::storage::sqlite {

// Idempotent and thread-safe. Best effort: if SQLite was already initialized (another library in the process
// opened a database first), the settings stay SQLite's defaults, which are slower, not wrong.
void configure_sqlite_library();

}  // namespace callsign::storage::sqlite
