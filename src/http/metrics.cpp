#include "http/metrics.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <tuple>

#include <spdlog/spdlog.h>

namespace callsign::http {
namespace {

constexpr std::size_t kBucketCount = std::size(Metrics::kLatencyBounds) + 1;  // + the +Inf bucket
constexpr const char* kBucketLabels[kBucketCount] = {"0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05",
                                                     "0.1",    "0.25",  "0.5",    "1",     "2.5",   "+Inf"};

struct StatusCount {
  std::string method;
  unsigned status = 0;
  std::uint64_t count = 0;
};

// Everything recorded for one route. Buckets are per-bucket counts; render() makes them cumulative.
struct RouteSeries {
  std::array<std::uint64_t, kBucketCount> buckets{};
  double sum_seconds = 0;
  std::uint64_t count = 0;
  std::vector<StatusCount> statuses;  // a handful per route: a linear scan beats a map

  void add_status(std::string_view method, unsigned status, std::uint64_t n) {
    for (auto& entry : statuses) {
      if (entry.status == status && entry.method == method) {
        entry.count += n;
        return;
      }
    }
    statuses.push_back({std::string(method), status, n});
  }
};

std::size_t bucket_index(double seconds) {
  for (std::size_t i = 0; i < std::size(Metrics::kLatencyBounds); ++i) {
    if (seconds <= Metrics::kLatencyBounds[i]) return i;
  }
  return kBucketCount - 1;
}

// Label values escape backslash, double quote and newline (exposition format 0.0.4).
std::string escape_label(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string format_double(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

void append_family_header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

}  // namespace

// alignas keeps two shards off one cache line, so threads recording at once do not slow each other.
struct alignas(64) Metrics::Shard {
  std::mutex mutex;
  std::map<std::string, RouteSeries, std::less<>> routes;  // less<> allows lookup by string_view
};

Metrics::Metrics() : shards_(std::make_unique<Shard[]>(kShardCount)) {}
Metrics::~Metrics() = default;

Metrics::Shard& Metrics::shard_for_this_thread() {
  // Each thread keeps one shard for life; with up to kShardCount I/O threads none share a lock.
  static std::atomic<std::size_t> next_index{0};
  thread_local const std::size_t index = next_index.fetch_add(1, std::memory_order_relaxed) % kShardCount;
  return shards_[index];
}

void Metrics::record_request(std::string_view route, std::string_view method, unsigned status,
                             std::chrono::nanoseconds duration) {
  const double seconds = std::chrono::duration<double>(duration).count();
  Shard& shard = shard_for_this_thread();
  std::lock_guard lock(shard.mutex);
  auto it = shard.routes.find(route);
  if (it == shard.routes.end()) it = shard.routes.emplace(std::string(route), RouteSeries{}).first;
  RouteSeries& series = it->second;
  series.add_status(method, status, 1);
  ++series.buckets[bucket_index(seconds)];
  series.sum_seconds += seconds;
  ++series.count;
}

void Metrics::add_collector(std::function<std::string()> collector) {
  std::lock_guard lock(collectors_mutex_);
  collectors_.push_back(std::move(collector));
}

std::string Metrics::render_prometheus() const {
  // Merge the shards into one sorted view, so the output is stable from one scrape to the next.
  std::map<std::string, RouteSeries, std::less<>> merged;
  for (std::size_t i = 0; i < kShardCount; ++i) {
    std::lock_guard lock(shards_[i].mutex);
    for (const auto& [route, series] : shards_[i].routes) {
      RouteSeries& into = merged[route];
      for (std::size_t b = 0; b < kBucketCount; ++b) into.buckets[b] += series.buckets[b];
      into.sum_seconds += series.sum_seconds;
      into.count += series.count;
      for (const auto& entry : series.statuses) into.add_status(entry.method, entry.status, entry.count);
    }
  }

  std::string out;
  append_family_header(out, "callsign_http_requests_total", "counter",
                       "HTTP requests answered, by route pattern, method and status code.");
  for (auto& [route, series] : merged) {
    std::sort(series.statuses.begin(), series.statuses.end(), [](const StatusCount& a, const StatusCount& b) {
      return std::tie(a.method, a.status) < std::tie(b.method, b.status);
    });
    const std::string label = escape_label(route);
    for (const auto& entry : series.statuses) {
      out += "callsign_http_requests_total{route=\"" + label + "\",method=\"" + escape_label(entry.method) +
             "\",status=\"" + std::to_string(entry.status) + "\"} " + std::to_string(entry.count) + "\n";
    }
  }

  append_family_header(out, "callsign_http_request_duration_seconds", "histogram",
                       "Time from a request fully read to its response ready, by route pattern.");
  for (const auto& [route, series] : merged) {
    const std::string label = escape_label(route);
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b < kBucketCount; ++b) {
      cumulative += series.buckets[b];
      out += "callsign_http_request_duration_seconds_bucket{route=\"" + label + "\",le=\"" + kBucketLabels[b] +
             "\"} " + std::to_string(cumulative) + "\n";
    }
    out += "callsign_http_request_duration_seconds_sum{route=\"" + label + "\"} " +
           format_double(series.sum_seconds) + "\n";
    out += "callsign_http_request_duration_seconds_count{route=\"" + label + "\"} " +
           std::to_string(series.count) + "\n";
  }

  append_family_header(out, "callsign_http_requests_in_flight", "gauge", "HTTP requests being handled now.");
  out += "callsign_http_requests_in_flight " + std::to_string(requests_in_flight()) + "\n";
  append_family_header(out, "callsign_http_connections_open", "gauge", "Open HTTP client connections.");
  out += "callsign_http_connections_open " + std::to_string(connections_open()) + "\n";

  // Copied so a slow collector does not hold the lock, and one that registers another cannot deadlock.
  std::vector<std::function<std::string()>> collectors;
  {
    std::lock_guard lock(collectors_mutex_);
    collectors = collectors_;
  }
  for (const auto& collector : collectors) {
    try {
      std::string text = collector();
      if (!text.empty() && text.back() != '\n') text.push_back('\n');
      out += text;
    } catch (const std::exception& e) {
      spdlog::error("metrics collector failed: {}", e.what());
    }
  }
  return out;
}

}  // namespace callsign::http
