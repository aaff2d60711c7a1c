#include "api/call_csv.hpp"
#include "api/call_query.hpp"
#include "api/encoders.hpp"
#include "api/error_mapping.hpp"
#include "api/handlers.hpp"
#include "api/json_body.hpp"
#include "domain/call_recorder.hpp"

namespace callsign::api {
namespace {

using nlohmann::json;

Result<domain::CallInput> decode_call_input(const json& body) {
  if (auto r = reject_unknown_fields(body, {"external_id", "tracking_number", "caller", "started_at", "answered_at",
                                            "ended_at", "status", "operator", "recording_url"});
      !r)
    return fail(r.error());
  domain::CallInput in;
  std::optional<std::string> status;
  auto fields = first_error({assign(in.external_id, required_string(body, "external_id")),
                             assign(in.tracking_number, required_string(body, "tracking_number")),
                             assign(in.caller, required_string(body, "caller")),
                             assign(in.started_at, required_time(body, "started_at")),
                             assign(in.answered_at, optional_time(body, "answered_at")),
                             assign(in.ended_at, optional_time(body, "ended_at")),
                             assign(status, optional_string(body, "status")),
                             assign(in.operator_name, optional_string(body, "operator")),
                             assign(in.recording_url, optional_string(body, "recording_url"))});
  if (!fields) return fail(fields.error());
  if (status) {
    in.status = domain::call_status_from_string(*status);
    if (!in.status)
      return fail(Error::invalid("status", "status must be one of answered, no_answer, busy, failed, abandoned, voicemail"));
  }
  return in;
}

}  // namespace

Awaitable create_call(Api& api, http::RequestContext& ctx) {
  auto project = api.authorized_project(ctx);
  if (!project) co_return error_to_response(project.error());
  auto body = parse_json_object(ctx.request.body());
  if (!body) co_return error_to_response(body.error());
  auto input = decode_call_input(*body);
  if (!input) co_return error_to_response(input.error());
  // Validation and number parsing happen here, on the request's thread, keeping the single writer short.
  auto prepared = domain::prepare_call(*project, *input);
  if (!prepared) co_return error_to_response(prepared.error());
  auto recorded_pending = api.store.write<domain::RecordedCall>(
      [project = std::move(*project), prepared = std::move(*prepared), now = api.clock.now()](domain::Repositories& repos) {
        return domain::record_prepared_call(repos, project, prepared, now);
      },
      storage::Store::JobRuns::repeatable);  // statements only (the call, its flags, its outbox rows)
  auto recorded = co_await std::move(recorded_pending);
  if (!recorded) co_return error_to_response(recorded.error());
  co_return http::Response::json(recorded->created ? 201 : 200, encode_call(recorded->call).dump());
}

Awaitable list_calls(Api& api, http::RequestContext& ctx) {
  auto project = api.authorized_project(ctx);
  if (!project) co_return error_to_response(project.error());
  auto query = decode_call_query(ctx);
  if (!query) co_return error_to_response(query.error());
  auto calls = api.store.read([&](domain::Repositories& repos) { return repos.calls().list(project->id, *query); });
  if (!calls) co_return error_to_response(calls.error());
  if (ctx.query_param("format") == "csv") {
    http::Response csv{200, "text/csv; charset=utf-8", calls_csv(*calls), {}};
    csv.headers.emplace_back("Content-Disposition", "attachment; filename=\"calls.csv\"");
    co_return csv;
  }

  json list = json::array();
  for (const auto& c : *calls) list.push_back(encode_call(c));
  json next = nullptr;
  if (static_cast<int>(calls->size()) == query->limit && !calls->empty())
    next = encode_cursor(calls->back().started_at, calls->back().id);
  co_return http::Response::json(200, json{{"calls", std::move(list)}, {"next_cursor", next}}.dump());
}

Awaitable get_call(Api& api, http::RequestContext& ctx) {
  auto project = api.authorized_project(ctx);
  if (!project) co_return error_to_response(project.error());
  auto call_id = ctx.path_param("call_id").value_or("");
  auto call = api.store.read([&](domain::Repositories& repos) { return repos.calls().find(project->id, call_id); });
  if (!call) co_return error_to_response(call.error());
  if (!*call) co_return error_to_response(Error::not_found("no call " + call_id));
  co_return http::Response::json(200, encode_call(**call).dump());
}

}  // namespace callsign::api
