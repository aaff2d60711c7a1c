#pragma once
// `callsign pool advise --project ID --pool ID [--target 0.95] [--data-dir DIR] [--json]`: the pool sizing advisor
// (docs/pool-advisor.md) run against the database directly, as GET …/pools/{pool_id}/advice does over HTTP.
#include <ostream>
#include <string>

#include <CLI/CLI.hpp>

namespace callsign::app {

struct PoolAdviseCommand {
  std::string project_id;  // "prj_…"
  std::string pool_id;     // "pool_…"
  std::string target = "0.95";
  std::string data_dir = "./callsign-data";
  bool json = false;       // print the API's JSON instead of the table
};

// Registers `pool advise` on `app`, filling `command`; returns the `pool` subcommand (got_subcommand tells).
CLI::App* add_pool_command(CLI::App& app, PoolAdviseCommand& command);

// Prints the advice (status, recommended vs current size, the accuracy / cost curve) to `out`. Returns the exit
// code: 0 when advice was given (any status); 1 when there is no database, project or pool, or storage fails;
// 2 for a target that is not a number strictly between 0 and 1 (reason on `err`).
int run_pool_advise(const PoolAdviseCommand& command, std::ostream& out, std::ostream& err);

}  // namespace callsign::app
