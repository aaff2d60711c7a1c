// Offline-conversion exports (API.md "Outbound"): Google Ads conversions and Yandex Metrica calls as CSV files for a
// range of local days. The calls are read and formatted (integrations/exports) on the report runner's thread: a
// year of calls takes long enough to hold up every other connection of the I/O thread that took the request (each
// I/O thread serves its own connections: decision 0011).
#include <map>

#include "api/error_mapping.hpp"
#include "api/handlers.hpp"
#include "domain/local_days.hpp"
#include "integrations/exports.hpp"
#include "reports/calendar.hpp"

namespace callsign::api {
namespace {

constexpr int kPage = 1000;

struct ExportRange {
  Timestamp from{}, to{};
};

// from=YYYY-MM-DD&to=YYYY-MM-DD, inclusive local days of the project's timezone.
Result<ExportRange> read_range(const http::RequestContext& ctx, const domain::Project& project) {
  std::int64_t days[2] = {0, 0};
  const char* names[2] = {"from", "to"};
  for (int i = 0; i < 2; ++i) {
    auto text = ctx.query_param(names[i]);
    if (!text)
      return fail(Error{ErrorKind::invalid, "missing_field", std::string(names[i]) + " is required (YYYY-MM-DD)",
                        names[i]});
    auto day = reports::parse_day(*text);
    if (!day) return fail(Error::invalid(names[i], std::string(names[i]) + " must be a date such as 2026-03-08"));
    days[i] = *day;
  }
  if (days[1] < days[0]) return fail(Error::invalid("to", "to must not be before from"));
  if (days[1] - days[0] > 366) return fail(Error::invalid("to", "an export covers at most 366 days"));
  auto calendar = reports::ProjectCalendar::make(project.settings.timezone, days[0], days[1]);
  if (!calendar) return fail(calendar.error());
  return ExportRange{calendar->from(), calendar->to()};
}

// The range's calls oldest first, each with the yclid of its session and the revenue of its won deals.
Result<std::vector<integrations::ExportedCall>> exported_calls(domain::Repositories& repos,
                                                               const domain::Project& project,
                                                               const ExportRange& range, bool with_yclid) {
  std::map<std::string, double> revenue;
  auto deals = repos.deals().won_for_calls(project.id, range.from, range.to);
  if (!deals) return fail(deals.error());
  for (const auto& won : *deals) revenue[*won.deal.call_id] += won.deal.amount;

  std::vector<integrations::ExportedCall> out;
  domain::CallQuery query;
  query.from = range.from;
  query.to = range.to;
  query.limit = kPage;
  for (;;) {
    auto page = repos.calls().list(project.id, query);
    if (!page) return fail(page.error());
    for (auto& call : *page) {
      integrations::ExportedCall e{std::move(call), std::nullopt, std::nullopt};
      if (auto it = revenue.find(e.call.id); it != revenue.end()) e.value = it->second;
      if (with_yclid && e.call.attribution.session_id) {
        auto session = repos.sessions().find(*e.call.attribution.session_id);
        if (!session) return fail(session.error());
        if (*session) e.yclid = (*session)->source.yclid;
      }
      out.push_back(std::move(e));
    }
    if (page->size() < static_cast<std::size_t>(kPage)) break;
    query.after = std::pair{out.back().call.started_at, out.back().call.id};
  }
  std::reverse(out.begin(), out.end());
  return out;
}

// On the report runner's thread: the range's calls read (exported_calls) and turned into the file's text by `format`
// (std::string(const std::vector<integrations::ExportedCall>&, const domain::Project&)). Not a coroutine: the caller
// builds the awaitable in its own statement, then awaits it (GCC 12 pitfall).
template <class Format>
auto export_on_runner(Api& api, domain::Project project, ExportRange range, bool with_yclid, Format format) {
  return api.report_runner->run([&store = api.store, project = std::move(project), range, with_yclid,
                                 format = std::move(format)]() -> Result<std::string> {
    auto calls = store.read_report(
        [&](domain::Repositories& repos) { return exported_calls(repos, project, range, with_yclid); });
    if (!calls) return fail(calls.error());
    return format(*calls, project);
  });
}

http::Response csv_file(std::string body, const std::string& filename) {
  http::Response r{200, "text/csv; charset=utf-8", std::move(body), {}};
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  return r;
}

}  // namespace

Awaitable export_google_ads(Api& api, http::RequestContext& ctx) {
  auto project = api.authorized_project(ctx);
  if (!project) co_return error_to_response(project.error());
  auto range = read_range(ctx, *project);
  if (!range) co_return error_to_response(range.error());
  auto name = ctx.query_param("conversion_name");
  if (!name || name->empty())
    co_return error_to_response(Error{ErrorKind::invalid, "missing_field",
                                      "conversion_name is required: the conversion action's name in Google Ads",
                                      "conversion_name"});
  if (name->size() > 100)
    co_return error_to_response(Error::invalid("conversion_name", "conversion_name must be at most 100 characters"));
  const date::time_zone* zone = domain::find_zone(project->settings.timezone);
  if (!zone) co_return error_to_response(Error::internal("unknown timezone " + project->settings.timezone));
  auto pending = export_on_runner(api, std::move(*project), *range, false,
                                  [name = std::string(*name), zone](const auto& calls, const domain::Project& p) {
                                    return integrations::google_ads_conversions_csv(calls, name, *zone, p.settings.currency);
                                  });
  auto body = co_await std::move(pending);
  if (!body) co_return error_to_response(body.error());
  co_return csv_file(std::move(*body), "google-ads-conversions.csv");
}

Awaitable export_yandex_metrica(Api& api, http::RequestContext& ctx) {
  auto project = api.authorized_project(ctx);
  if (!project) co_return error_to_response(project.error());
  auto range = read_range(ctx, *project);
  if (!range) co_return error_to_response(range.error());
  auto pending = export_on_runner(api, std::move(*project), *range, true, [](const auto& calls, const domain::Project& p) {
    return integrations::yandex_metrica_calls_csv(calls, p.settings.currency);
  });
  auto body = co_await std::move(pending);
  if (!body) co_return error_to_response(body.error());
  co_return csv_file(std::move(*body), "yandex-metrica-calls.csv");
}

}  // namespace callsign::api
