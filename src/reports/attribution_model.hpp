#pragma once
// Multi-touch attribution models (API.md "Reports"): how a call's credit is shared among the visitor's sessions
// before it. Pure functions; docs/reports.md explains each model with an example.
#include <optional>
#include <string_view>
#include <vector>

#include "common/time.hpp"
#include "domain/report_facts.hpp"

namespace callsign::reports {

enum class AttributionModel { last_click, first_click, last_non_direct, linear, time_decay, position_based };
std::string_view to_string(AttributionModel);
std::optional<AttributionModel> attribution_model_from_string(std::string_view);

// The sessions counted as touches of a call: those started in the 30 days before it.
inline constexpr std::chrono::days kLookback{30};

// The share of one call credited to each of `touches` (oldest first, all started at or before `call_time`):
// one weight per touch, each in [0, 1], summing to 1 (all 0 for an empty list).
//   last_click: the latest touch; first_click: the earliest; last_non_direct: the latest whose channel is not
//   "direct" (the latest touch when all are direct); linear: equal shares; time_decay: weight 2^(−age/half life),
//   age = call_time − touch start; position_based: 40 % first, 40 % last, 20 % shared by those between (one
//   touch: 100 %; two: 50 % each).
// `half_life_days` must be > 0 (only time_decay reads it).
std::vector<double> touch_credit(AttributionModel model, const std::vector<domain::SessionTouch>& touches,
                                 Timestamp call_time, double half_life_days);

}  // namespace callsign::reports
