#pragma once
// What the Server shares with its connections. Internal to src/http.
#include <utility>

#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "http/metrics.hpp"
#include "http/request_dispatch.hpp"
#include "http/server.hpp"

namespace callsign::http {

class Connection;

// The live connections, so a stop can reach them. Thread-safe. Holds weak pointers: the registry
// never keeps a connection (or its socket) alive.
class ConnectionRegistry {
 public:
  void add(Connection* key, std::weak_ptr<Connection> connection) {
    std::lock_guard lock(mutex_);
    connections_.emplace(key, std::move(connection));
  }
  void remove(Connection* key) {
    std::lock_guard lock(mutex_);
    connections_.erase(key);
  }
  bool empty() const {
    std::lock_guard lock(mutex_);
    return connections_.empty();
  }
  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return connections_.size();
  }
  // The connections still alive right now.
  std::vector<std::shared_ptr<Connection>> snapshot() const {
    std::vector<std::shared_ptr<Connection>> alive;
    std::lock_guard lock(mutex_);
    for (const auto& [key, weak] : connections_) {
      if (auto connection = weak.lock()) alive.push_back(std::move(connection));
    }
    return alive;
  }

 private:
  mutable std::mutex mutex_;
  std::unordered_map<Connection*, std::weak_ptr<Connection>> connections_;
};

// Outlives every connection: the Server declares it before its io_context, so coroutine frames that
// the io_context destroys can still unregister themselves and update the gauges.
struct ServerCore {
  ServerCore(ServerOptions server_options, Router router)
      : options(std::move(server_options)), dispatcher(std::move(router), options.cors_path_prefixes) {}

  const ServerOptions options;
  const RequestDispatcher dispatcher;
  Metrics metrics;
  std::atomic<bool> draining{false};  // set once by stop(); connections then close after their current request
  ConnectionRegistry connections;
};

}  // namespace callsign::http
