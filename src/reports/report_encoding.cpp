#include "reports/report_encoding.hpp"

#include <cmath>
#include <utility>
#include <vector>

#include "common/csv.hpp"
#include "reports/calendar.hpp"

namespace callsign::reports {
namespace {

using nlohmann::json;
using domain::ReportDimension;

// Rounds to 1 / per_unit (per_unit 100: cents). Dividing by the power of ten (not multiplying by 100) gives the
// nearest double to the decimal, so 14.7 prints as 14.7.
double round_to(double value, double per_unit) { return std::round(value * per_unit) / per_unit; }
json rounded(std::optional<double> value, double per_unit) {
  if (!value) return nullptr;
  const double r = round_to(*value, per_unit);
  return r == 0 ? 0.0 : r;  // never "-0"
}
json count(double value) {
  const double r = round_to(value, 1e4);
  if (r == std::floor(r) && std::abs(r) < 1e15) return static_cast<std::int64_t>(r);
  return r;
}

// Every figure of a row, named and rounded, in API.md's order.
std::vector<std::pair<const char*, json>> figures(const RowFigures& f, bool sessions_known, bool cost_known) {
  const std::optional<double> sessions = f.sessions ? f.sessions : (sessions_known ? std::optional(0.0) : std::nullopt);
  const std::optional<double> cost = f.cost ? f.cost : (cost_known ? std::optional(0.0) : std::nullopt);
  auto percent = [](std::optional<double> r) { return r ? std::optional(*r * 100) : std::nullopt; };
  auto seconds = [](std::optional<double> ms) { return ms ? std::optional(*ms / 1000) : std::nullopt; };
  const double revenue = f.revenue_units / kMoneyUnits, profit = f.profit_units / kMoneyUnits;
  return {
      {"calls", count(f.calls)},
      {"answered", count(f.answered)},
      {"missed", count(f.missed)},
      {"abandoned", count(f.abandoned)},
      {"target", count(f.target)},
      {"first_time", count(f.first_time)},
      {"unique", count(f.unique)},
      {"unique_target", count(f.unique_target)},
      {"off_hours", count(f.off_hours)},
      {"avg_wait_seconds", rounded(seconds(ratio(f.wait_ms, f.waits)), 10)},
      {"avg_talk_seconds", rounded(seconds(ratio(f.talk_ms, f.talks)), 10)},
      {"sessions", sessions ? count(*sessions) : json(nullptr)},
      {"call_conversion", rounded(percent(ratio(f.calls, sessions)), 100)},
      {"cost", rounded(cost, 100)},
      {"cost_per_call", rounded(ratio(cost, f.calls), 100)},
      {"cost_per_target_call", rounded(ratio(cost, f.target), 100)},
      {"cost_per_deal", rounded(ratio(cost, f.deals), 100)},
      {"deals", count(f.deals)},
      {"revenue", rounded(revenue, 100)},
      {"profit", rounded(profit, 100)},
      {"romi", rounded(romi_percent(profit, cost), 100)},
  };
}

json dimension_value(ReportDimension d, const std::string& value) {
  if (value.empty()) return nullptr;
  if (d == ReportDimension::hour) return std::stoi(value);
  if (d == ReportDimension::weekday) return weekday_name(value[0] - '0');
  return value;
}

}  // namespace

json encode_call_report(const CallReport& report, const CallReportRequest& request, const std::string& timezone,
                        const std::string& currency) {
  json group_by = json::array();
  for (auto d : report.dimensions) group_by.push_back(domain::to_string(d));
  json rows = json::array();
  for (const auto& row : report.rows) {
    json out = json::object();
    for (std::size_t i = 0; i < report.dimensions.size(); ++i)
      out[std::string(domain::to_string(report.dimensions[i]))] = dimension_value(report.dimensions[i], row.values[i]);
    for (auto& [name, value] : figures(row.figures, report.sessions_per_row, report.cost_per_row)) out[name] = value;
    rows.push_back(std::move(out));
  }
  json totals = json::object();
  for (auto& [name, value] : figures(report.totals, true, true)) totals[name] = value;
  return json{{"from", format_day(request.range.from_day)},
              {"to", format_day(request.range.to_day)},
              {"timezone", timezone},
              {"currency", currency},
              {"model", to_string(request.model)},
              {"group_by", std::move(group_by)},
              {"rows", std::move(rows)},
              {"totals", std::move(totals)}};
}

std::string call_report_csv(const CallReport& report) {
  std::string out;
  auto line = [&out](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + cells[i];
    out += "\r\n";
  };
  std::vector<std::string> header;
  for (auto d : report.dimensions) header.emplace_back(domain::to_string(d));
  for (const auto& [name, value] : figures(report.totals, true, true)) header.emplace_back(name);
  line(header);
  for (const auto& row : report.rows) {
    if (report.dimensions.empty()) break;  // the one row is the totals line
    std::vector<std::string> cells;
    for (std::size_t i = 0; i < report.dimensions.size(); ++i)
      cells.push_back(csv_cell(dimension_value(report.dimensions[i], row.values[i])));
    for (const auto& [name, value] : figures(row.figures, report.sessions_per_row, report.cost_per_row))
      cells.push_back(csv_cell(value));
    line(cells);
  }
  std::vector<std::string> totals;
  for (std::size_t i = 0; i < report.dimensions.size(); ++i) totals.push_back(i == 0 ? "totals" : "");
  for (const auto& [name, value] : figures(report.totals, true, true)) totals.push_back(csv_cell(value));
  line(totals);
  return out;
}

}  // namespace callsign::reports
