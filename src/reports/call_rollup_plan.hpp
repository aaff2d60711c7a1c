#pragma once
// Which days of a call report the daily rollup of calls can answer (decision 0008). A report fits when it credits
// each call's own attribution (last click), groups by no more than channel, source, medium, campaign, date and
// weekday, filters on no more than channel, source, medium and campaign, and wants deals (not the heat map's calls
// only). Of a fitting report's days, the rollup answers those it covers, computed in the project's current timezone
// and margin, that have no dirty hour; the others are read raw. Read through the same snapshot, the two are exact.
#include <cstdint>
#include <optional>
#include <vector>

#include "common/result.hpp"
#include "domain/project.hpp"
#include "domain/repositories.hpp"
#include "reports/calendar.hpp"
#include "reports/report_request.hpp"

namespace callsign::reports {

bool fits_call_rollup(const CallReportRequest& request);

// One flag per local day of request.range (from_day first): true when the rollup answers that day. nullopt when
// the request does not fit or the project's rollup was computed with another timezone or margin (or never).
// `calendar` spans request.range. Errors: storage failures.
Result<std::optional<std::vector<bool>>> plan_call_rollup(domain::Repositories& repos, const domain::Project& project,
                                                          const CallReportRequest& request,
                                                          const ProjectCalendar& calendar);

}  // namespace callsign::reports
