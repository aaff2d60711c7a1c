#include "app/serve.hpp"

#include <boost/asio/signal_set.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include <spdlog/spdlog.h>

#include "api/api.hpp"
#include "api/call_rollup_job.hpp"
#include "app/admin_token.hpp"
#include "http/metrics.hpp"
#include "http/server.hpp"
#include "integrations/delivery_worker.hpp"
#include "storage/outbox_pruning.hpp"
#include "storage/session_rollup_job.hpp"

namespace callsign::app {
namespace {

// The group-commit writer's counters in Prometheus text format.
std::string render_writer_metrics(const storage::WriterStats& s) {
  std::string out;
  auto counter = [&out](const char* name, const char* help, std::uint64_t value) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " counter\n" + name + " " +
           std::to_string(value) + "\n";
  };
  counter("callsign_store_transactions_committed_total", "Group-commit transactions committed.", s.transactions_committed);
  counter("callsign_store_transactions_failed_total", "Group-commit transactions rolled back whole.", s.transactions_failed);
  counter("callsign_store_jobs_committed_total", "Write jobs made durable.", s.jobs_committed);
  counter("callsign_store_jobs_rolled_back_total", "Write jobs refused (their own changes undone).", s.jobs_rolled_back);
  counter("callsign_store_batches_rerun_total", "Batches of repeatable write jobs run again with savepoints.", s.batches_rerun);
  counter("callsign_store_checkpoints_total", "WAL checkpoints run by the background checkpointer.", s.checkpoints);
  counter("callsign_store_checkpoint_pages_total", "Pages copied from the WAL into the database file.", s.checkpoint_pages);
  counter("callsign_store_checkpoint_failures_total", "WAL checkpoints that failed (retried).", s.checkpoint_failures);
  out += "# HELP callsign_store_write_queue Write jobs waiting for the writer.\n# TYPE callsign_store_write_queue gauge\n"
         "callsign_store_write_queue " + std::to_string(s.queued) + "\n";
  return out;
}

// The live pools' utilization: what to watch to size pools (a pool often at its size is too small).
std::string render_pool_metrics(const std::vector<api::PoolGauge>& pools) {
  std::string out;
  auto family = [&out](const char* name, const char* type, const char* help, auto value_of, const auto& all) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
    for (const auto& g : all)
      out += std::string(name) + "{project=\"" + g.project_id + "\",pool=\"" + g.pool_id + "\"} " +
             std::to_string(value_of(g.stats)) + "\n";
  };
  family("callsign_pool_numbers", "gauge", "Numbers in the pool.", [](const auto& s) { return s.size; }, pools);
  family("callsign_pool_in_use", "gauge", "Numbers leased to live sessions.", [](const auto& s) { return s.in_use; }, pools);
  family("callsign_pool_peak_in_use", "gauge", "Most numbers leased at once since the pool was loaded.",
         [](const auto& s) { return s.peak_in_use; }, pools);
  family("callsign_pool_exhausted_total", "counter", "Sessions that found no free number since the pool was loaded.",
         [](const auto& s) { return s.exhausted_total; }, pools);
  return out;
}

integrations::DeliveryWorkerOptions delivery_options(const ServeConfig& config) {
  integrations::DeliveryWorkerOptions o;
  o.concurrency = config.outbound_concurrency;
  o.timeout = std::chrono::milliseconds(config.outbound_timeout_ms);
  o.poll_interval = std::chrono::milliseconds(config.outbound_poll_ms);
  o.retry.first_delay = std::chrono::milliseconds(config.webhook_retry_first_ms);
  o.retry.max_delay = std::chrono::milliseconds(config.webhook_retry_max_ms);
  o.retry.give_up_after = std::chrono::seconds(config.webhook_retry_window_seconds);
  return o;
}

std::string render_call_rollup_metrics(const api::CallRollupStats& s) {
  return "# HELP callsign_call_rollup_runs_total Runs of the call rollup job that finished (decision 0008).\n"
         "# TYPE callsign_call_rollup_runs_total counter\n"
         "callsign_call_rollup_runs_total " + std::to_string(s.runs.load()) + "\n"
         "# HELP callsign_call_rollup_failures_total Runs of the call rollup job that failed (retried).\n"
         "# TYPE callsign_call_rollup_failures_total counter\n"
         "callsign_call_rollup_failures_total " + std::to_string(s.failures.load()) + "\n"
         "# HELP callsign_call_rollup_days_total Local days the call rollup job computed.\n"
         "# TYPE callsign_call_rollup_days_total counter\n"
         "callsign_call_rollup_days_total " + std::to_string(s.days.load()) + "\n"
         "# HELP callsign_call_rollup_last_run_seconds How long the call rollup job's last run took.\n"
         "# TYPE callsign_call_rollup_last_run_seconds gauge\n"
         "callsign_call_rollup_last_run_seconds " +
         std::to_string(static_cast<double>(s.last_run_ms.load()) / 1000) + "\n";
}

// Background work (reports, pool advice) yields the CPU to the hot path; a promotion is a job that ran or waited
// for the CPU longer than 250 ms and was given a normal share (common/background_priority).
std::string render_background_metrics(const api::Api& api) {
  std::string out =
      "# HELP callsign_background_yielding 1 when background jobs start in SCHED_IDLE, 0 when they run at nice 10 "
      "throughout (no CAP_SYS_NICE or LimitNICE=10).\n"
      "# TYPE callsign_background_yielding gauge\n";
  std::string promotions =
      "# HELP callsign_background_promotions_total Background jobs raised to nice 10 after 250 ms.\n"
      "# TYPE callsign_background_promotions_total counter\n";
  const auto runners = {std::pair{"reports", api.report_runner}, std::pair{"advisor", api.advice_runner}};
  for (const auto& [name, runner] : runners) {
    const std::string label = std::string("{thread=\"") + name + "\"} ";
    out += "callsign_background_yielding" + label +
           (runner->mode() == BackgroundPriority::Mode::yielding ? "1" : "0") + "\n";
    promotions += "callsign_background_promotions_total" + label + std::to_string(runner->promotions()) + "\n";
  }
  return out + promotions;
}

