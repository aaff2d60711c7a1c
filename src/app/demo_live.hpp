#pragma once
// The demo's live traffic: after the history, simulated visits and calls keep arriving on the real clock,
// through the same StoreReplay and the server's own pools, so the dashboard changes while you watch.
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "api/pool_registry.hpp"
#include "app/serve.hpp"
#include "domain/project.hpp"
#include "sim/sim_params.hpp"
#include "storage/store.hpp"

namespace callsign::app {

struct LiveOptions {
  double calls_per_minute = 0.6;
  std::uint64_t seed = 1;
};

// Simulator parameters for one day of live traffic at about `calls_per_minute`: a flat day (no night, no
// weekend, so the pace is visible whenever the demo runs), visits far more likely to call than real ones (so
// a small pool is not flooded with visits), 40 % of calls to the static numbers. Pure.
sim::SimParams live_params(double calls_per_minute, std::uint64_t seed);

class LiveTraffic final : public Sidecar {
 public:
  LiveTraffic(storage::Store& store, api::PoolRegistry& pools, domain::Project project, const Clock& clock,
              LiveOptions options);
  ~LiveTraffic() override;

  // Starts the generating thread. Each simulated day of traffic begins at the clock's now; an event is applied
  // when the clock reaches it (a call when answered and again when ended, as carriers report it). A write that fails is logged
  // and the thread stops (the server goes on).
  void start() override;
  // Wakes and joins the thread; what was applied is committed. Idempotent.
  void stop() override;

 private:
  void run();
  // Sleeps until `until` on the clock, or until stop(); false when stopping.
  bool wait_until(Timestamp until);

  storage::Store& store_;
  api::PoolRegistry& pools_;
  domain::Project project_;
  const Clock& clock_;
  LiveOptions options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace callsign::app
