#pragma once
// `callsign serve` and `callsign demo`: open the store, wire the API to the HTTP server, run until SIGTERM.
#include <cstdint>
#include <functional>
#include <memory>

#include "api/pool_registry.hpp"
#include "app/config.hpp"
#include "common/time.hpp"
#include "storage/store.hpp"

namespace callsign::app {

// What a BeforeServe hook may use: the open store, the bound port, the server's clock and its live pools
// (the allocators POST /v1/sessions uses, so anything that starts sessions beside the API shares them).
struct ServeContext {
  storage::Store& store;
  std::uint16_t port;
  const Clock& clock;
  api::PoolRegistry& pools;
};

// Work that runs beside the server (the demo's live traffic). start() is called once the server is about to
// serve; stop() on SIGINT/SIGTERM before the server drains (on an I/O thread), and again after it stopped,
// before the store closes — so it must be idempotent, return promptly and leave nothing half-written.
class Sidecar {
 public:
  virtual ~Sidecar() = default;
  virtual void start() = 0;
  virtual void stop() = 0;
};

// Called after the store is open and the port bound, before the server serves (the demo seeds its project
// here). May return a sidecar to run alongside the server (or nullptr).
using BeforeServe = std::function<Result<std::unique_ptr<Sidecar>>(const ServeContext& context)>;

// Returns the process exit code: 0 after a graceful shutdown, 1 when start-up failed (reason printed).
int serve(const ServeConfig& config, const BeforeServe& before_serve = {});

}  // namespace callsign::app
