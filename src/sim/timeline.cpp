#include "sim/timeline.hpp"

#include <algorithm>

namespace callsign::sim {

std::chrono::seconds ping_interval(std::chrono::milliseconds hold) {
  const auto third = std::chrono::duration_cast<std::chrono::seconds>(hold).count() / 3;
  return std::chrono::seconds(std::clamp<long long>(third, 5, 60));
}

std::vector<TimelineEvent> timeline(const Traffic& traffic, std::chrono::milliseconds hold) {
  const std::chrono::milliseconds ping = ping_interval(hold);
  std::vector<TimelineEvent> events;
  events.reserve(traffic.sessions.size() * 3 + traffic.calls.size() * 2);
  for (std::uint32_t i = 0; i < traffic.sessions.size(); ++i) {
    const SimSession& s = traffic.sessions[i];
    events.push_back({s.start, Step::arrive, i});
    if (s.bot) continue;
    for (Timestamp t = s.start + ping; t < s.end; t += ping) events.push_back({t, Step::ping, i});
    events.push_back({s.end, Step::leave, i});
  }
  for (std::uint32_t i = 0; i < traffic.calls.size(); ++i) {
    const SimCall& c = traffic.calls[i];
    if (c.tel_click) events.push_back({*c.tel_click, Step::tel_click, static_cast<std::uint32_t>(c.session)});
    events.push_back({c.start, Step::call, i});
  }
  std::sort(events.begin(), events.end());
  return events;
}

}  // namespace callsign::sim
