#pragma once
// RequestDispatcher: from one parsed request to one Response — decodes the target, answers CORS
// preflights, routes, and runs the handler. It never throws for a handler's sake: an exception
// escaping a handler becomes a logged 500. Knows nothing of sockets; the connection does the I/O.
#include <utility>

#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "http/message.hpp"
#include "http/router.hpp"

namespace callsign::http {

struct DispatchResult {
  Response response;
  std::string route;  // the matched pattern, or "unmatched": the metrics label
};

class RequestDispatcher {
 public:
  RequestDispatcher(Router router, std::vector<std::string> cors_path_prefixes);

  // Thread-safe (the router is read-only once serving). `request` must outlive the returned awaitable.
  boost::asio::awaitable<DispatchResult> dispatch(const Request& request, std::string remote_ip) const;

  // True when `path` is one of the prefixes or lies under one ("/v1/sessions" covers
  // "/v1/sessions/abc/ping" but not "/v1/sessionsx").
  bool is_cors_path(std::string_view path) const;

 private:
  Router router_;
  std::vector<std::string> cors_path_prefixes_;
};

}  // namespace callsign::http
