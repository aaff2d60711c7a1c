#include "reports/paths.hpp"

#include <algorithm>
#include <map>

#include "reports/attribution_model.hpp"
#include "reports/calendar.hpp"

namespace callsign::reports {

Result<PathsReport> build_paths(domain::Repositories& repos, const domain::Project& project,
                                const PathsRequest& request) {
  auto calendar = ProjectCalendar::make(project.settings.timezone, request.range.from_day, request.range.to_day);
  if (!calendar) return fail(calendar.error());
  std::map<std::vector<std::string>, ChannelPath> paths;
  PathsReport report;
  std::optional<Error> failure;
  domain::CallFactFilter filter;
  filter.from = calendar->from();
  filter.to = calendar->to();
  auto read = repos.reports().calls(project.id, filter, [&](const domain::CallFact& call) {
    if (failure) return;
    std::vector<domain::SessionTouch> touches;
    if (!call.visitor_id.empty()) {
      auto sessions = repos.reports().visitor_sessions(project.id, call.visitor_id, call.started_at - kLookback,
                                                       call.started_at);
      if (!sessions) {
        failure = sessions.error();
        return;
      }
      touches = std::move(*sessions);
    }
    if (touches.empty()) {
      ++report.calls_without_path;
      return;
    }
    ++report.calls_with_path;
    std::vector<std::string> channels;
    for (const auto& touch : touches)
      channels.push_back(touch.values[static_cast<std::size_t>(domain::ReportDimension::channel)]);
    auto& path = paths[channels];
    path.channels = std::move(channels);
    path.calls += 1;
    path.target += call.flags.target ? 1 : 0;
  });
  if (failure) return fail(*failure);
  if (!read) return fail(read.error());

  std::vector<ChannelPath> all;
  for (auto& [key, path] : paths) all.push_back(std::move(path));
  auto top = [&](auto better, bool targets_only) {
    std::vector<ChannelPath> chosen;
    for (const auto& p : all)
      if (!targets_only || p.target > 0) chosen.push_back(p);
    std::stable_sort(chosen.begin(), chosen.end(), better);
    if (chosen.size() > static_cast<std::size_t>(request.limit)) chosen.resize(static_cast<std::size_t>(request.limit));
    return chosen;
  };
  report.by_calls = top([](const ChannelPath& a, const ChannelPath& b) {
    return a.calls != b.calls ? a.calls > b.calls : a.target > b.target;
  }, false);
  report.by_target = top([](const ChannelPath& a, const ChannelPath& b) {
    return a.target != b.target ? a.target > b.target : a.calls > b.calls;
  }, true);
  return report;
}

nlohmann::json encode_paths(const PathsReport& report, const PathsRequest& request) {
  auto list = [](const std::vector<ChannelPath>& paths) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& p : paths) out.push_back({{"path", p.channels}, {"calls", p.calls}, {"target", p.target}});
    return out;
  };
  return {{"from", format_day(request.range.from_day)},
          {"to", format_day(request.range.to_day)},
          {"paths", list(report.by_calls)},
          {"target_paths", list(report.by_target)},
          {"calls_with_path", report.calls_with_path},
          {"calls_without_path", report.calls_without_path}};
}

}  // namespace callsign::reports
