// GET …/reports/calls, …/reports/heatmap, …/reports/paths: parameters checked on the I/O thread, the report built
// and encoded on the report runner's thread against a pooled read snapshot (never the writer).
#include "api/error_mapping.hpp"
#include "api/handlers.hpp"
#include "reports/call_report.hpp"
#include "reports/heatmap.hpp"
#include "reports/paths.hpp"
#include "reports/report_encoding.hpp"

namespace callsign::api {
namespace {

// Parses the request with `parse`, then runs `respond(repos, project, request)` on the report runner inside one
// store read. Both are plain functions: a coroutine's by-value class arguments are a GCC 12 hazard.
template <class Request>
Awaitable run_report(Api& api, http::RequestContext& ctx, Result<Request> (*parse)(const reports::QueryParams&),
                     Result<http::Response> (*respond)(domain::Repositories&, const domain::Project&, const Request&)) {
  auto project = api.authorized_project(ctx);
  if (!project) co_return error_to_response(project.error());
  auto request = parse(ctx.query);
  if (!request) co_return error_to_response(request.error());
  auto pending = api.report_runner->run(
      [&store = api.store, project = std::move(*project), request = std::move(*request), respond]() {
        return store.read_report([&](domain::Repositories& repos) { return respond(repos, project, request); });
      });
  auto response = co_await std::move(pending);
  if (!response) co_return error_to_response(response.error());
  co_return std::move(*response);
}

std::string dump(const nlohmann::json& body) {
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);  // values quote stored text
}

Result<http::Response> respond_call_report(domain::Repositories& repos, const domain::Project& project,
                                           const reports::CallReportRequest& request) {
  auto report = reports::build_call_report(repos, project, request);
  if (!report) return fail(report.error());
  if (request.format == reports::ReportFormat::csv)
    return http::Response{200, "text/csv; charset=utf-8", reports::call_report_csv(*report), {}};
  const auto& s = project.settings;
  return http::Response::json(200, dump(reports::encode_call_report(*report, request, s.timezone, s.currency)));
}

Result<http::Response> respond_heatmap(domain::Repositories& repos, const domain::Project& project,
                                       const reports::HeatmapRequest& request) {
  auto heatmap = reports::build_heatmap(repos, project, request);
  if (!heatmap) return fail(heatmap.error());
  return http::Response::json(200, dump(reports::encode_heatmap(*heatmap, request, project.settings.timezone)));
}

Result<http::Response> respond_paths(domain::Repositories& repos, const domain::Project& project,
                                     const reports::PathsRequest& request) {
  auto paths = reports::build_paths(repos, project, request);
  if (!paths) return fail(paths.error());
  return http::Response::json(200, dump(reports::encode_paths(*paths, request)));
}

}  // namespace

Awaitable get_call_report(Api& api, http::RequestContext& ctx) {
  return run_report(api, ctx, reports::parse_call_report_request, respond_call_report);
}

Awaitable get_heatmap(Api& api, http::RequestContext& ctx) {
  return run_report(api, ctx, reports::parse_heatmap_request, respond_heatmap);
}

Awaitable get_paths(Api& api, http::RequestContext& ctx) {
  return run_report(api, ctx, reports::parse_paths_request, respond_paths);
}

}  // namespace callsign::api
