#include "http/metrics.hpp"

#include <stdexcept>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace callsign::http {
namespace {

using namespace std::chrono_literals;

bool contains(const std::string& text, const std::string& line) { return text.find(line) != std::string::npos; }

TEST(HttpMetrics, CountsByRouteMethodAndStatus) {
  Metrics metrics;
  metrics.record_request("/v1/projects/{id}", "GET", 200, 1ms);
  metrics.record_request("/v1/projects/{id}", "GET", 200, 2ms);
  metrics.record_request("/v1/projects/{id}", "PATCH", 422, 1ms);
  metrics.record_request("unmatched", "GET", 404, 0ms);
  const std::string text = metrics.render_prometheus();
  EXPECT_TRUE(contains(text, "# TYPE callsign_http_requests_total counter\n"));
  EXPECT_TRUE(contains(
      text, "callsign_http_requests_total{route=\"/v1/projects/{id}\",method=\"GET\",status=\"200\"} 2\n"));
  EXPECT_TRUE(contains(
      text, "callsign_http_requests_total{route=\"/v1/projects/{id}\",method=\"PATCH\",status=\"422\"} 1\n"));
  EXPECT_TRUE(contains(text, "callsign_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1\n"));
}

TEST(HttpMetrics, HistogramBucketsAreCumulative) {
  Metrics metrics;
  metrics.record_request("/r", "GET", 200, 300us);   // le 0.0005
  metrics.record_request("/r", "GET", 200, 3ms);     // le 0.005
  metrics.record_request("/r", "GET", 200, 5s);      // only +Inf
  const std::string text = metrics.render_prometheus();
  EXPECT_TRUE(contains(text, "# TYPE callsign_http_request_duration_seconds histogram\n"));
  EXPECT_TRUE(contains(text, "callsign_http_request_duration_seconds_bucket{route=\"/r\",le=\"0.0005\"} 1\n"));
  EXPECT_TRUE(contains(text, "callsign_http_request_duration_seconds_bucket{route=\"/r\",le=\"0.0025\"} 1\n"));
  EXPECT_TRUE(contains(text, "callsign_http_request_duration_seconds_bucket{route=\"/r\",le=\"0.005\"} 2\n"));
  EXPECT_TRUE(contains(text, "callsign_http_request_duration_seconds_bucket{route=\"/r\",le=\"2.5\"} 2\n"));
  EXPECT_TRUE(contains(text, "callsign_http_request_duration_seconds_bucket{route=\"/r\",le=\"+Inf\"} 3\n"));
  const std::string sum_prefix = "callsign_http_request_duration_seconds_sum{route=\"/r\"} ";
  const auto at = text.find(sum_prefix);
  ASSERT_NE(at, std::string::npos);
  EXPECT_NEAR(std::stod(text.substr(at + sum_prefix.size())), 5.0033, 1e-9);
  EXPECT_TRUE(contains(text, "callsign_http_request_duration_seconds_count{route=\"/r\"} 3\n"));
}

TEST(HttpMetrics, GaugesAndHelpLines) {
  Metrics metrics;
  metrics.connection_opened();
  metrics.connection_opened();
  metrics.connection_closed();
  metrics.request_started();
  const std::string text = metrics.render_prometheus();
  EXPECT_TRUE(contains(text, "# HELP callsign_http_requests_in_flight "));
  EXPECT_TRUE(contains(text, "# TYPE callsign_http_requests_in_flight gauge\ncallsign_http_requests_in_flight 1\n"));
  EXPECT_TRUE(contains(text, "# TYPE callsign_http_connections_open gauge\ncallsign_http_connections_open 1\n"));
  metrics.request_finished();
  EXPECT_EQ(metrics.requests_in_flight(), 0);
}

TEST(HttpMetrics, EscapesLabelValues) {
  Metrics metrics;
  metrics.record_request("/a\"b\\c\nd", "GET", 200, 1ms);
  EXPECT_TRUE(contains(metrics.render_prometheus(), "route=\"/a\\\"b\\\\c\\nd\""));
}

TEST(HttpMetrics, AppendsCollectorsAndSurvivesAThrowingOne) {
  Metrics metrics;
  metrics.add_collector([] { return std::string("# TYPE callsign_pool_numbers gauge\ncallsign_pool_numbers 7"); });
  metrics.add_collector([]() -> std::string { throw std::runtime_error("storage gone"); });
  metrics.add_collector([] { return std::string("callsign_other 1\n"); });
  const std::string text = metrics.render_prometheus();
  EXPECT_TRUE(contains(text, "callsign_pool_numbers 7\ncallsign_other 1\n"));
  EXPECT_EQ(text.back(), '\n');
}

TEST(HttpMetrics, ConcurrentRecordingLosesNothing) {
  Metrics metrics;
  constexpr int kThreads = 8;
  constexpr int kPerThread = 5000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kPerThread; ++i) metrics.record_request("/hot", "POST", 200, 1ms);
    });
  }
  for (auto& thread : threads) thread.join();
  const std::string text = metrics.render_prometheus();
  EXPECT_TRUE(contains(text, "callsign_http_requests_total{route=\"/hot\",method=\"POST\",status=\"200\"} 40000\n"));
  EXPECT_TRUE(contains(text, "callsign_http_request_duration_seconds_count{route=\"/hot\"} 40000\n"));
}

}  // namespace
}  // namespace callsign::http
