#pragma once
// What a handler sees and returns. Handlers never touch sockets, limits or timeouts.
#include <utility>  // before Boost headers (GCC 12 + Boost 1.74)

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace callsign::http {

using Request = boost::beast::http::request<boost::beast::http::string_body>;

struct RequestContext {
  const Request& request;
  std::string path;                               // target without the query string, percent-decoded
  std::map<std::string, std::string> query;       // decoded query parameters (last one wins)
  std::map<std::string, std::string> params;      // from the route pattern: "/v1/projects/{id}" → params["id"]
  std::string remote_ip;

  std::optional<std::string> query_param(const std::string& name) const;
  std::optional<std::string> path_param(const std::string& name) const;
  // The value of a request header, or "" when absent.
  std::string_view header(std::string_view name) const;
};

struct Response {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Location, Cache-Control, …)

  static Response json(unsigned status, std::string body) { return {status, "application/json", std::move(body), {}}; }
  static Response no_content() { return {204, "", "", {}}; }
};

// The one error body of API.md: {"error":{"code","message","field"?}}.
Response error_response(unsigned status, std::string_view code, std::string_view message,
                        std::string_view field = {});

}  // namespace callsign::http
