#pragma once
#include "app/config.hpp"

namespace callsign::app {

// `callsign demo`: serve() with a demo project (static numbers and a week of calls) created on first start;
// prints the project's fresh api key and ready-to-paste commands. Returns the exit code.
int run_demo(const ServeConfig& config);

}  // namespace callsign::app
