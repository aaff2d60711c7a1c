#include "reports/call_rollup.hpp"

#include <map>
#include <tuple>

#include "reports/calls_with_deals.hpp"
#include "reports/report_metrics.hpp"

namespace callsign::reports {

Result<std::vector<domain::CallRollupRow>> compute_call_rollup(domain::Repositories& repos,
                                                               const domain::Project& project,
                                                               const std::vector<std::int64_t>& days) {
  std::vector<domain::CallRollupRow> out;
  if (days.empty()) return out;
  auto calendar = ProjectCalendar::make(project.settings.timezone, days.front(), days.back());
  if (!calendar) return fail(calendar.error());
  domain::CallFactFilter filter;
  filter.fields.id = false;
  filter.fields.status = false;
  filter.fields.visitor_id = false;
  filter.fields.values.fill(false);
  for (std::size_t i = 0; i < domain::kCallRollupDimensions; ++i) filter.fields.values[i] = true;
  using Key = std::pair<std::int64_t, std::array<std::string, domain::kCallRollupDimensions>>;
  std::map<Key, RowFigures> sums;
  Key key;
  // Runs of consecutive days are one scan each.
  for (std::size_t i = 0; i < days.size();) {
    std::size_t j = i + 1;
    while (j < days.size() && days[j] == days[j - 1] + 1) ++j;
    filter.from = calendar->day_start(days[i]);
    filter.to = calendar->day_start(days[j - 1] + 1);
    auto add = [&](const domain::CallFact& call, const DealTotals* deal) {
      key.first = calendar->local(call.started_at).day;
      for (std::size_t d = 0; d < key.second.size(); ++d) key.second[d] = call.values[d];
      auto& row = sums[key];
      row.add_call(call, 1);
      if (deal) row.add_deals(1, deal->count, deal->revenue_units, deal->profit_units);
    };
    auto walked = each_call_with_deals(repos, project, filter, true, add);
    if (!walked) return fail(walked.error());
    i = j;
  }
  out.reserve(sums.size());
  for (const auto& [k, figures] : sums) out.push_back(domain::CallRollupRow{k.first, k.second, whole_totals(figures)});
  return out;
}

std::pair<std::int64_t, std::int64_t> days_of_hour(const ProjectCalendar& calendar, std::int64_t hour_start_ms) {
  constexpr std::int64_t kHourMs = 3'600'000;
  return {calendar.local(from_unix_ms(hour_start_ms)).day,
          calendar.local(from_unix_ms(hour_start_ms + kHourMs - 1)).day};
}

}  // namespace callsign::reports
