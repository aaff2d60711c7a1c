#include "reports/heatmap.hpp"

#include "reports/calendar.hpp"
#include "reports/call_report.hpp"

namespace callsign::reports {

Result<Heatmap> build_heatmap(domain::Repositories& repos, const domain::Project& project,
                              const HeatmapRequest& request) {
  CallReportRequest by_hour;
  by_hour.range = request.range;
  by_hour.dimensions = {domain::ReportDimension::weekday, domain::ReportDimension::hour};
  by_hour.filters = request.filters;
  by_hour.calls_only = true;
  auto report = build_call_report(repos, project, by_hour);
  if (!report) return fail(report.error());
  Heatmap heatmap{};
  for (const auto& row : report->rows) {
    const auto& f = row.figures;
    const double value = request.metric == HeatmapMetric::missed   ? f.missed
                         : request.metric == HeatmapMetric::target ? f.target
                                                                   : f.calls;
    heatmap[static_cast<std::size_t>(row.values[0][0] - '0')][static_cast<std::size_t>(std::stoi(row.values[1]))] +=
        value;
  }
  return heatmap;
}

nlohmann::json encode_heatmap(const Heatmap& heatmap, const HeatmapRequest& request, const std::string& timezone) {
  nlohmann::json weekdays = nlohmann::json::array(), hours = nlohmann::json::array(), matrix = nlohmann::json::array();
  double total = 0;
  for (int d = 0; d < 7; ++d) {
    weekdays.push_back(weekday_name(d));
    nlohmann::json line = nlohmann::json::array();
    for (double v : heatmap[static_cast<std::size_t>(d)]) {
      line.push_back(static_cast<std::int64_t>(v));
      total += v;
    }
    matrix.push_back(std::move(line));
  }
  for (int h = 0; h < 24; ++h) hours.push_back(h);
  const char* metric = request.metric == HeatmapMetric::missed   ? "missed"
                       : request.metric == HeatmapMetric::target ? "target"
                                                                 : "calls";
  return {{"from", format_day(request.range.from_day)},
          {"to", format_day(request.range.to_day)},
          {"timezone", timezone},
          {"metric", metric},
          {"weekdays", std::move(weekdays)},
          {"hours", std::move(hours)},
          {"matrix", std::move(matrix)},
          {"total", static_cast<std::int64_t>(total)}};
}

}  // namespace callsign::reports
