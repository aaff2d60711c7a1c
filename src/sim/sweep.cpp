#include "sim/sweep.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "sim/replay.hpp"

namespace callsign::sim {
namespace {

struct TrafficShape {
  double human_per_day = 0;
  double peak_hourly = 0;       // human sessions in the busiest hour
  double session_minutes = 0;   // mean visit length
};

TrafficShape shape(const Traffic& traffic) {
  TrafficShape s;
  std::vector<double> per_hour(static_cast<std::size_t>(traffic.params.days) * 24 + 1, 0);
  double minutes = 0, humans = 0;
  for (const auto& session : traffic.sessions) {
    if (session.bot) continue;
    humans += 1;
    minutes += std::chrono::duration<double, std::ratio<60>>(session.end - session.start).count();
    const auto hour = std::chrono::duration_cast<std::chrono::hours>(session.start - traffic.start).count();
    per_hour[static_cast<std::size_t>(hour)] += 1;
  }
  s.human_per_day = humans / traffic.params.days;
  s.peak_hourly = *std::max_element(per_hour.begin(), per_hour.end());
  s.session_minutes = humans > 0 ? minutes / humans : 0;
  return s;
}

std::string percent(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %%", v * 100);
  return buf;
}

std::string needed(const std::optional<std::size_t>& n) { return n ? std::to_string(*n) : "not reached"; }

}  // namespace

std::vector<std::size_t> sweep_sizes(const Traffic& traffic) {
  const TrafficShape s = shape(traffic);
  const double peak_holding = s.peak_hourly / 60.0 * (s.session_minutes + traffic.params.hold_seconds / 60.0);
  const double lo = std::max(2.0, peak_holding / 8), hi = std::max(lo * 2, peak_holding * 32);
  std::vector<std::size_t> sizes;
  for (double v = lo; v <= hi * 1.0001; v *= 1.2) {
    const auto n = static_cast<std::size_t>(std::lround(v));
    if (sizes.empty() || n != sizes.back()) sizes.push_back(n);
  }
  return sizes;
}

std::optional<std::size_t> size_for(const std::vector<SweepPoint>& points, double target, bool callsign) {
  auto value = [&](const SweepPoint& p) { return (callsign ? p.callsign : p.baseline).channel_level; };
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (value(points[i]) < target) continue;
    if (i == 0) return points[0].pool_size;
    const double a = value(points[i - 1]), b = value(points[i]);
    const double x0 = static_cast<double>(points[i - 1].pool_size), x1 = static_cast<double>(points[i].pool_size);
    return static_cast<std::size_t>(std::ceil(x0 + (x1 - x0) * (target - a) / std::max(b - a, 1e-9)));
  }
  return std::nullopt;
}

Result<SweepReport> sweep(const Traffic& traffic, std::string workload, const std::vector<std::size_t>& sizes,
                          const std::function<void(std::size_t, std::size_t)>& progress, bool callsign_only) {
  SweepReport report;
  report.workload = std::move(workload);
  report.days = traffic.params.days;
  const TrafficShape s = shape(traffic);
  report.sessions_per_day = traffic.params.sessions_per_day;
  report.rules = {
      {"one number per 20 daily visitors", static_cast<std::size_t>(std::ceil(s.human_per_day / 20)), {}, {}},
      {"peak hourly visitors × session minutes ÷ 60",
       static_cast<std::size_t>(std::max(1.0, std::ceil(s.peak_hourly * s.session_minutes / 60))), {}, {}},
  };
  if (callsign_only) report.rules.clear();
  const std::size_t total = sizes.size() + report.rules.size();
  std::size_t done = 0;
  auto run_both = [&](std::size_t size, Accuracy& callsign, Accuracy& baseline) -> Result<void> {
    auto ours = run_callsign(traffic, PoolConfig{size});
    if (!ours) return fail(ours.error());
    callsign = measure(traffic, *ours);
    if (!callsign_only) baseline = measure(traffic, run_baseline(traffic, PoolConfig{size}));
    report.calls = callsign.calls;
    if (progress) progress(++done, total);
    return {};
  };
  for (std::size_t size : sizes) {
    SweepPoint p;
    p.pool_size = size;
    p.number_months = static_cast<double>(size) * traffic.params.days / 30.0;
    if (auto r = run_both(size, p.callsign, p.baseline); !r) return fail(r.error());
    report.points.push_back(p);
  }
  for (auto& rule : report.rules)
    if (auto r = run_both(rule.pool_size, rule.callsign, rule.baseline); !r) return fail(r.error());
  report.callsign_90 = size_for(report.points, 0.90, true);
  report.baseline_90 = size_for(report.points, 0.90, false);
  report.callsign_95 = size_for(report.points, 0.95, true);
  report.baseline_95 = size_for(report.points, 0.95, false);
  return report;
}

std::string to_markdown(const SweepReport& r) {
  std::ostringstream out;
  out << "## " << r.workload << ": " << r.sessions_per_day << " sessions a day, " << r.days << " days, " << r.calls
      << " measured calls\n\n";
  out << "| numbers needed for channel-level accuracy | Callsign | baseline |\n|---|---|---|\n"
      << "| 90 % | " << needed(r.callsign_90) << " | " << needed(r.baseline_90) << " |\n"
      << "| 95 % | " << needed(r.callsign_95) << " | " << needed(r.baseline_95) << " |\n\n";
  out << "| pool size | number-months | Callsign call-level | Callsign channel | Callsign unattributed | Callsign wrong "
         "| baseline call-level | baseline channel | baseline unattributed | baseline wrong |\n"
      << "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  auto row = [&](const std::string& label, double months, const Accuracy& c, const Accuracy& b) {
    char m[32];
    std::snprintf(m, sizeof m, "%.1f", months);
    out << "| " << label << " | " << m << " | " << percent(c.call_level) << " | " << percent(c.channel_level) << " | "
        << percent(c.unattributed) << " | " << percent(c.wrong) << " | " << percent(b.call_level) << " | "
        << percent(b.channel_level) << " | " << percent(b.unattributed) << " | " << percent(b.wrong) << " |\n";
  };
  for (const auto& p : r.points) row(std::to_string(p.pool_size), p.number_months, p.callsign, p.baseline);
  out << "\nRules of thumb:\n\n| rule | pool size | Callsign channel | Callsign wrong | baseline channel | baseline wrong |\n"
      << "|---|---:|---:|---:|---:|---:|\n";
  for (const auto& rule : r.rules)
    out << "| " << rule.name << " | " << rule.pool_size << " | " << percent(rule.callsign.channel_level) << " | "
        << percent(rule.callsign.wrong) << " | " << percent(rule.baseline.channel_level) << " | "
        << percent(rule.baseline.wrong) << " |\n";
  return out.str();
}

std::string to_plot_data(const SweepReport& r) {
  std::ostringstream out;
  out << "# size number_months callsign_channel baseline_channel callsign_wrong baseline_wrong\n";
  for (const auto& p : r.points) {
    char line[160];
    std::snprintf(line, sizeof line, "%zu %.2f %.2f %.2f %.2f %.2f\n", p.pool_size, p.number_months,
                  p.callsign.channel_level * 100, p.baseline.channel_level * 100, p.callsign.wrong * 100,
                  p.baseline.wrong * 100);
    out << line;
  }
  return out.str();
}

}  // namespace callsign::sim
