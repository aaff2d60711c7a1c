#pragma once
// GET …/reports/heatmap: calls (or missed, or target calls) by weekday × hour in the project's timezone — when
// calls peak, and whether someone answers then.
#include <array>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "domain/project.hpp"
#include "domain/repositories.hpp"
#include "reports/report_request.hpp"

namespace callsign::reports {

// matrix[weekday][hour], Monday first, hours 0–23.
using Heatmap = std::array<std::array<double, 24>, 7>;

// Errors: as build_call_report.
Result<Heatmap> build_heatmap(domain::Repositories& repos, const domain::Project& project,
                              const HeatmapRequest& request);

// {"from", "to", "timezone", "metric", "weekdays": ["mon", …], "hours": [0, …, 23], "matrix": [[…24…] × 7],
//  "total"}.
nlohmann::json encode_heatmap(const Heatmap& heatmap, const HeatmapRequest& request, const std::string& timezone);

}  // namespace callsign::reports
