#include <string_view>

#include "api/handlers.hpp"

namespace callsign::embedded {
std::string_view snippet_js();  // generated at build time from web/snippet/callsign.js (src/api/CMakeLists.txt)
}

namespace callsign::api {

Awaitable get_snippet(Api&, http::RequestContext&) {
  http::Response response{200, "text/javascript; charset=utf-8", std::string(embedded::snippet_js()), {}};
  // Sites embed the snippet on every page: let browsers and CDNs keep it a while, but pick up upgrades the
  // same day.
  response.headers.emplace_back("Cache-Control", "public, max-age=3600");
  co_return response;
}

}  // namespace callsign::api
