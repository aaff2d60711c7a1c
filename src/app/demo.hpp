#pragma once
#include <cstdint>

#include "app/config.hpp"

namespace callsign::app {

struct DemoOptions {
  int backfill_days = 60;          // history before today (0: none); only when the project is first created
  double sessions_per_day = 400;   // the history's website sessions a day
  std::uint64_t seed = 1;          // the simulator's seed (history and live traffic)
  double live_rate = 0.6;          // live calls a minute after start-up
  bool live = true;                // false: no live traffic (--no-live)
};

// `callsign demo` (docs/demo.md): serve() with the tyre shop's project, created on first start with its
// simulated history; prints the project's fresh api key, the dashboard URL and commands to try; then generates
// live traffic until SIGINT/SIGTERM. Returns the exit code.
int run_demo(const ServeConfig& config, const DemoOptions& options = {});

}  // namespace callsign::app
