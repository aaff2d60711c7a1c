#pragma once
// Router: method + path pattern → handler. Patterns are literal segments and {name} captures
// ("/v1/projects/{id}/calls/{call_id}"); a capture matches one non-empty segment.
// Unknown path → 404; known path, other method → 405 with Allow. Not thread-safe to add() while serving.
#include <utility>

#include <functional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/verb.hpp>

#include "http/message.hpp"

namespace callsign::http {

using Handler = std::function<boost::asio::awaitable<Response>(RequestContext&)>;

struct RouteMatch {
  const Handler* handler = nullptr;  // null when no route matched
  std::string route;                 // the pattern, used as the metrics label ("unmatched" when none)
  std::string allow;                 // for 405: methods the path accepts, comma-separated
};

class Router {
 public:
  void add(boost::beast::http::verb method, std::string pattern, Handler handler);
  // Fills ctx.params on a match.
  RouteMatch match(boost::beast::http::verb method, std::string_view path,
                   std::map<std::string, std::string>& params) const;

 private:
  struct Route {
    boost::beast::http::verb method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
  };
  std::vector<Route> routes_;
};

}  // namespace callsign::http
