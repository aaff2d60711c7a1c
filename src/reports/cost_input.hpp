#pragma once
// Reading ad costs sent to POST …/costs: a JSON array of {date, source?, medium?, campaign?, term?, amount}, or
// CSV lines `date,source,medium,campaign,term,amount` (an optional header line naming these columns). A bad item
// or line is reported with its number and the field at fault and skipped; the good ones still land.
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "domain/cost_deal.hpp"

namespace callsign::reports {

struct CostLineError {
  int line = 0;  // CSV: the 1-based line number; JSON: the 1-based position in the array
  std::string field;
  std::string message;
};

struct CostBatch {
  std::vector<domain::CostEntry> entries;  // in input order; a key given twice keeps its last amount
  std::vector<CostLineError> errors;
};

inline constexpr std::size_t kMaxCostLines = 100'000;

// Error{malformed, "body"} when the body is not JSON, Error{invalid, "body"} when it is not an array or holds more
// than kMaxCostLines items.
Result<CostBatch> parse_costs_json(std::string_view body, const std::string& project_id);
// Error{invalid, "body"} for more than kMaxCostLines lines. Blank lines are skipped.
Result<CostBatch> parse_costs_csv(std::string_view body, const std::string& project_id);

}  // namespace callsign::reports
