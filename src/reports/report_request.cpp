#include "reports/report_request.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <initializer_list>
#include <string_view>

#include "reports/calendar.hpp"

namespace callsign::reports {
namespace {

using domain::ReportDimension;

constexpr std::array<std::string_view, 10> kFilterParams{
    "channel", "source", "medium", "campaign", "status", "target", "unique", "off_hours", "tracking_number", "operator"};

Result<void> reject_unknown(const QueryParams& params, std::initializer_list<std::string_view> allowed,
                            bool with_filters) {
  for (const auto& [name, value] : params) {
    const bool known = std::find(allowed.begin(), allowed.end(), name) != allowed.end() ||
                       (with_filters && std::find(kFilterParams.begin(), kFilterParams.end(), name) != kFilterParams.end());
    if (!known) return fail(Error{ErrorKind::invalid, "unknown_parameter", "unknown parameter \"" + name + "\"", name});
  }
  return {};
}

std::optional<std::string> param(const QueryParams& params, const std::string& name) {
  auto it = params.find(name);
  if (it == params.end()) return std::nullopt;
  return it->second;
}

Result<std::int64_t> required_day(const QueryParams& params, const std::string& name) {
  auto text = param(params, name);
  if (!text) return fail(Error{ErrorKind::invalid, "missing_parameter", name + " is required (YYYY-MM-DD)", name});
  auto day = parse_day(*text);
  if (!day) return fail(Error::invalid(name, name + " must be a date such as 2026-03-08, got \"" + *text + "\""));
  return *day;
}

Result<DayRange> parse_range(const QueryParams& params) {
  auto from = required_day(params, "from");
  if (!from) return fail(from.error());
  auto to = required_day(params, "to");
  if (!to) return fail(to.error());
  if (*from > *to) return fail(Error::invalid("from", "from must not be after to"));
  if (*to - *from + 1 > kMaxRangeDays)
    return fail(Error::invalid("to", "a report covers at most 366 days; narrow from … to"));
  return DayRange{*from, *to};
}

Result<std::optional<bool>> optional_bool(const QueryParams& params, const std::string& name) {
  auto v = param(params, name);
  if (!v) return std::optional<bool>{};
  if (*v == "true") return std::optional<bool>{true};
  if (*v == "false") return std::optional<bool>{false};
  return fail(Error::invalid(name, name + " must be true or false"));
}

Result<int> bounded_int(const QueryParams& params, const std::string& name, int fallback, int low, int high) {
  auto v = param(params, name);
  if (!v) return fallback;
  int n = 0;
  auto r = std::from_chars(v->data(), v->data() + v->size(), n);
  if (r.ec != std::errc{} || r.ptr != v->data() + v->size() || n < low || n > high)
    return fail(Error::invalid(name, name + " must be a whole number from " + std::to_string(low) + " to " +
                                         std::to_string(high)));
  return n;
}

Result<ReportFilters> parse_filters(const QueryParams& params) {
  ReportFilters f;
  for (auto d : {ReportDimension::channel, ReportDimension::source, ReportDimension::medium, ReportDimension::campaign})
    if (auto v = param(params, std::string(domain::to_string(d)))) f.traffic.emplace_back(d, *v);
  if (auto status = param(params, "status")) {
    if (*status == "missed") {
      f.missed_only = true;
    } else {
      f.status = domain::call_status_from_string(*status);
      if (!f.status)
        return fail(Error::invalid(
            "status", "status must be one of answered, missed, no_answer, busy, failed, abandoned, voicemail"));
    }
  }
  for (auto [name, target] : {std::pair{"target", &f.target}, std::pair{"unique", &f.unique},
                              std::pair{"off_hours", &f.off_hours}}) {
    auto flag = optional_bool(params, name);
    if (!flag) return fail(flag.error());
    *target = *flag;
  }
  f.tracking_number = param(params, "tracking_number");
  f.operator_name = param(params, "operator");
  return f;
}

Result<std::vector<ReportDimension>> parse_dimensions(const QueryParams& params) {
  std::vector<ReportDimension> dims;
  auto text = param(params, "group_by");
  if (!text || text->empty()) return dims;
  std::string_view rest = *text;
  while (true) {
    const auto comma = rest.find(',');
    const std::string_view name = rest.substr(0, comma);
    auto d = domain::report_dimension_from_string(name);
    if (!d)
      return fail(Error::invalid("group_by", "unknown dimension \"" + std::string(name) +
                                                 "\"; use channel, source, medium, campaign, term, landing_page, "
                                                 "tracking_number, operator, date, hour, weekday"));
    if (std::find(dims.begin(), dims.end(), *d) != dims.end())
      return fail(Error::invalid("group_by", "dimension \"" + std::string(name) + "\" is named twice"));
    dims.push_back(*d);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return dims;
}

}  // namespace

Result<CallReportRequest> parse_call_report_request(const QueryParams& params) {
  if (auto r = reject_unknown(params, {"from", "to", "group_by", "model", "half_life_days", "format"}, true); !r)
    return fail(r.error());
  CallReportRequest request;
  auto range = parse_range(params);
  if (!range) return fail(range.error());
  request.range = *range;
  auto dims = parse_dimensions(params);
  if (!dims) return fail(dims.error());
  request.dimensions = std::move(*dims);
  if (auto model = param(params, "model")) {
    auto m = attribution_model_from_string(*model);
    if (!m)
      return fail(Error::invalid("model", "unknown model \"" + *model +
                                              "\"; use last_click, first_click, last_non_direct, linear, "
                                              "time_decay, position_based"));
    request.model = *m;
  }
  if (auto half_life = param(params, "half_life_days")) {
    double value = 0;
    auto r = std::from_chars(half_life->data(), half_life->data() + half_life->size(), value);
    if (r.ec != std::errc{} || r.ptr != half_life->data() + half_life->size() || !(value > 0) || value > 365)
      return fail(Error::invalid("half_life_days", "half_life_days must be a number of days above 0, at most 365"));
    request.half_life_days = value;
  }
  if (auto format = param(params, "format")) {
    if (*format == "csv")
      request.format = ReportFormat::csv;
    else if (*format != "json")
      return fail(Error::invalid("format", "format must be json or csv"));
  }
  auto filters = parse_filters(params);
  if (!filters) return fail(filters.error());
  request.filters = std::move(*filters);
  return request;
}

Result<HeatmapRequest> parse_heatmap_request(const QueryParams& params) {
  if (auto r = reject_unknown(params, {"from", "to", "metric"}, true); !r) return fail(r.error());
  HeatmapRequest request;
  auto range = parse_range(params);
  if (!range) return fail(range.error());
  request.range = *range;
  if (auto metric = param(params, "metric")) {
    if (*metric == "missed")
      request.metric = HeatmapMetric::missed;
    else if (*metric == "target")
      request.metric = HeatmapMetric::target;
    else if (*metric != "calls")
      return fail(Error::invalid("metric", "metric must be calls, missed or target"));
  }
  auto filters = parse_filters(params);
  if (!filters) return fail(filters.error());
  request.filters = std::move(*filters);
  return request;
}

Result<PathsRequest> parse_paths_request(const QueryParams& params) {
  if (auto r = reject_unknown(params, {"from", "to", "limit"}, false); !r) return fail(r.error());
  PathsRequest request;
  auto range = parse_range(params);
  if (!range) return fail(range.error());
  request.range = *range;
  auto limit = bounded_int(params, "limit", 20, 1, 100);
  if (!limit) return fail(limit.error());
  request.limit = *limit;
  return request;
}

}  // namespace callsign::reports
