#include "storage/outbox_pruning.hpp"

#include <spdlog/spdlog.h>

namespace callsign::storage {

Result<PruneTotals> prune_outbox(Store& store, Timestamp before, std::size_t events_per_write) {
  PruneTotals totals;
  std::int64_t after_seq = 0;
  for (;;) {
    auto step = store.write_blocking<domain::PruneStep>(
        [&](domain::Repositories& repos) { return repos.outbox().prune(before, after_seq, events_per_write); });
    if (!step) return fail(step.error());
    totals.events += step->events_removed;
    totals.deliveries += step->deliveries_removed;
    after_seq = step->last_seq;
    if (step->done) return totals;
  }
}

std::unique_ptr<PeriodicJob> start_outbox_pruning(Store& store, const Clock& clock, std::chrono::hours retention,
                                                  std::chrono::minutes interval) {
  return std::make_unique<PeriodicJob>("outbox-prune", interval, [&store, &clock, retention, interval] {
    auto pruned = prune_outbox(store, clock.now() - retention);
    if (!pruned)
      spdlog::warn("outbox pruning: {} (retried in {} min)", pruned.error().message, interval.count());
    else if (pruned->events > 0)
      spdlog::info("outbox pruning: removed {} events and {} deliveries older than {} days", pruned->events,
                   pruned->deliveries, retention.count() / 24);
  });
}

}  // namespace callsign::storage
