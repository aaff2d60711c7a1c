#pragma once
// `callsign serve` and `callsign demo`: open the store, wire the API to the HTTP server, run until SIGTERM.
#include <functional>

#include "app/config.hpp"
#include "storage/store.hpp"

namespace callsign::app {

// Called after the store is open and before the server starts serving (the demo seeds its project here).
using BeforeServe = std::function<Result<void>(storage::Store& store, std::uint16_t port)>;

// Returns the process exit code: 0 after a graceful shutdown, 1 when start-up failed (reason printed).
int serve(const ServeConfig& config, const BeforeServe& before_serve = {});

}  // namespace callsign::app
