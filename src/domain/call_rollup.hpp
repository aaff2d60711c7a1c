#pragma once
// The daily rollup of calls (decision 0008): per project, local day of the project's timezone and (channel,
// source, medium, campaign) of the call's own attribution, the sums a last-click report row is made of. Calls change
// after the fact (re-flagged, answered late, deals won), so the rollup is not append-only: triggers on calls and
// deals mark the UTC hours they touch dirty, a background job recomputes the days of dirty hours from the raw rows,
// and a report reads a day from the rollup only while none of its hours is dirty — exact at every moment.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace callsign::domain {

// What a rollup's days were computed with: the project's timezone (the days) and margin_percent (the profit of
// deals without their own), and how far they reach. A project whose settings differ has its rollup started over.
struct CallRollupBasis {
  std::string timezone;
  double margin_percent = 0;
  // Every local day before until_day is in the rollup (a day without rows had no calls), except the days of dirty
  // hours; nullopt: no day yet.
  std::optional<std::int64_t> until_day;
  friend bool operator==(const CallRollupBasis&, const CallRollupBasis&) = default;
};

// Sums over a set of calls under the last-click model, all whole numbers (durations in ms, money in the reports'
// money units), so adding them up is exact in any order.
struct CallTotals {
  std::int64_t calls = 0, answered = 0, missed = 0, abandoned = 0, target = 0, first_time = 0, unique = 0,
               unique_target = 0, off_hours = 0;
  std::int64_t wait_ms = 0, waits = 0, talk_ms = 0, talks = 0;
  std::int64_t deals = 0, revenue_units = 0, profit_units = 0;
  friend bool operator==(const CallTotals&, const CallTotals&) = default;
};

// The dimensions of the rollup, in ReportDimension order: channel, source, medium, campaign.
inline constexpr std::size_t kCallRollupDimensions = 4;

struct CallRollupRow {
  std::int64_t day = 0;  // local, days since 1970-01-01
  std::array<std::string, kCallRollupDimensions> values;  // "" for none (or a dimension not grouped by, when read)
  CallTotals totals;
};

// A dirty hour of a project, with how many changes marked it: the job clears a mark only when that count is still
// the one it read before recomputing (a change since then keeps the hour dirty).
struct DirtyHour {
  std::int64_t hour_start_ms = 0;  // UTC
  std::int64_t changes = 0;
};

// One step of the rollup job, written in one transaction.
struct CallRollupUpdate {
  CallRollupBasis basis;                // as read before computing: refused (Error{conflict}) if it changed since
  std::vector<std::int64_t> days;       // the days recomputed: their rows are replaced by `rows`
  std::vector<CallRollupRow> rows;
  std::vector<DirtyHour> cleared;       // marks read in the same snapshot as the rows; each removed unless re-marked
  std::optional<std::int64_t> until_day;  // the basis's new until_day (days appended), or nullopt to keep it
};

}  // namespace callsign::domain
