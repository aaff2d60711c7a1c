#include "http/request_dispatch.hpp"

#include <exception>

#include <spdlog/spdlog.h>

#include "http/string_view.hpp"
#include "http/target.hpp"

namespace callsign::http {
namespace {

namespace beast_http = boost::beast::http;

bool has_header(const Response& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (iequals(key, name)) return true;
  }
  return false;
}

Response cors_preflight() {
  Response response = Response::no_content();
  response.headers = {{"Access-Control-Allow-Methods", "GET, POST, OPTIONS"},
                      {"Access-Control-Allow-Headers", "Content-Type"},
                      {"Access-Control-Max-Age", "86400"}};
  return response;
}

Response internal_error() {
  // The details go to the log only: they may name tables, files or secrets.
  return error_response(500, "internal_error", "The server failed to handle this request.");
}

boost::asio::awaitable<Response> call_handler(const Handler& handler, RequestContext& ctx, const std::string& route) {
  const std::string_view method = to_std(ctx.request.method_string());
  try {
    Response response = co_await handler(ctx);
    if (response.status < 200 || response.status > 599) {
      spdlog::error("handler for {} {} returned the invalid status {}", method, route,
                    response.status);
      co_return internal_error();
    }
    co_return response;
  } catch (const std::exception& e) {
    spdlog::error("handler for {} {} threw: {}", method, route, e.what());
  } catch (...) {
    spdlog::error("handler for {} {} threw a non-standard exception", method, route);
  }
  co_return internal_error();
}

}  // namespace

RequestDispatcher::RequestDispatcher(Router router, std::vector<std::string> cors_path_prefixes)
    : router_(std::move(router)), cors_path_prefixes_(std::move(cors_path_prefixes)) {}

bool RequestDispatcher::is_cors_path(std::string_view path) const {
  for (const auto& prefix : cors_path_prefixes_) {
    if (prefix.empty() || !path.starts_with(prefix)) continue;
    if (path.size() == prefix.size() || prefix.back() == '/' || path[prefix.size()] == '/') return true;
  }
  return false;
}

boost::asio::awaitable<DispatchResult> RequestDispatcher::dispatch(const Request& request,
                                                                   std::string remote_ip) const {
  ParsedTarget target = parse_target({request.target().data(), request.target().size()});
  RequestContext ctx{request, std::move(target.path), std::move(target.query), {}, std::move(remote_ip)};
  RouteMatch match = router_.match(request.method(), ctx.path, ctx.params);
  const bool cors = is_cors_path(ctx.path);

  DispatchResult result{{}, std::move(match.route)};
  if (match.handler) {
    result.response = co_await call_handler(*match.handler, ctx, result.route);
  } else if (cors && request.method() == beast_http::verb::options) {
    result.response = cors_preflight();
  } else if (!match.allow.empty()) {
    result.response = error_response(405, "method_not_allowed",
                                     std::string(request.method_string()) + " is not allowed on " + ctx.path +
                                         "; allowed: " + match.allow + ".");
    result.response.headers.emplace_back("Allow", match.allow);
  } else {
    result.response = error_response(404, "not_found", "There is no endpoint at " + ctx.path + ".");
  }

  // Every answer on a public path carries the header, errors included, or browsers hide them from the snippet.
  if (cors && !has_header(result.response, "Access-Control-Allow-Origin")) {
    result.response.headers.emplace_back("Access-Control-Allow-Origin", "*");
  }
  co_return result;
}

}  // namespace callsign::http
