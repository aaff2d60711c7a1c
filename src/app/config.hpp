#pragma once
// `callsign serve` settings from, in order of precedence: command-line flag > CALLSIGN_* environment
// variable > TOML config file (--config) > built-in default.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace callsign::app {

struct ServeConfig {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  std::string data_dir = "./callsign-data";
  int threads = 2;
  std::optional<std::string> admin_token;
  std::optional<std::string> public_url;
  std::size_t max_body_bytes = 1024 * 1024;
  int read_timeout_seconds = 15;
  int idle_timeout_seconds = 60;
  std::string log_level = "info";
  // Public DNI endpoints: new sessions per client IP and minute (0 = unlimited), sessions per visitor and day.
  int sessions_per_ip_per_minute = 600;
  int max_sessions_per_visitor_per_day = 200;
  // Reverse proxies (exact IP addresses) whose X-Forwarded-For header names the visitor; empty: nobody's.
  std::vector<std::string> trusted_proxies;
  // Outbound deliveries (webhooks, GA4): requests in flight, per-request timeout, how often the outbox is read, and
  // the retry schedule — first delay, longest delay, and how long to retry before dead-lettering.
  int outbound_concurrency = 4;
  int outbound_timeout_ms = 10000;
  int outbound_poll_ms = 500;
  long long webhook_retry_first_ms = 30000;
  long long webhook_retry_max_ms = 3600000;
  long long webhook_retry_window_seconds = 86400;
  // How long delivered and dead-lettered deliveries stay in the delivery log before they are pruned.
  int delivery_history_days = 30;
};

// Raw values by key (listen, data_dir, threads, admin_token, public_url, max_body_bytes,
// read_timeout_seconds, idle_timeout_seconds, log_level, sessions_per_ip_per_minute,
// max_sessions_per_visitor_per_day, trusted_proxies, outbound_concurrency, outbound_timeout_ms, outbound_poll_ms,
// webhook_retry_first_ms, webhook_retry_max_ms, webhook_retry_window_seconds, delivery_history_days), one map
// per source.
using ConfigValues = std::map<std::string, std::string>;

// Reads the TOML file. Errors: Error{invalid, field = the key} for an unknown key or wrong type,
// Error{invalid, field "config"} when the file is missing or not TOML.
Result<ConfigValues> read_config_file(const std::string& path);

// CALLSIGN_LISTEN, CALLSIGN_DATA_DIR, … for each key that is set.
ConfigValues read_environment();

// Merges the sources (flags win) onto the defaults and validates every value.
// Errors: Error{invalid, field = the key} naming the source's bad value.
Result<ServeConfig> resolve_config(const ConfigValues& flags, const ConfigValues& environment,
                                   const ConfigValues& file);

}  // namespace callsign::app
