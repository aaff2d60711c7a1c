#pragma once
// The won deals of a report's range, summed per call, for a walk over the range's calls in start order: finding a
// call's deals is a step along a sorted list, not a hash lookup per call (a report visits hundreds of thousands).
#include <cstdint>
#include <string>
#include <vector>

#include "common/time.hpp"
#include "domain/cost_deal.hpp"

namespace callsign::reports {

// Won deals of one call, summed; money in money units (report_metrics.hpp), each deal rounded to them.
struct DealTotals {
  double count = 0, revenue_units = 0, profit_units = 0;
};

class DealsByCall {
 public:
  // `won` ordered by their call's start, then call id (DealRepository::won_for_calls); a deal without its own
  // profit earns amount × margin_percent.
  DealsByCall(const std::vector<domain::WonDeal>& won, double margin_percent);

  // The deals of the call with this id and start, or nullptr when it has none. Calls must be asked for in
  // non-decreasing start order (calls with the same start in any order).
  const DealTotals* of(const std::string& call_id, Timestamp started_at);
  bool empty() const { return entries_.empty(); }

 private:
  struct Entry {
    std::int64_t started_ms = 0;
    std::string call_id;
    DealTotals totals;
  };
  std::vector<Entry> entries_;
  std::size_t next_ = 0;  // the first entry whose call may start at or after the last start asked for
};

}  // namespace callsign::reports
