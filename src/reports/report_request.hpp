#pragma once
// The parameters of the report endpoints, read from the query string and checked: every mistake is an
// Error{invalid} naming the parameter (API.md: 422 naming the field). Unknown parameters are refused too, so a
// typo ("grup_by") never silently gives another report.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "domain/call.hpp"
#include "domain/report_facts.hpp"
#include "reports/attribution_model.hpp"

namespace callsign::reports {

using QueryParams = std::map<std::string, std::string>;

inline constexpr std::int64_t kMaxRangeDays = 366;

// from/to: local dates (days since the epoch), inclusive.
struct DayRange {
  std::int64_t from_day = 0, to_day = 0;
};

struct ReportFilters {
  // channel, source, medium, campaign: matched against the credited session's values (after the model).
  std::vector<std::pair<domain::ReportDimension, std::string>> traffic;
  std::optional<domain::CallStatus> status;
  bool missed_only = false;  // status=missed
  std::optional<bool> target, unique, off_hours;
  std::optional<std::string> tracking_number, operator_name;  // tracking_number as given (E.164 expected)
};

enum class ReportFormat { json, csv };

struct CallReportRequest {
  DayRange range;
  std::vector<domain::ReportDimension> dimensions;  // distinct, in request order; may be empty (totals only)
  AttributionModel model = AttributionModel::last_click;
  double half_life_days = 7;
  ReportFilters filters;
  ReportFormat format = ReportFormat::json;
  bool calls_only = false;  // true: the calls' own figures — no sessions, costs or deals (the heat map)
};

enum class HeatmapMetric { calls, missed, target };

struct HeatmapRequest {
  DayRange range;
  HeatmapMetric metric = HeatmapMetric::calls;
  ReportFilters filters;
};

struct PathsRequest {
  DayRange range;
  int limit = 20;  // 1..100
};

// GET …/reports/calls: from, to (required, YYYY-MM-DD, from ≤ to, at most 366 days), group_by (comma-separated
// dimensions, default none), model, half_life_days (> 0, ≤ 365), format (json|csv), filters: channel, source,
// medium, campaign, status (a call status or "missed"), target, unique, off_hours (true|false),
// tracking_number, operator.
Result<CallReportRequest> parse_call_report_request(const QueryParams& params);
// GET …/reports/heatmap: from, to, metric (calls|missed|target, default calls) and the filters above.
Result<HeatmapRequest> parse_heatmap_request(const QueryParams& params);
// GET …/reports/paths: from, to, limit (1..100, default 20).
Result<PathsRequest> parse_paths_request(const QueryParams& params);

}  // namespace callsign::reports
