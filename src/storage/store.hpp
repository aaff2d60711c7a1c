#pragma once
// Store: the storage engine behind the domain's repository ports.
//   * reads run on the calling thread against a pooled read connection (parallel; WAL snapshot);
//   * writes run on one writer thread that batches concurrent jobs into one transaction (group commit):
//     a job's completion fires only after the COMMIT holding it is durable (synchronous=FULL).
// Thread-safe: any thread may call read()/write(). Destroying the Store (or close()) drains queued writes.
#include <utility>  // before Boost headers (GCC 12 + Boost 1.74)

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "common/result.hpp"
#include "domain/repositories.hpp"
#include "storage/completion_batch.hpp"

namespace callsign::storage {

struct StoreOptions {
  std::string path;              // the database file; created with its folder if missing
  int read_connections = 4;      // pooled read connections
  int max_batch = 256;           // most jobs committed in one transaction
  int checkpoint_pages = 4000;   // WAL size (pages) that starts a background checkpoint
};

// Counters of the group-commit writer since the store opened (for /metrics and tests).
struct WriterStats {
  std::uint64_t transactions_committed = 0;  // batches whose COMMIT succeeded
  std::uint64_t transactions_failed = 0;     // batches rolled back whole (BEGIN or COMMIT failed)
  std::uint64_t jobs_committed = 0;          // jobs that returned true in a committed batch
  std::uint64_t jobs_rolled_back = 0;        // jobs that returned false (or threw): their savepoint undone
  std::uint64_t jobs_failed = 0;             // jobs whose done() got Error{internal}
  std::uint64_t batches_rerun = 0;           // batches of repeatable jobs run again with savepoints (one failed)
  std::size_t queued = 0;                    // jobs submitted and not yet taken into a batch
  std::uint64_t checkpoints = 0;             // WAL checkpoints run (off the writer's thread)
  std::uint64_t checkpoint_pages = 0;        // pages they copied into the database file
  std::uint64_t checkpoint_failures = 0;     // checkpoints that failed (retried at the next threshold)
};

class Store {
 public:
  // Opens (creating if needed) and migrates the database to the newest schema version.
  // Errors: Error{internal} naming the file when it cannot be opened or migrated.
  static Result<std::unique_ptr<Store>> open(const StoreOptions& options);
  virtual ~Store() = default;

  // Current schema version and the newest this binary knows (for `callsign migrate`).
  virtual int schema_version() const = 0;
  static int latest_schema_version();

  // A job runs on the writer thread inside the batch transaction, wrapped in its own SAVEPOINT:
  // if it returns false its own changes are rolled back and the batch goes on.
  // `done` is called (on the writer thread) once after the batch commits, with Error{internal} if the
  // commit failed (then every job of the batch fails) or Error{unavailable} if the store is closing.
  // A job that throws is rolled back as if it returned false, logged, and its done gets Error{internal}
  // (write()/write_blocking() would otherwise have no outcome to return). After close(), done runs at once
  // on the submitting thread with Error{unavailable}. A job must not call write_blocking() (deadlock).
  using WriteJob = std::function<bool(domain::Repositories&)>;
  using WriteDone = std::function<void(Result<void>)>;
  // How often the writer may run a job. `once`: exactly once, in its own SAVEPOINT. `repeatable`: the job's only
  // effects are its statements and its own outcome (no captures it moves from or changes, nothing outside the
  // transaction), so running it again on the same database gives the same result. A batch made only of
  // repeatable jobs runs without a savepoint per job (the savepoints' page copies were ~10 % of the writer's time:
  // decision 0009); when one of them fails, the batch is rolled back whole and run again, each job in its own
  // savepoint, so the outcome is the same as if every job had had one. Either way done() runs once per job.
  enum class JobRuns { once, repeatable };
  virtual void submit(WriteJob job, WriteDone done, JobRuns runs = JobRuns::once) = 0;

  // Runs `fn` on a pooled read connection on this thread. fn: Result<T>(domain::Repositories&).
  template <class Fn>
  auto read(Fn&& fn) -> decltype(fn(std::declval<domain::Repositories&>())) {
    auto lease = lease_reader();
    return fn(*lease);
  }

  // read() on the connection kept for reports (a large page cache; one at a time: call it from the report
  // runner's one thread, or expect to wait).
  template <class Fn>
  auto read_report(Fn&& fn) -> decltype(fn(std::declval<domain::Repositories&>())) {
    auto lease = lease_report_reader();
    return fn(*lease);
  }

  // Runs `fn` (Result<T>(domain::Repositories&)) in the group-committed write transaction and resumes the
  // awaiting coroutine on its own executor once the commit is durable. fn's error rolls back fn's changes.
  // Deliberately not a coroutine itself: GCC 12 destroys by-value class arguments of a coroutine twice when
  // they are passed as temporaries (a lambda here), so the function object goes through async_initiate.
  // `runs`: JobRuns::repeatable only when fn meets submit()'s condition for it.
  template <class T, class Fn>
  boost::asio::awaitable<Result<T>> write(Fn fn, JobRuns runs = JobRuns::once) {
    auto initiation = [this, fn = std::move(fn), runs](auto handler) mutable {
      auto executor = boost::asio::get_associated_executor(handler);
      auto shared_handler = std::make_shared<decltype(handler)>(std::move(handler));
      auto outcome = std::make_shared<std::optional<Result<T>>>();
      submit(
          [fn = std::move(fn), outcome](domain::Repositories& repos) mutable {
            outcome->emplace(fn(repos));
            return outcome->value().has_value();
          },
          [executor, shared_handler, outcome](Result<void> committed) {
            if (!committed) *outcome = Result<T>(fail(committed.error()));
            // On the writer thread, inside its CompletionBatch: one post per I/O thread for the whole batch.
            CompletionBatch::deliver(executor, [shared_handler, outcome] { (*shared_handler)(std::move(**outcome)); });
          },
          runs);
    };
    return boost::asio::async_initiate<decltype(boost::asio::use_awaitable), void(Result<T>)>(
        std::move(initiation), boost::asio::use_awaitable);
  }

  // Blocking form of write() for the CLI and tests (never call it from an I/O thread).
  template <class T, class Fn>
  Result<T> write_blocking(Fn fn);

  // Stops accepting writes, commits what is queued, joins the writer. Idempotent. Reads keep working.
  // Must not be called from a write job or a done callback (the writer thread).
  virtual void close() = 0;

  // A snapshot of the writer's counters; thread-safe. The default is for stores without a writer thread.
  virtual WriterStats stats() const { return {}; }

  // A read connection's repositories, returned to the pool when the lease is destroyed.
  using ReaderLease = std::unique_ptr<domain::Repositories, std::function<void(domain::Repositories*)>>;

 protected:
  virtual ReaderLease lease_reader() = 0;
  virtual ReaderLease lease_report_reader() { return lease_reader(); }
};

}  // namespace callsign::storage

#include "storage/store_blocking.hpp"
