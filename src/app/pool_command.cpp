#include "app/pool_command.hpp"

#include <cstdio>

#include "api/pool_advice_json.hpp"
#include "app/existing_store.hpp"
#include "common/time.hpp"

namespace callsign::app {
namespace {

std::string percent(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %%", v * 100);
  return buf;
}

void print_table(std::ostream& out, const std::string& pool_id, const sim::RecordedAdvice& r) {
  const sim::PoolAdvice& a = r.advice;
  out << "pool " << pool_id << ": " << a.current_size << " numbers, hold " << r.hold_seconds << " s\n"
      << "replayed " << format_rfc3339(r.from) << " .. " << format_rfc3339(r.to) << ": " << a.sessions
      << " sessions, " << a.calls << " measured calls (" << r.excluded_calls << " left out: truth unknown)\n";
  switch (a.status) {
    case sim::AdviceStatus::ok:
      out << "recommended: " << *a.recommended_size << " numbers for " << percent(a.target)
          << " channel-level accuracy (now " << a.current_size << ")\n";
      break;
    case sim::AdviceStatus::target_unreachable:
      out << "target_unreachable: no pool size reaches " << percent(a.target) << " channel-level accuracy\n";
      break;
    case sim::AdviceStatus::insufficient_traffic:
      out << "insufficient_traffic: at least " << sim::kMinAdviceSessions << " sessions and " << sim::kMinAdviceCalls
          << " calls to the pool are needed in the last " << sim::kAdviceWindow.count() << " days\n";
      return;
  }
  out << "\n  size  channel  call-level  wrong  unattributed  number-months\n";
  for (const auto& p : a.curve) {
    char line[160];
    std::snprintf(line, sizeof line, "%6zu  %6.1f%%  %9.1f%%  %4.1f%%  %11.1f%%  %13.1f%s\n", p.pool_size,
                  p.channel_level * 100, p.call_level * 100, p.wrong * 100, p.unattributed * 100, p.number_months,
                  p.pool_size == a.current_size ? "  <- current" : (a.recommended_size == p.pool_size ? "  <- recommended" : ""));
    out << line;
  }
}

}  // namespace

CLI::App* add_pool_command(CLI::App& app, PoolAdviseCommand& command) {
  auto* pool = app.add_subcommand("pool", "DNI pools: sizing advice");
  pool->require_subcommand(1);
  auto* advise = pool->add_subcommand("advise", "replay a pool's last 14 days at other sizes and recommend one");
  advise->add_option("--project", command.project_id, "the project's id (prj_...)")->required();
  advise->add_option("--pool", command.pool_id, "the pool's id (pool_...)")->required();
  advise->add_option("--target", command.target, "channel-level accuracy to reach, 0..1 (default 0.95)");
  advise->add_option("--data-dir", command.data_dir, "folder of the database (default ./callsign-data)");
  advise->add_flag("--json", command.json, "print the API's JSON");
  return pool;
}

int run_pool_advise(const PoolAdviseCommand& command, std::ostream& out, std::ostream& err) {
  const auto failed = [&err](const Error& e, int code) {
    err << "callsign: " << e.message << "\n";
    return code;
  };
  auto target = api::parse_advice_target(command.target);
  if (!target) return failed(target.error(), 2);
  auto store = open_existing_store(command.data_dir);
  if (!store) return failed(store.error(), 1);
  auto project = find_project(**store, command.project_id);
  if (!project) return failed(project.error(), 1);
  SystemClock clock;
  auto advice = (*store)->read([&](domain::Repositories& repos) -> Result<sim::RecordedAdvice> {
    auto pool = repos.pools().find(project->id, command.pool_id);
    if (!pool) return fail(pool.error());
    if (!*pool) return fail(Error::not_found("no pool " + command.pool_id + " in project " + project->id));
    return sim::advise_recorded_pool(repos, *project, **pool, clock.now(), *target);
  });
  (*store)->close();
  if (!advice) return failed(advice.error(), 1);
  if (command.json) {
    out << api::encode_pool_advice(command.pool_id, *advice).dump(2) << "\n";
  } else {
    print_table(out, command.pool_id, *advice);
  }
  return 0;
}

}  // namespace callsign::app
