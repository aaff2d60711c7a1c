#pragma once
// The API's dependencies and the entry point that registers every route on a router.
#include <utility>

#include <memory>
#include <string>
#include <vector>

#include "api/advice_cache.hpp"
#include "api/auth.hpp"
#include "api/pool_registry.hpp"
#include "api/report_runner.hpp"
#include "common/time.hpp"
#include "http/message.hpp"
#include "http/rate_limiter.hpp"
#include "http/router.hpp"
#include "storage/store.hpp"

namespace callsign::http {
class Metrics;
}

namespace callsign::api {

struct Api {
  storage::Store& store;
  Authenticator auth;
  const Clock& clock;
  http::Metrics* metrics = nullptr;  // set once the server exists, before it serves
  PoolRegistry pools{};              // live DNI allocators
  // Reports run here, off the I/O threads, as background work that yields the CPU to the DNI hot path.
  std::shared_ptr<ReportRunner> report_runner = std::make_shared<ReportRunner>();
  // The pool advisor's replays (seconds to minutes for a busy pool) run on their own thread, so reports never queue
  // behind them, and their answers are kept for a while (advice_cache.hpp).
  std::shared_ptr<ReportRunner> advice_runner = std::make_shared<ReportRunner>(1, "advisor");
  std::shared_ptr<AdviceCache> advice_cache = std::make_shared<AdviceCache>();
  // Public endpoints: new sessions per client IP (0 = unlimited), and sessions one visitor id may start a day.
  std::shared_ptr<http::RateLimiter> session_rate = std::make_shared<http::RateLimiter>(600);
  int max_sessions_per_visitor_per_day = 200;
  // Reverse proxies whose X-Forwarded-For names the visitor (exact addresses); empty: the TCP peer is the visitor.
  std::vector<std::string> trusted_proxies;
  // --public-url without a trailing slash: the URL carriers reach us at, which Twilio signs. Empty: the request's
  // Host header over http.
  std::string public_url;

  // Authenticates the request and returns the project named by the {id} path parameter if visible.
  Result<domain::Project> authorized_project(const http::RequestContext& ctx) const;
};

// Registers /healthz, /metrics and every /v1 route. `api` must outlive the router.
void register_routes(http::Router& router, Api& api);

}  // namespace callsign::api
