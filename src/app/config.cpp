#include "app/config.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdlib>

#include <toml++/toml.h>

#include "http/client_address.hpp"

namespace callsign::app {
namespace {

constexpr std::array<const char*, 19> kKeys{"listen",         "data_dir",           "threads",
                                            "admin_token",    "public_url",         "max_body_bytes",
                                            "read_timeout_seconds", "idle_timeout_seconds", "log_level",
                                            "sessions_per_ip_per_minute", "max_sessions_per_visitor_per_day",
                                            "trusted_proxies", "outbound_concurrency", "outbound_timeout_ms",
                                            "outbound_poll_ms", "webhook_retry_first_ms", "webhook_retry_max_ms",
                                            "webhook_retry_window_seconds", "delivery_history_days"};

// Whole-number settings with their range, and where they go.
struct NumberSetting {
  const char* key;
  long long min, max;
  long long ServeConfig::*wide;
  int ServeConfig::*narrow;
};
constexpr std::array<NumberSetting, 7> kOutboundNumbers{{
    {"outbound_concurrency", 1, 64, nullptr, &ServeConfig::outbound_concurrency},
    {"outbound_timeout_ms", 100, 600000, nullptr, &ServeConfig::outbound_timeout_ms},
    {"outbound_poll_ms", 10, 60000, nullptr, &ServeConfig::outbound_poll_ms},
    {"webhook_retry_first_ms", 1, 86400000, &ServeConfig::webhook_retry_first_ms, nullptr},
    {"webhook_retry_max_ms", 1, 86400000, &ServeConfig::webhook_retry_max_ms, nullptr},
    {"webhook_retry_window_seconds", 1, 30LL * 86400, &ServeConfig::webhook_retry_window_seconds, nullptr},
    {"delivery_history_days", 1, 3650, nullptr, &ServeConfig::delivery_history_days},
}};

std::string env_name(std::string key) {
  for (auto& c : key) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return "CALLSIGN_" + key;
}

Result<long long> parse_number(const std::string& key, const std::string& value, long long min, long long max) {
  long long n = 0;
  auto r = std::from_chars(value.data(), value.data() + value.size(), n);
  if (r.ec != std::errc{} || r.ptr != value.data() + value.size() || n < min || n > max)
    return fail(Error::invalid(key, key + " must be a whole number from " + std::to_string(min) + " to " +
                                        std::to_string(max) + ", got \"" + value + "\""));
  return n;
}

Result<void> apply(ServeConfig& c, const std::string& key, const std::string& value) {
  if (key == "listen") {
    auto colon = value.rfind(':');
    if (colon == std::string::npos || colon == 0)
      return fail(Error::invalid(key, "listen must be HOST:PORT such as 127.0.0.1:8080, got \"" + value + "\""));
    auto port = parse_number(key, value.substr(colon + 1), 0, 65535);
    if (!port) return fail(Error::invalid(key, "listen must be HOST:PORT with a port from 0 to 65535, got \"" + value + "\""));
    c.host = value.substr(0, colon);
    if (c.host.size() > 2 && c.host.front() == '[' && c.host.back() == ']') c.host = c.host.substr(1, c.host.size() - 2);
    c.port = static_cast<std::uint16_t>(*port);
  } else if (key == "data_dir") {
    if (value.empty()) return fail(Error::invalid(key, "data_dir must not be empty"));
    c.data_dir = value;
  } else if (key == "threads") {
    auto n = parse_number(key, value, 1, 256);
    if (!n) return fail(n.error());
    c.threads = static_cast<int>(*n);
  } else if (key == "admin_token") {
    if (value.size() < 16) return fail(Error::invalid(key, "admin_token must be at least 16 characters"));
    c.admin_token = value;
  } else if (key == "public_url") {
    if (value.rfind("http://", 0) != 0 && value.rfind("https://", 0) != 0)
      return fail(Error::invalid(key, "public_url must start with http:// or https://"));
    c.public_url = value;
  } else if (key == "max_body_bytes") {
    auto n = parse_number(key, value, 1024, 1LL << 30);
    if (!n) return fail(n.error());
    c.max_body_bytes = static_cast<std::size_t>(*n);
  } else if (key == "read_timeout_seconds" || key == "idle_timeout_seconds") {
    auto n = parse_number(key, value, 1, 3600);
    if (!n) return fail(n.error());
    (key == "read_timeout_seconds" ? c.read_timeout_seconds : c.idle_timeout_seconds) = static_cast<int>(*n);
  } else if (key == "sessions_per_ip_per_minute") {
    auto n = parse_number(key, value, 0, 1000000);
    if (!n) return fail(n.error());
    c.sessions_per_ip_per_minute = static_cast<int>(*n);
  } else if (key == "max_sessions_per_visitor_per_day") {
    auto n = parse_number(key, value, 1, 1000000);
    if (!n) return fail(n.error());
    c.max_sessions_per_visitor_per_day = static_cast<int>(*n);
  } else if (key == "trusted_proxies") {
    c.trusted_proxies.clear();
    std::string_view rest = value;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      std::string item(rest.substr(0, comma));
      std::erase_if(item, [](char ch) { return ch == ' ' || ch == '\t'; });
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
      if (item.empty()) continue;
      if (!http::is_address_or_range(item))
        return fail(Error::invalid(key, "trusted_proxies must list IP addresses or CIDR ranges (10.0.0.0/8) separated by "
                                        "commas, got \"" + item + "\""));
      c.trusted_proxies.push_back(item);
    }
  } else if (auto it = std::find_if(kOutboundNumbers.begin(), kOutboundNumbers.end(),
                                    [&](const NumberSetting& n) { return key == n.key; });
             it != kOutboundNumbers.end()) {
    auto n = parse_number(key, value, it->min, it->max);
    if (!n) return fail(n.error());
    if (it->wide) c.*(it->wide) = *n;
    else c.*(it->narrow) = static_cast<int>(*n);
  } else if (key == "log_level") {
    static constexpr std::array<std::string_view, 6> levels{"trace", "debug", "info", "warn", "error", "off"};
    if (std::find(levels.begin(), levels.end(), value) == levels.end())
      return fail(Error::invalid(key, "log_level must be trace, debug, info, warn, error or off"));
    c.log_level = value;
  } else {
    return fail(Error::invalid(key, "unknown setting \"" + key + "\""));
  }
  return {};
}

}  // namespace

