#pragma once
// GroupCommitWriter: the one thread that writes. Concurrent jobs are batched into one transaction, each job in
// its own SAVEPOINT, so many writes share one fsync (synchronous=FULL) while each still succeeds or rolls back
// on its own. A batch of repeatable jobs (Store::JobRuns) runs without the savepoints first, and again with them
// only if one of its jobs fails. A job's done() fires only after the COMMIT holding it returned, i.e. once it is
// durable.
//
// Thread-safe: submit(), close() and stats() may be called from any thread, except that close() must not be
// called from a job or a done callback (it would wait for itself; it then only stops accepting writes).
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/sqlite_repositories.hpp"
#include "storage/store.hpp"

namespace callsign::storage::sqlite {

class GroupCommitWriter {
 public:
  // Takes the (configured, migrated) write connection and starts the writer thread. max_batch < 1 means 1.
  GroupCommitWriter(std::unique_ptr<Connection> connection, int max_batch);
  ~GroupCommitWriter();  // close()
  GroupCommitWriter(const GroupCommitWriter&) = delete;
  GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

  // Queues a job (see Store::submit for the contract). After close(): done(Error{unavailable}) on this thread.
  void submit(Store::WriteJob job, Store::WriteDone done, Store::JobRuns runs = Store::JobRuns::once);
  // Stops accepting jobs, lets the thread commit everything queued, joins it. Idempotent.
  void close();
  WriterStats stats() const;

 private:
  struct Pending {
    Store::WriteJob job;
    Store::WriteDone done;
    Store::JobRuns runs = Store::JobRuns::once;
  };
  // How a pass over a batch's jobs went, inside its transaction.
  struct Pass {
    bool abandoned = false;  // the transaction is gone; abandon_batch() has reported it
    bool all_kept = true;    // no job returned false or threw
    std::vector<std::optional<Error>> thrown;  // per job: what it threw
    std::uint64_t kept = 0, rolled_back = 0;
  };

  void run();
  void run_batch(std::vector<Pending>& batch);
  // BEGIN IMMEDIATE; false (every job of the batch failed and notified) when it cannot begin.
  bool begin(std::vector<Pending>& batch);
  // Runs the jobs in the open transaction. With savepoints, each job's failure is undone alone and the pass goes
  // on; without, the pass stops at the first job that fails (all_kept = false), leaving the transaction open.
  Pass run_jobs(std::vector<Pending>& batch, bool savepoints);
  // COMMIT, then the stats and every job's done().
  void commit(std::vector<Pending>& batch, const Pass& pass);
  // The transaction is gone (SQLite rolled it back, or a savepoint command failed) after `ran` jobs: they fail,
  // the jobs that never ran go back to the front of the queue for the next batch.
  void abandon_batch(std::vector<Pending>& batch, std::size_t ran, const Error& why);
  Result<void> run_statement(std::string_view sql);
  // Runs a ROLLBACK or ROLLBACK TO, first forgetting what repos_ cached of the writes it undoes.
  Result<void> roll_back(std::string_view sql);
  // After a failed COMMIT or an abandoned batch: rolls back the transaction if SQLite has not already, and forgets
  // what repos_ cached of it either way.
  void end_failed_transaction();
  static void notify(Pending& pending, Result<void> result);

  std::unique_ptr<Connection> connection_;
  SqliteRepositories repos_;  // bound to *connection_; used only on the writer thread
  const std::size_t max_batch_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;   // guarded by mutex_
  bool closing_ = false;        // guarded by mutex_
  WriterStats stats_;           // guarded by mutex_ (queued is filled in by stats())

  std::mutex join_mutex_;  // concurrent close() calls all return after the join
  std::thread thread_;     // last: started once everything above exists
};

}  // namespace callsign::storage::sqlite
