#pragma once
// The session rollup (decision 0008): sessions counted per project, UTC hour and traffic source, so that a report
// over a month reads a few thousand rollup rows instead of a million sessions. The DNI hot path never writes it:
// hours are rolled up after they close (plus a grace for writes still queued), by a background thread that reads
// on a pooled reader and appends each step in one small write job. Reports read the rollup below its watermark
// and count the sessions above it (at most the current hour and the grace) directly.
#include <chrono>
#include <memory>

#include "common/result.hpp"
#include "common/time.hpp"
#include "storage/periodic_job.hpp"
#include "storage/store.hpp"

namespace callsign::storage {

// How long after an hour ends its sessions are rolled up: longer than any write can wait in the writer's queue.
inline constexpr std::chrono::minutes kRollupGrace{5};

// Rolls up every closed hour (ending at or before now − kRollupGrace) not rolled up yet, at most `step` per
// write job, then every project's local days that have closed into the daily rollup (in the project's timezone;
// all of its days again when the timezone changed). Starts at the hour of the first session ever when the rollup
// was never built. Returns the hours rolled up. Blocking (reads here, waits for each write's commit): never call it on an I/O thread or the writer.
// Errors: storage failures; Error{conflict} when another roll-up moved the watermark meanwhile (harmless).
Result<std::int64_t> roll_up_sessions(Store& store, Timestamp now, std::chrono::hours step = std::chrono::hours(24));

// Runs roll_up_sessions at once and then every `interval` on its own thread, until the job is destroyed. Failures
// are logged and retried at the next interval.
std::unique_ptr<PeriodicJob> start_session_rollup(Store& store, const Clock& clock,
                                                  std::chrono::seconds interval = std::chrono::seconds(60));

}  // namespace callsign::storage
