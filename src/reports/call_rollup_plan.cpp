#include "reports/call_rollup_plan.hpp"

#include <algorithm>

#include "reports/call_rollup.hpp"

namespace callsign::reports {
namespace {

using domain::ReportDimension;

bool in_rollup(ReportDimension d) { return static_cast<std::size_t>(d) < domain::kCallRollupDimensions; }

}  // namespace

bool fits_call_rollup(const CallReportRequest& request) {
  const auto& f = request.filters;
  return request.model == AttributionModel::last_click && !request.calls_only &&
         std::all_of(request.dimensions.begin(), request.dimensions.end(),
                     [](ReportDimension d) {
                       return in_rollup(d) || d == ReportDimension::date || d == ReportDimension::weekday;
                     }) &&
         std::all_of(f.traffic.begin(), f.traffic.end(), [](const auto& filter) { return in_rollup(filter.first); }) &&
         !f.status && !f.missed_only && !f.target && !f.unique && !f.off_hours && !f.tracking_number &&
         !f.operator_name;
}

Result<std::optional<std::vector<bool>>> plan_call_rollup(domain::Repositories& repos, const domain::Project& project,
                                                          const CallReportRequest& request,
                                                          const ProjectCalendar& calendar) {
  const std::optional<std::vector<bool>> none;
  if (!fits_call_rollup(request)) return none;
  auto basis = repos.call_rollup().basis(project.id);
  if (!basis) return fail(basis.error());
  if (!*basis || (*basis)->timezone != project.settings.timezone ||
      (*basis)->margin_percent != project.settings.margin_percent || !(*basis)->until_day)
    return none;
  const std::int64_t from_day = request.range.from_day;
  const std::int64_t covered_until = std::min(request.range.to_day + 1, *(*basis)->until_day);
  std::vector<bool> answered(static_cast<std::size_t>(request.range.to_day - from_day + 1), false);
  if (covered_until <= from_day) return std::optional(std::move(answered));
  std::fill(answered.begin(), answered.begin() + (covered_until - from_day), true);
  auto dirty = repos.call_rollup().dirty_hours(project.id, calendar.from(), calendar.day_start(covered_until));
  if (!dirty) return fail(dirty.error());
  for (const auto& hour : *dirty) {
    const auto [first, last] = days_of_hour(calendar, hour.hour_start_ms);
    for (auto day = std::max(first, from_day); day <= std::min(last, covered_until - 1); ++day)
      answered[static_cast<std::size_t>(day - from_day)] = false;
  }
  return std::optional(std::move(answered));
}

}  // namespace callsign::reports
