#pragma once
// The pool sizing advisor (docs/pool-advisor.md): replays a pool's traffic (recorded_traffic.hpp, or any simulated
// traffic) through Callsign's real allocator and attribution at many pool sizes and recommends the smallest size
// whose channel-level accuracy reaches a target, with the accuracy / cost curve.
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "sim/traffic.hpp"

namespace callsign::sim {

enum class AdviceStatus {
  ok,                    // recommended_size reaches the target; recommended_size - 1 does not
  target_unreachable,    // no size up to the largest swept reaches it
  insufficient_traffic,  // too few sessions or measured calls to say anything (no curve)
};
std::string_view to_string(AdviceStatus);  // "ok", "target_unreachable", "insufficient_traffic"

// Below these the curve is noise: with 30 calls one call moves accuracy by 3.3 points.
inline constexpr std::size_t kMinAdviceSessions = 200;
inline constexpr std::size_t kMinAdviceCalls = 30;

struct AdvicePoint {
  std::size_t pool_size = 0;
  double channel_level = 0;   // share of measured calls attributed to the right channel
  double call_level = 0;      // … to the very visit
  double wrong = 0;           // attributed to a visit that did not lead to the call
  double unattributed = 0;    // a visit's call left without a visit
  double number_months = 0;   // pool_size × days ÷ 30: what this pool costs over the traffic's days
  double per_month = 0;       // pool_size: numbers paid each month (number-months per 30 days)
};

struct PoolAdvice {
  AdviceStatus status = AdviceStatus::insufficient_traffic;
  double target = 0;
  std::size_t current_size = 0;
  std::optional<std::size_t> recommended_size;  // status ok only
  std::size_t sessions = 0;                      // human sessions replayed
  std::size_t calls = 0;                         // measured calls
  int days = 0;
  std::vector<AdvicePoint> curve;                // by pool size; the current size and the recommendation included
};

// `target` in (0, 1). Sweeps sim::sweep_sizes(traffic) (from 1 number up), the current size, and then bisects
// between the last size that misses the target and the first that reaches it, so that the recommendation is
// exact against the replay. Deterministic for a given traffic. Errors: as run_callsign().
Result<PoolAdvice> advise_pool_size(const Traffic& traffic, std::size_t current_size, double target);

}  // namespace callsign::sim
