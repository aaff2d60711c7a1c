#pragma once
// GET …/reports/calls: calls grouped by any dimensions of API.md, credited by an attribution model, with the
// sessions, costs and won deals of the same rows, and totals. Reads through the domain's ports only.
#include <string>
#include <vector>

#include "common/result.hpp"
#include "domain/project.hpp"
#include "domain/repositories.hpp"
#include "reports/report_metrics.hpp"
#include "reports/report_request.hpp"

namespace callsign::reports {

struct ReportRow {
  // One value per dimension, in request order; "" when the calls have none (shown as null). Dates are
  // "YYYY-MM-DD", hours "00"…"23" and weekdays "0" (Monday) … "6" so that rows sort in time order.
  std::vector<std::string> values;
  RowFigures figures;
};

struct CallReport {
  std::vector<domain::ReportDimension> dimensions;
  std::vector<ReportRow> rows;  // by the first time dimension when it leads, else by calls (most first)
  RowFigures totals;            // the sum of the rows; sessions and cost over the whole range (filtered)
  bool sessions_per_row = false;  // the dimensions are a session's: a row without sessions has 0, not null
  bool cost_per_row = false;      // the dimensions are a cost's: a row without cost has 0, not null
  std::int64_t rollup_days = 0;   // days whose calls came from the call rollup (reports/call_rollup_plan), not raw
};

// Builds the report. Rows hold every combination that has calls, sessions or cost in the range. Sessions are
// counted for rows whose dimensions are all traffic or time dimensions; cost for rows whose dimensions are all
// among channel (derived from the cost's source and medium as for a visit), source, medium, campaign, term, date
// and weekday. A deal counts with its call's credit. The calls of the days the call rollup answers are read from it
// (reports/call_rollup_plan), with the same figures.
// Errors: storage failures; Error{invalid, "timezone"} for a project zone the database does not know.
Result<CallReport> build_call_report(domain::Repositories& repos, const domain::Project& project,
                                     const CallReportRequest& request);

}  // namespace callsign::reports
