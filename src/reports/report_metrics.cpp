#include "reports/report_metrics.hpp"

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
  auto seconds = [](Timestamp from, Timestamp to) { return static_cast<double>(to_unix_ms(to) - to_unix_ms(from)) / 1000; };
  const std::optional<Timestamp> wait_end = c.answered_at ? c.answered_at : (f.missed ? c.ended_at : std::nullopt);
  if (wait_end) {
    wait_seconds += credit * seconds(c.started_at, *wait_end);
    waits += credit;
  }
  if (c.answered_at && c.ended_at) {
    talk_seconds += credit * seconds(*c.answered_at, *c.ended_at);
    talks += credit;
  }
}

void RowFigures::add_deals(double credit, double count, double deal_revenue, double deal_profit) {
  deals += credit * count;
  revenue += credit * deal_revenue;
  profit += credit * deal_profit;
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
  wait_seconds += o.wait_seconds;
  waits += o.waits;
  talk_seconds += o.talk_seconds;
  talks += o.talks;
  deals += o.deals;
  revenue += o.revenue;
  profit += o.profit;
  if (o.sessions) add_sessions(*o.sessions);
  if (o.cost) add_cost(*o.cost);
  return *this;
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
