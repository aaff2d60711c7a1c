#include "app/simulate_command.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/accuracy.hpp"
#include "sim/replay.hpp"
#include "sim/sweep.hpp"
#include "sim/traffic.hpp"

namespace callsign::app {
namespace {

// A Monday, so that the simulated week starts with a weekday.
constexpr std::chrono::sys_days kSimStart{std::chrono::year{2026} / 3 / 2};

std::string today() {
  const auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const std::chrono::year_month_day ymd{now};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

void print_accuracy(std::ostream& out, const char* who, const sim::Accuracy& a) {
  char line[200];
  std::snprintf(line, sizeof line,
                "  %-9s call-level %5.1f %%  channel %5.1f %%  unattributed %5.1f %%  wrong %5.1f %%\n", who,
                a.call_level * 100, a.channel_level * 100, a.unattributed * 100, a.wrong * 100);
  out << line;
}

// The gnuplot script drawing channel accuracy and wrong share against pool size; gnuplot is optional.
bool plot(const std::filesystem::path& data, const std::filesystem::path& png, const std::string& title) {
  const std::filesystem::path script = data.string() + ".gp";
  std::ofstream gp(script);
  gp << "set terminal png size 900,560\nset output '" << png.string() << "'\n"
     << "set title '" << title << "'\nset xlabel 'pool size (numbers)'\nset ylabel 'share of calls (%)'\n"
     << "set logscale x\nset key bottom right\nset grid\nset yrange [0:100]\n"
     << "plot '" << data.string() << "' using 1:3 with linespoints title 'Callsign: right channel', \\\n"
     << "     '' using 1:4 with linespoints title 'baseline: right channel', \\\n"
     << "     '' using 1:5 with linespoints title 'Callsign: wrong visit', \\\n"
     << "     '' using 1:6 with linespoints title 'baseline: wrong visit'\n";
  gp.close();
  const std::string command = "gnuplot '" + script.string() + "' 2>/dev/null";
  return std::system(command.c_str()) == 0;
}

}  // namespace

int run_simulate(const SimulateCommand& cmd, std::ostream& out, std::ostream& err) {
  sim::SimParams params;
  if (cmd.params_file) {
    std::ifstream in(*cmd.params_file);
    if (!in) {
      err << "callsign: cannot read " << *cmd.params_file << "\n";
      return 2;
    }
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = sim::parse_sim_params(text.str());
    if (!parsed) {
      err << "callsign: " << *cmd.params_file << ": " << parsed.error().message << "\n";
      return 2;
    }
    params = *parsed;
  }
  if (cmd.seed) params.seed = *cmd.seed;
  if (cmd.sessions_per_day) params.sessions_per_day = *cmd.sessions_per_day;
  if (cmd.days) params.days = *cmd.days;

  const auto started = std::chrono::steady_clock::now();
  const sim::Traffic traffic = sim::generate_traffic(params, Timestamp(kSimStart));
  out << "callsign: simulated " << traffic.sessions.size() << " sessions and " << traffic.calls.size() << " calls over "
      << params.days << " days (seed " << params.seed << ")\n";

  if (!cmd.sweep) {
    auto ours = sim::run_callsign(traffic, sim::PoolConfig{cmd.pool_size});
    if (!ours) {
      err << "callsign: " << ours.error().message << "\n";
      return 1;
    }
    const sim::Accuracy a = sim::measure(traffic, *ours);
    out << "pool of " << cmd.pool_size << " numbers, " << a.calls << " measured calls, " << ours->exhausted
        << " sessions found the pool exhausted\n";
    print_accuracy(out, "Callsign", a);
    print_accuracy(out, "baseline", sim::measure(traffic, sim::run_baseline(traffic, sim::PoolConfig{cmd.pool_size})));
    return 0;
  }

  const auto sizes = cmd.sizes.empty() ? sim::sweep_sizes(traffic) : cmd.sizes;
  auto report = sim::sweep(traffic, cmd.workload, sizes, [&](std::size_t done, std::size_t total) {
    const int width = 30, filled = static_cast<int>(width * done / total);
    out << "\r  [" << std::string(static_cast<std::size_t>(filled), '#') << std::string(static_cast<std::size_t>(width - filled), ' ')
        << "] " << done << "/" << total << std::flush;
  });
  out << "\n";
  if (!report) {
    err << "callsign: " << report.error().message << "\n";
    return 1;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::error_code ec;
  std::filesystem::create_directories(cmd.out_dir, ec);
  const std::filesystem::path base = std::filesystem::path(cmd.out_dir) / ("accuracy-" + cmd.workload + "-" + today() + "-vm");
  const std::string table = sim::to_markdown(*report);
  std::ofstream md(base.string() + ".md");
  md << "# Attribution accuracy: Callsign vs the baseline (`callsign simulate --sweep`)\n\n"
     << "Seed " << params.seed << ", hold " << params.hold_seconds << " s (baseline: 15 min fixed), "
     << sizes.size() << " pool sizes, run in " << static_cast<int>(seconds) << " s on one core. "
     << "docs/accuracy.md explains the figures.\n\n"
     << table << "\nPlot: " << base.filename().string() << ".png\n";
  std::ofstream(base.string() + ".dat") << sim::to_plot_data(*report);
  md.close();
  if (!md) {
    err << "callsign: cannot write " << base.string() << ".md\n";
    return 1;
  }
  const bool plotted = plot(base.string() + ".dat", base.string() + ".png",
                            "Attribution accuracy, " + cmd.workload + " workload");
  out << table << "\nwritten: " << base.string() << ".md" << (plotted ? ", .png" : " (no gnuplot: no .png)")
      << " in " << static_cast<int>(seconds) << " s\n";
  return 0;
}

}  // namespace callsign::app