std::string render_delivery_metrics(const integrations::DeliveryStats& s) {
  return "# HELP callsign_deliveries_total Outbound delivery attempts (webhooks, GA4) by outcome.\n"
         "# TYPE callsign_deliveries_total counter\n"
         "callsign_deliveries_total{outcome=\"delivered\"} " + std::to_string(s.delivered) + "\n"
         "callsign_deliveries_total{outcome=\"retry\"} " + std::to_string(s.failed) + "\n"
         "callsign_deliveries_total{outcome=\"dead\"} " + std::to_string(s.dead) + "\n";
}

}  // namespace

int serve(const ServeConfig& config, const BeforeServe& before_serve) {
  spdlog::set_level(spdlog::level::from_str(config.log_level));
  auto admin = resolve_admin_token(config.admin_token, config.data_dir);
  if (!admin) {
    std::cerr << "callsign: " << admin.error().message << "\n";
    return 1;
  }
  auto store = storage::Store::open({(std::filesystem::path(config.data_dir) / "callsign.db").string(),
                                     config.threads + 2, 256});
  if (!store) {
    std::cerr << "callsign: " << store.error().message << "\n";
    return 1;
  }

  SystemClock clock;
  api::Api api{**store, api::Authenticator(admin->hash), clock};
  api.session_rate = std::make_shared<http::RateLimiter>(static_cast<unsigned>(config.sessions_per_ip_per_minute));
  api.max_sessions_per_visitor_per_day = config.max_sessions_per_visitor_per_day;
  api.trusted_proxies = config.trusted_proxies;
  api.public_url = config.public_url.value_or("");
  while (api.public_url.ends_with('/')) api.public_url.pop_back();
  http::Router router;
  api::register_routes(router, api);

  http::ServerOptions options;
  options.host = config.host;
  options.port = config.port;
  options.threads = config.threads;
  options.max_body_bytes = config.max_body_bytes;
  options.read_timeout = std::chrono::seconds(config.read_timeout_seconds);
  options.idle_timeout = std::chrono::seconds(config.idle_timeout_seconds);
  options.cors_path_prefixes = {"/v1/sessions", "/callsign.js"};
  http::Server server(options, std::move(router));
  api.metrics = &server.metrics();
  server.metrics().add_collector([&store = **store] { return render_writer_metrics(store.stats()); });
  server.metrics().add_collector([&api, &clock] { return render_pool_metrics(api.pools.gauges(clock.now())); });
  server.metrics().add_collector([&api] { return render_background_metrics(api); });

  // Work beside the server (the demo's live traffic); set before run(), the only time the handler below runs.
  std::unique_ptr<Sidecar> sidecar;
  // Installed before the listening line is printed: a SIGTERM right after it must be a graceful stop. The
  // sidecar stops first (it only writes through the store, so an I/O thread may wait for it), then the server
  // drains.
  boost::asio::signal_set signals(server.io_context(), SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    spdlog::info("signal {} received: finishing in-flight requests", signal);
    if (sidecar) sidecar->stop();
    server.stop();
  });

  auto port = server.start();
  if (!port) {
    std::cerr << "callsign: " << port.error().message << "\n";
    return 1;
  }
  if (before_serve) {
    auto r = before_serve(ServeContext{**store, *port, clock, api.pools});
    if (!r) {
      std::cerr << "callsign: " << r.error().message << "\n";
      return 1;
    }
    sidecar = std::move(*r);
  }
  if (admin->generated) {
    std::cout << "callsign: generated an admin token (shown once, keep it): " << *admin->generated << "\n";
  }
  std::cout << "callsign: listening on http://" << config.host << ":" << *port << std::endl;

  // Session counts for reports: closed hours are rolled up in the background, off the DNI hot path.
  auto rollup = storage::start_session_rollup(**store, clock);
  // Calls for reports: days rolled up and dirty days recomputed in the background (decision 0008).
  api::CallRollupStats call_rollup_stats;
  auto call_rollup = api::start_call_rollup(**store, clock, call_rollup_stats);
  server.metrics().add_collector([&call_rollup_stats] { return render_call_rollup_metrics(call_rollup_stats); });
  // The delivery log keeps delivered and dead-lettered deliveries for delivery_history_days, then forgets them.
  auto pruning = storage::start_outbox_pruning(**store, clock, std::chrono::days(config.delivery_history_days));
  // Webhooks and GA4 hits go out from the outbox on the worker's own threads, never the I/O or writer threads.
  auto deliveries = std::make_unique<integrations::DeliveryWorker>(**store, clock, delivery_options(config));
  server.metrics().add_collector([&deliveries] { return render_delivery_metrics(deliveries->stats()); });
  if (sidecar) sidecar->start();
  server.run();
  // Stopped already by the signal; again (idempotent) for any other way out, before the store goes.
  if (sidecar) sidecar->stop();
  deliveries->stop();
  pruning.reset();
  call_rollup.reset();
  rollup.reset();
  (*store)->close();
  spdlog::info("stopped cleanly");
  return 0;
}

}  // namespace callsign::app
