#pragma once
// The figures of one report row (API.md "Reports"): call counts, which may be fractional under multi-touch models,
// sessions, cost and deal money, and the ratios derived from them (conversion, cost per call, ROMI).
//
// Durations are added up in milliseconds and deal money in money units (kMoneyUnits to the currency unit): under the
// last-click model every addend is then a whole number, and a sum of whole numbers is exact in whatever order it is
// taken, so the call rollup's days (decision 0008) and a scan of the raw calls give the same figures to the bit.
#include <cmath>
#include <cstdint>
#include <optional>

#include "domain/call_rollup.hpp"
#include "domain/report_facts.hpp"

namespace callsign::reports {

// Ten-thousandths of the currency: a deal's amount and profit are rounded to this before they are added up.
inline constexpr double kMoneyUnits = 10'000;
inline double money_units(double amount) { return std::round(amount * kMoneyUnits); }

struct RowFigures {
  double calls = 0, answered = 0, missed = 0, abandoned = 0, target = 0, first_time = 0, unique = 0,
         unique_target = 0, off_hours = 0;
  double wait_ms = 0, waits = 0;  // Σ credit × wait (ms), Σ credit of calls whose wait is known
  double talk_ms = 0, talks = 0;  // the same over answered calls that have ended
  double deals = 0, revenue_units = 0, profit_units = 0;  // won deals only; money in money units
  std::optional<double> sessions;  // nullopt when the row's dimensions are not a session's (tracking number, operator)
  std::optional<double> cost;      // nullopt when the row's dimensions are not a cost's (landing page, hour, …)

  // Adds `credit` (0..1) of one call.
  void add_call(const domain::CallFact& call, double credit);
  // Adds `credit` of a call's won deals: `count` deals with that revenue and profit (money units).
  void add_deals(double credit, double count, double revenue_units, double profit_units);
  // Adds calls summed by the call rollup (exactly what add_call and add_deals with credit 1 would have added).
  void add(const domain::CallTotals& totals);
  void add_sessions(double n) { sessions = sessions.value_or(0) + n; }
  void add_cost(double amount) { cost = cost.value_or(0) + amount; }
  RowFigures& operator+=(const RowFigures& other);
};

// The call figures of `f` as whole numbers: exact when they were added with credit 1 (the last-click model).
domain::CallTotals whole_totals(const RowFigures& f);

// ROMI in percent: (profit − cost) ÷ cost × 100; nullopt when there is no cost to return on.
std::optional<double> romi_percent(double profit, std::optional<double> cost);
// a ÷ b; nullopt when b is absent or 0 (the cost per call of a row without calls is unknown, not 0).
std::optional<double> ratio(std::optional<double> a, std::optional<double> b);

}  // namespace callsign::reports
