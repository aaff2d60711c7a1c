#include "reports/deals_by_call.hpp"

#include "reports/report_metrics.hpp"

namespace callsign::reports {

DealsByCall::DealsByCall(const std::vector<domain::WonDeal>& won, double margin_percent) {
  for (const auto& [deal, call_started_at] : won) {
    if (!deal.call_id) continue;
    const std::int64_t ms = to_unix_ms(call_started_at);
    if (entries_.empty() || entries_.back().started_ms != ms || entries_.back().call_id != *deal.call_id)
      entries_.push_back(Entry{ms, *deal.call_id, {}});
    auto& totals = entries_.back().totals;
    totals.count += 1;
    totals.revenue_units += money_units(deal.amount);
    totals.profit_units += money_units(domain::deal_profit(deal, margin_percent));
  }
}

const DealTotals* DealsByCall::of(const std::string& call_id, Timestamp started_at) {
  const std::int64_t ms = to_unix_ms(started_at);
  while (next_ < entries_.size() && entries_[next_].started_ms < ms) ++next_;
  for (std::size_t i = next_; i < entries_.size() && entries_[i].started_ms == ms; ++i)
    if (entries_[i].call_id == call_id) return &entries_[i].totals;
  return nullptr;
}

}  // namespace callsign::reports
