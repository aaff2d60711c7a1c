#pragma once
// The report shapes of API.md "Reports": JSON ({rows, totals, …}) and CSV (a header, one line per row, then a
// "totals" line). Figures are rounded for people: counts to 4 decimals (fractional only under multi-touch models),
// money and percentages to the cent, average durations to a tenth of a second.
#include <string>

#include <nlohmann/json.hpp>

#include "reports/call_report.hpp"
#include "reports/report_request.hpp"

namespace callsign::reports {

// {"from", "to", "timezone", "currency", "model", "group_by": [...], "rows": [{<dims>, <figures>}], "totals": {...}}.
// A dimension without a value is null; hour is a number (0–23), weekday a name ("mon" … "sun").
nlohmann::json encode_call_report(const CallReport& report, const CallReportRequest& request,
                                  const std::string& timezone, const std::string& currency);

// The same rows as CSV (RFC 4180, "\r\n"): the dimensions then the figures as columns; the last line holds the
// totals, with "totals" in the first column (the only line when there are no dimensions). Nulls are empty cells.
std::string call_report_csv(const CallReport& report);

}  // namespace callsign::reports
