#pragma once
// Checkpointer: copies the WAL back into the database file on its own thread and connection, so the writer
// never pauses for it. SQLite's automatic checkpoint runs inside the COMMIT that crosses the threshold, on the
// writer thread: every write waiting behind that commit waited for the copy and its fsync too.
//
// watch() installs a WAL hook on the writer's connection (replacing SQLite's automatic checkpoint); once the WAL
// holds `threshold_pages` not yet copied, the checkpointer runs a PASSIVE checkpoint, which never blocks the writer
// or readers (it copies what no reader still needs; the rest goes in the next round). Counting only what is not
// yet copied matters: counting the whole WAL, every commit past the threshold started another checkpoint (73 a
// second under call ingestion, each with two fsyncs, copying a few frames each). Under constant writes a passive
// checkpoint never catches up with the end of the WAL, so the WAL would only grow: once it holds 10× the
// threshold, a RESTART checkpoint briefly holds the writer back so the WAL starts over from its beginning.
// The WAL file keeps the size it reached, up to twice that restart point (the writer's
// journal_size_limit): a WAL that starts over then overwrites blocks the file system has already allocated, so a
// commit's fdatasync has no change of file size to journal, and the writer never stops to truncate the file.
// Thread-safe; close() is idempotent.
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "common/result.hpp"
#include "storage/sqlite/connection.hpp"

namespace callsign::storage::sqlite {

struct CheckpointStats {
  std::uint64_t checkpoints = 0;     // checkpoints run (passive or restart)
  std::uint64_t restarts = 0;        // of which RESTART checkpoints (the WAL had grown past 10× the threshold)
  std::uint64_t pages_copied = 0;    // WAL frames copied into the database file
  std::uint64_t failures = 0;        // checkpoints that returned an error (logged; retried next time)
};

class Checkpointer {
 public:
  // Opens its own read-write connection to `path` (which must exist) and starts the thread.
  static Result<std::unique_ptr<Checkpointer>> open(const std::string& path, int threshold_pages);
  ~Checkpointer();  // close()
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Makes commits on `writer` report the WAL size to this checkpointer, and sets the size the writer cuts its WAL
  // file back to when it starts over (journal_size_limit) at twice the restart point. `writer` must
  // outlive the hook: call close() (or destroy the writer's connection) first when tearing down.
  Result<void> watch(Connection& writer);
  // That size, in bytes, for pages of `page_size` bytes.
  std::int64_t wal_size_kept(std::int64_t page_size) const;
  // Runs one last checkpoint of whatever the WAL holds, then stops the thread.
  void close();
  CheckpointStats stats() const;

 private:
  Checkpointer(std::unique_ptr<Connection> connection, int threshold_pages);
  static int on_commit(void* self, sqlite3* db, const char* schema, int wal_pages);
  void run();
  void checkpoint();

  std::unique_ptr<Connection> connection_;  // used only on the checkpointer thread
  const int threshold_pages_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool due_ = false;      // guarded by mutex_
  int wal_pages_ = 0;     // guarded by mutex_: the WAL's size at the last commit
  int backfilled_ = 0;    // guarded by mutex_: frames of the current WAL already in the database file
  bool closing_ = false;  // guarded by mutex_
  CheckpointStats stats_;  // guarded by mutex_
  std::thread thread_;     // last
};

}  // namespace callsign::storage::sqlite
