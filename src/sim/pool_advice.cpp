#include "sim/pool_advice.hpp"

#include <algorithm>

#include "sim/sweep.hpp"

namespace callsign::sim {
namespace {

AdvicePoint to_point(const SweepPoint& p) {
  AdvicePoint a;
  a.pool_size = p.pool_size;
  a.channel_level = p.callsign.channel_level;
  a.call_level = p.callsign.call_level;
  a.wrong = p.callsign.wrong;
  a.unattributed = p.callsign.unattributed;
  a.number_months = p.number_months;
  a.per_month = static_cast<double>(p.pool_size);
  return a;
}

// Callsign's figures at each of `sizes` (sorted, unique).
Result<std::vector<AdvicePoint>> measure_sizes(const Traffic& traffic, const std::vector<std::size_t>& sizes) {
  auto report = sweep(traffic, "advice", sizes, {}, /*callsign_only=*/true);
  if (!report) return fail(report.error());
  std::vector<AdvicePoint> points;
  for (const auto& p : report->points) points.push_back(to_point(p));
  return points;
}

std::size_t human_sessions(const Traffic& traffic) {
  return static_cast<std::size_t>(
      std::count_if(traffic.sessions.begin(), traffic.sessions.end(), [](const SimSession& s) { return !s.bot; }));
}

}  // namespace

std::string_view to_string(AdviceStatus s) {
  switch (s) {
    case AdviceStatus::ok: return "ok";
    case AdviceStatus::target_unreachable: return "target_unreachable";
    case AdviceStatus::insufficient_traffic: return "insufficient_traffic";
  }
  return "insufficient_traffic";
}

Result<PoolAdvice> advise_pool_size(const Traffic& traffic, std::size_t current_size, double target) {
  PoolAdvice advice;
  advice.target = target;
  advice.current_size = current_size;
  advice.days = traffic.params.days;
  advice.sessions = human_sessions(traffic);

  std::vector<std::size_t> sizes = sweep_sizes(traffic);
  sizes.push_back(1);
  if (current_size > 0) sizes.push_back(current_size);
  std::sort(sizes.begin(), sizes.end());
  sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());

  // The measured calls do not depend on the pool size; one small run tells whether there are enough.
  auto calls = sweep(traffic, "advice", {1}, {}, /*callsign_only=*/true);
  if (!calls) return fail(calls.error());
  advice.calls = calls->calls;
  if (advice.sessions < kMinAdviceSessions || advice.calls < kMinAdviceCalls) return advice;

  auto curve = measure_sizes(traffic, sizes);
  if (!curve) return fail(curve.error());
  advice.curve = std::move(*curve);
  auto reaches = [&](const AdvicePoint& p) { return p.channel_level >= target; };
  const auto first = std::find_if(advice.curve.begin(), advice.curve.end(), reaches);
  if (first == advice.curve.end()) {
    advice.status = AdviceStatus::target_unreachable;
    return advice;
  }
  // Bisect (lo misses, hi reaches) down to neighbours; every size measured joins the curve.
  std::size_t hi = first->pool_size;
  if (first != advice.curve.begin()) {
    std::size_t lo = std::prev(first)->pool_size;
    std::vector<AdvicePoint> extra;
    while (hi - lo > 1) {
      const std::size_t mid = lo + (hi - lo) / 2;
      auto at = measure_sizes(traffic, {mid});
      if (!at) return fail(at.error());
      extra.push_back(at->front());
      if (reaches(at->front())) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    advice.curve.insert(advice.curve.end(), extra.begin(), extra.end());
    std::sort(advice.curve.begin(), advice.curve.end(),
              [](const AdvicePoint& a, const AdvicePoint& b) { return a.pool_size < b.pool_size; });
  }
  advice.status = AdviceStatus::ok;
  advice.recommended_size = hi;
  return advice;
}

}  // namespace callsign::sim
