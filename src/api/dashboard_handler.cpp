// GET / and GET /assets/{file}: the dashboard, from the files embedded at build time.
#include "api/dashboard_assets.hpp"
#include "api/handlers.hpp"

namespace callsign::api {
namespace {

bool accepts_gzip(const http::RequestContext& ctx) {
  return ctx.header("Accept-Encoding").find("gzip") != std::string_view::npos;
}

http::Response serve_asset(const http::RequestContext& ctx, std::string_view path) {
  for (const auto& asset : embedded::dashboard_assets()) {
    if (asset.path != path) continue;
    const bool gzip = accepts_gzip(ctx);
    http::Response response{200, std::string(asset.content_type), std::string(gzip ? asset.gzip : asset.body), {}};
    if (gzip) response.headers.emplace_back("Content-Encoding", "gzip");
    response.headers.emplace_back("Vary", "Accept-Encoding");
    // Hashed assets never change under their name; the page itself must be revalidated so that an upgrade's
    // new asset names are picked up at once.
    response.headers.emplace_back("Cache-Control", asset.immutable ? "public, max-age=31536000, immutable" : "no-cache");
    response.headers.emplace_back("X-Content-Type-Options", "nosniff");
    if (!asset.immutable) {
      response.headers.emplace_back("Content-Security-Policy",
                                    "default-src 'self'; img-src 'self' data:; media-src *; style-src 'self' 'unsafe-inline'; "
                                    "frame-ancestors 'none'");
      response.headers.emplace_back("Referrer-Policy", "no-referrer");
    }
    return response;
  }
  return http::error_response(404, "not_found", "no such dashboard file");
}

}  // namespace

Awaitable get_dashboard(Api&, http::RequestContext& ctx) { co_return serve_asset(ctx, "index.html"); }

Awaitable get_dashboard_asset(Api&, http::RequestContext& ctx) {
  co_return serve_asset(ctx, "assets/" + ctx.path_param("file").value_or(""));
}

}  // namespace callsign::api
