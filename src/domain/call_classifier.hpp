#pragma once
// CallClassifier: every flag of DESIGN.md §1, computed from the call, its caller's earlier calls and the
// project's settings. Pure: no clock, no storage. "Within N days" is strictly less than N × 24 h earlier.
#include <span>

#include "domain/call.hpp"
#include "domain/project.hpp"

namespace callsign::domain {

// Flags that depend on the call alone: answered, missed, abandoned, target, off_hours, spam.
// off_hours uses the project timezone (DST-aware), working_hours and holidays; spam = caller in blocked_callers.
CallFlags intrinsic_flags(const ProjectSettings& settings, const Call& call);

// All flags of `call`.
// `earlier`: the same caller's calls that start before `call` (starts_before order), at least all of those
//            within the sales cycle; calls outside the cycle may be included or not.
// `older_calls_exist`: the caller has calls before `call` that are not in `earlier`.
CallFlags classify(const ProjectSettings& settings, const Call& call, std::span<const Call> earlier,
                   bool older_calls_exist);

// Whether `at` falls outside working hours or on a holiday, in the project's timezone.
bool is_off_hours(const ProjectSettings& settings, Timestamp at);

}  // namespace callsign::domain
