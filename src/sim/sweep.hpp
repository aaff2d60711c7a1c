#pragma once
// The accuracy benchmark: one traffic, many pool sizes, Callsign against the baseline (docs/accuracy.md).
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "sim/accuracy.hpp"
#include "sim/traffic.hpp"

namespace callsign::sim {

struct SweepPoint {
  std::size_t pool_size = 0;
  double number_months = 0;  // pool_size × days ÷ 30: what the pool costs over the run
  Accuracy callsign, baseline;
};

// A vendor's rule of thumb for the pool size, and what it gives.
struct RuleOfThumb {
  std::string name;
  std::size_t pool_size = 0;
  Accuracy callsign, baseline;
};

struct SweepReport {
  std::string workload;
  double sessions_per_day = 0;
  int days = 0;
  std::size_t calls = 0;  // measured calls
  std::vector<SweepPoint> points;  // by pool size
  std::vector<RuleOfThumb> rules;
  // The smallest pool reaching the channel-level accuracy (interpolated between swept sizes, rounded up);
  // nullopt when no swept size reaches it.
  std::optional<std::size_t> callsign_90, baseline_90, callsign_95, baseline_95;
};

// Pool sizes worth sweeping for `traffic`: geometric steps (×1.2) from an eighth of its peak number of visits
// holding a number to 32 times it — far enough for numbers to rest for days, where late callers are told apart.
std::vector<std::size_t> sweep_sizes(const Traffic& traffic);

// The smallest pool size whose channel-level accuracy reaches `target` along `points`, interpolated.
std::optional<std::size_t> size_for(const std::vector<SweepPoint>& points, double target, bool callsign);

// Runs Callsign and the baseline at every size (and at the rules of thumb). `progress(done, total)` is called
// after each size. With `callsign_only` the baseline and the rules of thumb are skipped (their figures stay zero):
// the pool sizing advisor needs Callsign's curve only. Errors: as run_callsign().
Result<SweepReport> sweep(const Traffic& traffic, std::string workload, const std::vector<std::size_t>& sizes,
                          const std::function<void(std::size_t, std::size_t)>& progress = {},
                          bool callsign_only = false);

// The report as a Markdown table with the headline figures, and as gnuplot's whitespace-separated data
// (size, number-months, then Callsign's and the baseline's channel accuracy and wrong share, in percent).
std::string to_markdown(const SweepReport& report);
std::string to_plot_data(const SweepReport& report);

}  // namespace callsign::sim
