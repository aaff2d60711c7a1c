#include "reports/report_metrics.hpp"

#include <utility>

namespace callsign::reports {

void RowFigures::add_call(const domain::CallFact& c, double credit) {
  const auto& f = c.flags;
  calls += credit;
  answered += f.answered ? credit : 0;
  missed += f.missed ? credit : 0;
  abandoned += f.abandoned ? credit : 0;
  target += f.target ? credit : 0;
  first_time += f.first_time ? credit : 0;
  unique += f.unique ? credit : 0;
  unique_target += f.unique_target ? credit : 0;
  off_hours += f.off_hours ? credit : 0;
  auto ms = [](Timestamp from, Timestamp to) { return static_cast<double>(to_unix_ms(to) - to_unix_ms(from)); };
  const std::optional<Timestamp> wait_end = c.answered_at ? c.answered_at : (f.missed ? c.ended_at : std::nullopt);
  if (wait_end) {
    wait_ms += credit * ms(c.started_at, *wait_end);
    waits += credit;
  }
  if (c.answered_at && c.ended_at) {
    talk_ms += credit * ms(*c.answered_at, *c.ended_at);
    talks += credit;
  }
}

void RowFigures::add_deals(double credit, double count, double deal_revenue_units, double deal_profit_units) {
  deals += credit * count;
  revenue_units += credit * deal_revenue_units;
  profit_units += credit * deal_profit_units;
}

RowFigures& RowFigures::operator+=(const RowFigures& o) {
  calls += o.calls;
  answered += o.answered;
  missed += o.missed;
  abandoned += o.abandoned;
  target += o.target;
  first_time += o.first_time;
  unique += o.unique;
  unique_target += o.unique_target;
  off_hours += o.off_hours;
  wait_ms += o.wait_ms;
  waits += o.waits;
  talk_ms += o.talk_ms;
  talks += o.talks;
  deals += o.deals;
  revenue_units += o.revenue_units;
  profit_units += o.profit_units;
  if (o.sessions) add_sessions(*o.sessions);
  if (o.cost) add_cost(*o.cost);
  return *this;
}

namespace {

// Each call figure of RowFigures and the CallTotals member that holds it as a whole number.
constexpr std::pair<double RowFigures::*, std::int64_t domain::CallTotals::*> kWholeFigures[] = {
    {&RowFigures::calls, &domain::CallTotals::calls},
    {&RowFigures::answered, &domain::CallTotals::answered},
    {&RowFigures::missed, &domain::CallTotals::missed},
    {&RowFigures::abandoned, &domain::CallTotals::abandoned},
    {&RowFigures::target, &domain::CallTotals::target},
    {&RowFigures::first_time, &domain::CallTotals::first_time},
    {&RowFigures::unique, &domain::CallTotals::unique},
    {&RowFigures::unique_target, &domain::CallTotals::unique_target},
    {&RowFigures::off_hours, &domain::CallTotals::off_hours},
    {&RowFigures::wait_ms, &domain::CallTotals::wait_ms},
    {&RowFigures::waits, &domain::CallTotals::waits},
    {&RowFigures::talk_ms, &domain::CallTotals::talk_ms},
    {&RowFigures::talks, &domain::CallTotals::talks},
    {&RowFigures::deals, &domain::CallTotals::deals},
    {&RowFigures::revenue_units, &domain::CallTotals::revenue_units},
    {&RowFigures::profit_units, &domain::CallTotals::profit_units},
};

}  // namespace

void RowFigures::add(const domain::CallTotals& totals) {
  for (const auto& [figure, whole] : kWholeFigures) this->*figure += static_cast<double>(totals.*whole);
}

domain::CallTotals whole_totals(const RowFigures& f) {
  domain::CallTotals totals;
  for (const auto& [figure, whole] : kWholeFigures) totals.*whole = std::llround(f.*figure);
  return totals;
}

std::optional<double> romi_percent(double profit, std::optional<double> cost) {
  if (!cost || *cost <= 0) return std::nullopt;
  return (profit - *cost) / *cost * 100;
}

std::optional<double> ratio(std::optional<double> a, std::optional<double> b) {
  if (!a || !b || *b == 0) return std::nullopt;
  return *a / *b;
}

}  // namespace callsign::reports
