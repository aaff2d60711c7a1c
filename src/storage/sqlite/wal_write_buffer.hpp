#pragma once
// A SQLite VFS over the platform's default one that gathers a connection's writes to its WAL file and hands
// them to the OS in a few large writes (64 KiB each; the unix VFS takes at most 128 KiB at once). SQLite
// writes each WAL frame as two pwrite() calls — its 24-byte header, then the page — so a commit of n frames
// cost 2n system calls; on the call-ingest path those were a third of the writer thread's time
// (docs/decisions/0009). Every other file, and every other operation, passes straight through.
//
// The gathered bytes go to the file before anything could need them there:
//   * before the WAL file is synced (every commit: synchronous=FULL), read, truncated, sized or closed;
//   * before a write that does not continue them, and once they pass 1 MiB;
//   * before the connection publishes new frames to other connections — the database file's xShmBarrier,
//     which SQLite calls between writing the two copies of the WAL-index header — so no reader ever sees a
//     frame that is not in the file, whatever `synchronous` is.
// A crash loses only bytes that no sync had reached: nothing a commit acknowledged.
namespace callsign::storage::sqlite {

// The VFS's name for sqlite3_open_v2, registering it (not as the default) on first use; thread-safe.
// nullptr — the default VFS — if the platform's default VFS is missing.
const char* wal_write_buffer_vfs();

}  // namespace callsign::storage::sqlite
