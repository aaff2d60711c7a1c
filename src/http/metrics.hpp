#pragma once
// Metrics: HTTP request counters, per-route latency histograms and two gauges, rendered in the
// Prometheus text exposition format 0.0.4 for GET /metrics.
//
// Thread safety: every member function may be called from any thread. Recording takes one lock of a
// per-thread shard (so I/O threads do not contend); rendering locks each shard in turn.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace callsign::http {

class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // Counts one answered request. `route` is the route pattern ("/v1/projects/{id}") or "unmatched" —
  // never a raw path, so the number of series stays bounded. `method` should be a known verb.
  void record_request(std::string_view route, std::string_view method, unsigned status,
                      std::chrono::nanoseconds duration);

  // Gauges. Each *_started/*_opened must be paired with its *_finished/*_closed.
  void request_started() noexcept { in_flight_.fetch_add(1, std::memory_order_relaxed); }
  void request_finished() noexcept { in_flight_.fetch_sub(1, std::memory_order_relaxed); }
  void connection_opened() noexcept { connections_.fetch_add(1, std::memory_order_relaxed); }
  void connection_closed() noexcept { connections_.fetch_sub(1, std::memory_order_relaxed); }
  std::int64_t requests_in_flight() const noexcept { return in_flight_.load(std::memory_order_relaxed); }
  std::int64_t connections_open() const noexcept { return connections_.load(std::memory_order_relaxed); }

  // Appends `collector()`'s text (complete exposition lines with their own # HELP/# TYPE) to every render,
  // in registration order. A collector that throws is logged and skipped. Register at startup.
  void add_collector(std::function<std::string()> collector);

  // The whole exposition: this class's families, then every collector's text.
  std::string render_prometheus() const;

  // Histogram upper bounds in seconds (the +Inf bucket is implicit).
  static constexpr double kLatencyBounds[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                              0.05,   0.1,   0.25,   0.5,   1,     2.5};

 private:
  struct Shard;
  static constexpr std::size_t kShardCount = 16;

  Shard& shard_for_this_thread();

  std::unique_ptr<Shard[]> shards_;
  std::atomic<std::int64_t> in_flight_{0};
  std::atomic<std::int64_t> connections_{0};
  mutable std::mutex collectors_mutex_;
  std::vector<std::function<std::string()>> collectors_;
};

}  // namespace callsign::http
