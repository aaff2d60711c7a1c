#pragma once
// The demo's history: simulated weeks of the tyre shop's website visits, calls, ad costs and deals, written
// through the real write paths (StoreReplay) so that every report and dashboard page has something to show.
#include <cstdint>
#include <functional>

#include "api/pool_registry.hpp"
#include "app/demo_replay.hpp"
#include "common/result.hpp"
#include "domain/project.hpp"
#include "storage/store.hpp"

namespace callsign::app {

struct HistoryOptions {
  int days = 60;                   // whole local days before today, plus today up to now
  double sessions_per_day = 400;   // mean over the week, bots included
  std::uint64_t seed = 1;
};

// The numbers a simulated call dials in the demo project (demo_shop.hpp).
ReplayNumbers demo_numbers();

// Generates the shop's traffic (sim::generate_traffic, the simulator's defaults but for sessions_per_day and
// seed) from local midnight `days` days before `now` up to `now` in the project's timezone — the simulator's
// daily curve read as local time — and replays it, in time order, through StoreReplay; adds a cost row per
// paid and offline channel for every day; turns a share of target calls into deals (a few refunded).
// Robocallers the simulator marks as known are put on the project's blocklist first (`project` is updated).
// `progress(done, total)` is called as the events are replayed. Errors: the store's or a recorder's.
Result<ReplayFigures> backfill_history(storage::Store& store, api::PoolRegistry& pools, domain::Project& project,
                                       const HistoryOptions& options, Timestamp now,
                                       const std::function<void(std::uint64_t, std::uint64_t)>& progress = {});

}  // namespace callsign::app
