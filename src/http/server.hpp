#pragma once
// Server: the Beast listener. Owns the io_context threads, applies limits and timeouts, routes, records
// metrics, answers CORS preflights for public routes, and shuts down gracefully.
#include <utility>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "common/result.hpp"
#include "http/router.hpp"

namespace callsign::http {

class Metrics;

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 = any free port
  int threads = 2;
  std::size_t max_header_bytes = 16 * 1024;       // 431 → sent as 413 per API.md ("too large")
  std::size_t max_body_bytes = 1024 * 1024;       // 413
  std::chrono::seconds read_timeout{15};          // a request must arrive whole within this
  std::chrono::seconds idle_timeout{60};          // keep-alive connection with no request
  std::chrono::seconds shutdown_grace{10};        // in-flight requests get this long after stop()
  std::vector<std::string> cors_path_prefixes;    // paths answered with open CORS (e.g. "/v1/sessions")
  std::chrono::seconds write_timeout{15};         // a client must take a whole response within this
};

class Server {
 public:
  Server(ServerOptions options, Router router);
  ~Server();

  // Binds and starts accepting. Returns the bound port (useful with port 0).
  // Errors: Error{internal} with the OS reason when the address cannot be bound.
  Result<std::uint16_t> start();

  // Runs the I/O threads until stop() completes; returns after every in-flight request was answered
  // (or the grace period ran out) and all threads joined.
  void run();

  // Graceful stop: closes the listener, lets in-flight requests finish, then closes idle connections.
  // Safe to call from any thread or from a signal handler's strand (via asio::signal_set).
  void stop();

  Metrics& metrics();
  // The first I/O thread's context (each I/O thread runs one of its own): for the owner's signal waits and timers.
  boost::asio::io_context& io_context();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace callsign::http
