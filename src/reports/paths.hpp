#pragma once
// GET …/reports/paths: the most common sequences of channels a visitor came through (sessions in the 30 days
// before the call, oldest first) before calling, and before a target call.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "domain/project.hpp"
#include "domain/repositories.hpp"
#include "reports/report_request.hpp"

namespace callsign::reports {

struct ChannelPath {
  std::vector<std::string> channels;  // oldest session first
  std::int64_t calls = 0, target = 0;
};

struct PathsReport {
  std::vector<ChannelPath> by_calls;   // most calls first (then most target calls, then the path), at most limit
  std::vector<ChannelPath> by_target;  // most target calls first, only paths with target calls, at most limit
  std::int64_t calls_with_path = 0;     // calls whose visitor had sessions in the lookback
  std::int64_t calls_without_path = 0;  // static numbers, unattributed calls, visitors without sessions
};

// Errors: storage failures; Error{invalid, "timezone"} as build_call_report.
Result<PathsReport> build_paths(domain::Repositories& repos, const domain::Project& project,
                                const PathsRequest& request);

// {"from", "to", "paths": [{"path": [...], "calls", "target"}], "target_paths": [...], "calls_with_path",
//  "calls_without_path"}.
nlohmann::json encode_paths(const PathsReport& report, const PathsRequest& request);

}  // namespace callsign::reports
