// callsign: the one binary. Subcommands: serve, demo, migrate, import asterisk-cdr, simulate, pool advise, version.
#include <filesystem>
#include <iostream>
#include <optional>

#include <CLI/CLI.hpp>

#include "app/config.hpp"
#include "app/demo.hpp"
#include "app/import_command.hpp"
#include "app/pool_command.hpp"
#include "app/serve.hpp"
#include "app/simulate_command.hpp"
#include "storage/store.hpp"

namespace {

constexpr const char* kVersion = "0.1.0";

// Flags shared by serve and demo; each given flag lands in `flags` under its config key.
void add_server_flags(CLI::App* cmd, std::map<std::string, std::optional<std::string>>& flags,
                      std::optional<std::string>& config_file) {
  cmd->add_option("--config", config_file, "TOML config file (flags and CALLSIGN_* env override it)");
  cmd->add_option("--listen", flags["listen"], "HOST:PORT to listen on (default 127.0.0.1:8080; port 0 = any)");
  cmd->add_option("--data-dir", flags["data_dir"], "folder for the database (default ./callsign-data)");
  cmd->add_option("--threads", flags["threads"], "I/O threads (default 2)");
  cmd->add_option("--admin-token", flags["admin_token"], "admin token (default: generated once and printed)");
  cmd->add_option("--public-url", flags["public_url"], "the URL carriers reach this server at (Twilio signatures)");
  cmd->add_option("--max-body-bytes", flags["max_body_bytes"], "largest request body accepted (default 1048576)");
  cmd->add_option("--log-level", flags["log_level"], "trace, debug, info, warn, error or off (default info)");
  cmd->add_option("--sessions-per-ip-per-minute", flags["sessions_per_ip_per_minute"],
                  "new DNI sessions one client IP may start per minute (default 600; 0 = unlimited)");
  cmd->add_option("--max-sessions-per-visitor", flags["max_sessions_per_visitor_per_day"],
                  "DNI sessions one visitor id may start per day (default 200)");
  cmd->add_option("--trusted-proxies", flags["trusted_proxies"],
                  "reverse proxies (IP addresses, comma-separated) whose X-Forwarded-For names the visitor");
  cmd->add_option("--outbound-concurrency", flags["outbound_concurrency"],
                  "webhook and GA4 requests in flight at once (default 4)");
  cmd->add_option("--outbound-timeout-ms", flags["outbound_timeout_ms"], "timeout of one delivery (default 10000)");
  cmd->add_option("--outbound-poll-ms", flags["outbound_poll_ms"], "how often the outbox is read (default 500)");
  cmd->add_option("--webhook-retry-first-ms", flags["webhook_retry_first_ms"],
                  "delay after a delivery's first failure; doubles each time (default 30000)");
  cmd->add_option("--webhook-retry-max-ms", flags["webhook_retry_max_ms"], "longest delay between retries (default 3600000)");
  cmd->add_option("--webhook-retry-window-seconds", flags["webhook_retry_window_seconds"],
                  "how long a delivery is retried before it is dead-lettered (default 86400)");
  cmd->add_option("--delivery-history-days", flags["delivery_history_days"],
                  "days delivered and dead-lettered deliveries are kept in the delivery log (default 30)");
}

std::optional<callsign::app::ServeConfig> load_config(const std::map<std::string, std::optional<std::string>>& flags,
                                                      const std::optional<std::string>& config_file,
                                                      callsign::app::ConfigValues defaults = {}) {
  using namespace callsign::app;
  ConfigValues given;
  for (const auto& [key, value] : flags)
    if (value) given[key] = *value;
  ConfigValues file;
  if (config_file) {
    auto read = read_config_file(*config_file);
    if (!read) {
      std::cerr << "callsign: " << read.error().message << "\n";
      return std::nullopt;
    }
    file = *read;
  }
  for (const auto& [key, value] : defaults) file.try_emplace(key, value);
  auto config = resolve_config(given, read_environment(), file);
  if (!config) {
    std::cerr << "callsign: " << config.error().message << "\n";
    return std::nullopt;
  }
  return *config;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Callsign: self-hosted call tracking"};
  app.require_subcommand(1);

  std::map<std::string, std::optional<std::string>> serve_flags, demo_flags;
  std::optional<std::string> serve_config, demo_config;
  auto* serve_cmd = app.add_subcommand("serve", "run the Callsign server");
  add_server_flags(serve_cmd, serve_flags, serve_config);
  auto* demo_cmd = app.add_subcommand("demo", "run the server with a demo project and print how to use it");
  add_server_flags(demo_cmd, demo_flags, demo_config);
  callsign::app::DemoOptions demo;
  bool no_live = false;
  demo_cmd->add_option("--backfill-days", demo.backfill_days, "days of simulated history made at first start (default 60)");
  demo_cmd->add_option("--sessions-per-day", demo.sessions_per_day, "the history's website sessions a day (default 400)");
  demo_cmd->add_option("--seed", demo.seed, "the simulator's seed (default 1)");
  demo_cmd->add_option("--live-rate", demo.live_rate, "live calls a minute while the demo runs (default 0.6)");
  demo_cmd->add_flag("--no-live", no_live, "no live traffic after start-up");

  std::string migrate_dir = "./callsign-data";
  auto* migrate_cmd = app.add_subcommand("migrate", "create or upgrade the database schema, then exit");
  migrate_cmd->add_option("--data-dir", migrate_dir, "folder of the database");

  callsign::app::CdrImportCommand cdr_import;
  auto* import_cmd = app.add_subcommand("import", "import calls from a PBX's files into a project, then exit");
  import_cmd->require_subcommand(1);
  auto* cdr_cmd = import_cmd->add_subcommand("asterisk-cdr", "import an Asterisk Master.csv (cdr_csv)");
  cdr_cmd->add_option("FILE", cdr_import.file, "the Master.csv file")->required();
  cdr_cmd->add_option("--project", cdr_import.project_id, "the project's id (prj_...)")->required();
  cdr_cmd->add_option("--timezone", cdr_import.timezone,
                      "IANA zone the file's times are in (default: the project's timezone)");
  cdr_cmd->add_option("--data-dir", cdr_import.data_dir, "folder of the database (default ./callsign-data)");

  callsign::app::SimulateCommand simulate;
  auto* sim_cmd = app.add_subcommand("simulate", "simulate traffic through the real allocator and attribution");
  sim_cmd->add_option("--params", simulate.params_file, "TOML simulator parameters (docs/simulator.md)");
  sim_cmd->add_option("--seed", simulate.seed, "random seed (overrides the file)");
  sim_cmd->add_option("--sessions-per-day", simulate.sessions_per_day, "mean sessions a day (overrides the file)");
  sim_cmd->add_option("--days", simulate.days, "days to simulate (overrides the file)");
  sim_cmd->add_option("--pool-size", simulate.pool_size, "numbers in the pool for a single run (default 50)");
  sim_cmd->add_flag("--sweep", simulate.sweep, "the accuracy benchmark: sweep the pool size, write table and plot");
  sim_cmd->add_option("--sizes", simulate.sizes, "pool sizes to sweep (default: around the traffic's peak)")->delimiter(',');
  sim_cmd->add_option("--workload", simulate.workload, "the report's name (default standard)");
  sim_cmd->add_option("--out", simulate.out_dir, "folder for the report (default bench/results)");

  callsign::app::PoolAdviseCommand pool_advise;
  callsign::app::add_pool_command(app, pool_advise);

  app.add_subcommand("version", "print the version");

  CLI11_PARSE(app, argc, argv);

  if (app.got_subcommand("version")) {
    std::cout << "callsign " << kVersion << " (schema " << callsign::storage::Store::latest_schema_version() << ")\n";
    return 0;
  }
  if (app.got_subcommand("migrate")) {
    auto store = callsign::storage::Store::open({(std::filesystem::path(migrate_dir) / "callsign.db").string(), 1, 1});
    if (!store) {
      std::cerr << "callsign: " << store.error().message << "\n";
      return 1;
    }
    std::cout << "callsign: schema at version " << (*store)->schema_version() << "\n";
    (*store)->close();
    return 0;
  }
  if (app.got_subcommand("simulate")) return callsign::app::run_simulate(simulate, std::cout, std::cerr);
  if (app.got_subcommand("import")) return callsign::app::run_cdr_import(cdr_import, std::cout, std::cerr);
  if (app.got_subcommand("pool")) return callsign::app::run_pool_advise(pool_advise, std::cout, std::cerr);
  if (app.got_subcommand("serve")) {
    auto config = load_config(serve_flags, serve_config);
    return config ? callsign::app::serve(*config) : 2;
  }
  auto config = load_config(demo_flags, demo_config, {{"data_dir", "./callsign-demo-data"}});
  demo.live = !no_live;
  return config ? callsign::app::run_demo(*config, demo) : 2;
}
