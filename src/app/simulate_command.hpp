#pragma once
// `callsign simulate`: simulated traffic through the real allocator, attribution and classification
// (src/sim), in process on a simulated clock.
//   callsign simulate [--params FILE] [--pool-size N]      one run: accuracy of Callsign and of the baseline
//   callsign simulate --sweep [--out DIR] [--workload NAME] the accuracy benchmark: table + plot in DIR
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace callsign::app {

struct SimulateCommand {
  std::optional<std::string> params_file;  // TOML (sim/sim_params.hpp); default: the standard workload
  std::optional<std::uint64_t> seed;       // overrides the file's
  std::optional<double> sessions_per_day;  // overrides the file's
  std::optional<int> days;                 // overrides the file's
  std::size_t pool_size = 50;
  bool sweep = false;
  std::vector<std::size_t> sizes;          // --sizes: the pool sizes to sweep (default: around the peak)
  std::string workload = "standard";       // the report's name
  std::string out_dir = "bench/results";
};

// Returns the process exit code: 0 done; 1 a run failed or the report could not be written; 2 bad parameters.
int run_simulate(const SimulateCommand& command, std::ostream& out, std::ostream& err);

}  // namespace callsign::app
