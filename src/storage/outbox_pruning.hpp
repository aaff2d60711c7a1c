#pragma once
// Pruning the outbox's history (decision 0010): a delivered or dead-lettered delivery is kept for the delivery log
// (`GET …/deliveries`, manual redelivery) for a retention period, then removed with its event, so the outbox does
// not grow with every call ever made. Pending deliveries are never removed, however old.
#include <chrono>
#include <cstddef>
#include <memory>

#include "common/result.hpp"
#include "common/time.hpp"
#include "storage/periodic_job.hpp"
#include "storage/store.hpp"

namespace callsign::storage {

struct PruneTotals {
  std::size_t events = 0;
  std::size_t deliveries = 0;
};

// Removes the finished deliveries of events published before `before`, and those events, in write jobs of at most
// `events_per_write` events (so the writer is never held long and calls keep flowing in between). Blocking: never
// call it on an I/O thread or the writer. Errors: storage failures (what was removed before stays removed).
Result<PruneTotals> prune_outbox(Store& store, Timestamp before, std::size_t events_per_write = 1000);

// Runs prune_outbox at once and then every `interval` on its own thread, keeping `retention` of history; failures
// are logged and retried at the next interval.
std::unique_ptr<PeriodicJob> start_outbox_pruning(Store& store, const Clock& clock, std::chrono::hours retention,
                                                  std::chrono::minutes interval = std::chrono::minutes(60));

}  // namespace callsign::storage