Result<ConfigValues> read_config_file(const std::string& path) {
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return fail(Error::invalid("config", "cannot read config file " + path + ": " + std::string(e.description())));
  }
  ConfigValues values;
  for (const auto& [key, node] : table) {
    std::string k(key.str());
    if (std::find_if(kKeys.begin(), kKeys.end(), [&](const char* known) { return k == known; }) == kKeys.end())
      return fail(Error::invalid(k, "unknown setting \"" + k + "\" in " + path));
    if (auto s = node.value<std::string>(); s && node.is_string()) {
      values[k] = *s;
    } else if (auto n = node.value<long long>(); n && node.is_integer()) {
      values[k] = std::to_string(*n);
    } else {
      return fail(Error::invalid(k, k + " in " + path + " must be a string or an integer"));
    }
  }
  return values;
}

ConfigValues read_environment() {
  ConfigValues values;
  for (const char* key : kKeys)
    if (const char* v = std::getenv(env_name(key).c_str())) values[key] = v;
  return values;
}

Result<ServeConfig> resolve_config(const ConfigValues& flags, const ConfigValues& environment,
                                   const ConfigValues& file) {
  ServeConfig config;
  for (const ConfigValues* source : {&file, &environment, &flags})
    for (const auto& [key, value] : *source)
      if (auto r = apply(config, key, value); !r) return fail(r.error());
  return config;
}

}  // namespace callsign::app
