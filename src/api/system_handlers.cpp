#include "api/handlers.hpp"
#include "http/metrics.hpp"

namespace callsign::api {

Awaitable get_health(Api&, http::RequestContext&) { co_return http::Response::json(200, R"({"status":"ok"})"); }

Awaitable get_metrics(Api& api, http::RequestContext&) {
  co_return http::Response{200, "text/plain; version=0.0.4", api.metrics ? api.metrics->render_prometheus() : std::string(), {}};
}

}  // namespace callsign::api
