#pragma once
// The figures of one report row (API.md "Reports"): call counts, which may be fractional under multi-touch models,
// sessions, cost and deal money, and the ratios derived from them (conversion, cost per call, ROMI).
#include <optional>

#include "domain/report_facts.hpp"

namespace callsign::reports {

struct RowFigures {
  double calls = 0, answered = 0, missed = 0, abandoned = 0, target = 0, first_time = 0, unique = 0,
         unique_target = 0, off_hours = 0;
  double wait_seconds = 0, waits = 0;  // Σ credit × wait, Σ credit of calls whose wait is known
  double talk_seconds = 0, talks = 0;  // the same over answered calls that have ended
  double deals = 0, revenue = 0, profit = 0;  // won deals only
  std::optional<double> sessions;  // nullopt when the row's dimensions are not a session's (tracking number, operator)
  std::optional<double> cost;      // nullopt when the row's dimensions are not a cost's (landing page, hour, …)

  // Adds `credit` (0..1) of one call.
  void add_call(const domain::CallFact& call, double credit);
  // Adds `credit` of a call's won deals: `count` deals with that revenue and profit.
  void add_deals(double credit, double count, double revenue, double profit);
  void add_sessions(double n) { sessions = sessions.value_or(0) + n; }
  void add_cost(double amount) { cost = cost.value_or(0) + amount; }
  RowFigures& operator+=(const RowFigures& other);
};

// ROMI in percent: (profit − cost) ÷ cost × 100; nullopt when there is no cost to return on.
std::optional<double> romi_percent(double profit, std::optional<double> cost);
// a ÷ b; nullopt when b is absent or 0 (the cost per call of a row without calls is unknown, not 0).
std::optional<double> ratio(std::optional<double> a, std::optional<double> b);

}  // namespace callsign::reports
