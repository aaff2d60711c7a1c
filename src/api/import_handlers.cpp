#include <vector>

#include <nlohmann/json.hpp>

#include "api/error_mapping.hpp"
#include "api/handlers.hpp"
#include "telephony/cdr/cdr_import.hpp"

namespace callsign::api {
namespace {

using nlohmann::json;

json encode_import(const telephony::ImportCounts& counts, const std::vector<telephony::ImportLineError>& errors) {
  json lines = json::array();
  for (const auto& e : errors) lines.push_back({{"line", e.line}, {"field", e.field}, {"message", e.message}});
  return {{"imported", counts.imported},
          {"updated", counts.updated},
          {"duplicates", counts.duplicates},
          {"errors", std::move(lines)}};
}

}  // namespace

// The file is parsed and every call validated on the report runner's thread (a large file would hold up every other
// connection of this I/O thread: decision 0011); the single writer then takes the calls a batch at a time, so other
// requests' writes get their turns during a long import. A storage
// failure mid-way leaves the batches before it written: importing the file again is safe (idempotent).
Awaitable import_asterisk_cdr(Api& api, http::RequestContext& ctx) {
  auto project = api.authorized_project(ctx);
  if (!project) co_return error_to_response(project.error());
  const std::string timezone = ctx.query_param("timezone").value_or(project->settings.timezone);
  // The request outlives the await: the parse may read its body in place.
  auto prepared_pending = api.report_runner->run([&project = *project, &body = ctx.request.body(), &timezone] {
    return telephony::prepare_asterisk_cdr_import(project, body, timezone);
  });
  auto prepared = co_await std::move(prepared_pending);
  if (!prepared) co_return error_to_response(prepared.error());

  telephony::ImportCounts counts;
  auto batches = telephony::split_into_batches(std::move(prepared->calls));
  for (auto& batch : batches) {
    auto written_pending = api.store.write<telephony::ImportCounts>(
        [project = *project, batch = std::move(batch), now = api.clock.now()](domain::Repositories& repos) {
          return telephony::record_import_batch(repos, project, batch, now);
        });
    auto written = co_await std::move(written_pending);
    if (!written) co_return error_to_response(written.error());
    counts += *written;
  }
  // Messages quote the file's text, which need not be UTF-8.
  co_return http::Response::json(200, encode_import(counts, prepared->errors)
                                          .dump(-1, ' ', false, json::error_handler_t::replace));
}

}  // namespace callsign::api
