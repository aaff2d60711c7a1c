#pragma once
// The background job that keeps the daily rollup of calls (decision 0008, domain/call_rollup.hpp) up to date. Each
// step computes days from the raw calls and deals (reports/call_rollup) on the reports' own read connection (no
// mmap, a bounded page cache: building a year of history does not grow the server's memory; a report waits for at
// most one step) and writes them in one small write job with the dirty marks it read, so the writer — the DNI hot
// path — is held only for the write.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>

#include "common/result.hpp"
#include "common/time.hpp"
#include "storage/periodic_job.hpp"
#include "storage/store.hpp"

namespace callsign::api {

// Brings every project's call rollup up to date at `now`: starts it over when the project's timezone or margin is
// not the one its days were computed with, appends the days up to the project's local today, and recomputes the
// days of its dirty hours (each day at most once per run; a day marked again meanwhile stays dirty for the next
// run). At most `days_per_write` days per write job. Returns the days computed. Blocking: never call it on an I/O
// thread or the writer. Errors: storage failures; Error{conflict} when a project's rollup was started over by
// another run meanwhile (harmless: the next run goes on).
Result<std::int64_t> roll_up_calls(storage::Store& store, Timestamp now, std::int64_t days_per_write = 31);

// What the periodic job has done since it started (for /metrics, and for benchmarks to wait for the first build).
struct CallRollupStats {
  std::atomic<std::uint64_t> runs{0};           // runs that finished without error
  std::atomic<std::uint64_t> failures{0};       // runs that failed (retried at the next interval)
  std::atomic<std::uint64_t> days{0};           // days computed by those runs
  std::atomic<std::int64_t> last_run_ms{0};     // how long the last run took
};

// Runs roll_up_calls at once and then every `interval` on its own thread, until the job is destroyed, counting in
// `stats` (which must outlive the job). Failures are logged and retried at the next interval.
std::unique_ptr<storage::PeriodicJob> start_call_rollup(storage::Store& store, const Clock& clock,
                                                        CallRollupStats& stats,
                                                        std::chrono::seconds interval = std::chrono::seconds(60));

}  // namespace callsign::api
