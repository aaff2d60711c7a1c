#pragma once
// Computing the daily rollup of calls (domain/call_rollup.hpp) from the raw calls and won deals, and placing its dirty
// hours in local days. The background job (api/call_rollup_job) writes what these compute; reports read it back
// through reports/call_rollup_plan.
#include <cstdint>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "domain/project.hpp"
#include "domain/repositories.hpp"
#include "reports/calendar.hpp"

namespace callsign::reports {

// The rollup rows of the project's local days `days` (ascending, distinct): its calls started on them grouped by
// day, channel, source, medium and campaign, each summed with the report's own arithmetic (RowFigures::add_call and
// add_deals with credit 1). Days without calls give no rows. Errors: storage failures; Error{invalid, "timezone"}
// for a zone the database does not know.
Result<std::vector<domain::CallRollupRow>> compute_call_rollup(domain::Repositories& repos,
                                                               const domain::Project& project,
                                                               const std::vector<std::int64_t>& days);

// The local days [first, last] the UTC hour starting at `hour_start_ms` overlaps: one day, or two when a local
// day begins inside the hour (a zone whose offset is not whole hours). `calendar` should span the hour.
std::pair<std::int64_t, std::int64_t> days_of_hour(const ProjectCalendar& calendar, std::int64_t hour_start_ms);

}  // namespace callsign::reports
