#include "sim/recorded_traffic.hpp"

#include <algorithm>
#include <unordered_map>

#include "domain/user_agent.hpp"

namespace callsign::sim {
namespace {

// Stable small indices for strings (visitors, callers), in order of first appearance.
class Indexer {
 public:
  std::uint32_t operator()(const std::string& key) {
    return index_.try_emplace(key, static_cast<std::uint32_t>(index_.size())).first->second;
  }
  std::uint32_t size() const { return static_cast<std::uint32_t>(index_.size()); }

 private:
  std::unordered_map<std::string, std::uint32_t> index_;
};

SimCall base_call(const domain::RecordedPoolCall& recorded, std::uint32_t caller) {
  SimCall call;
  call.start = recorded.started_at;
  call.caller = caller;
  call.answered_at = recorded.answered_at;
  call.ended_at = recorded.ended_at.value_or(recorded.answered_at.value_or(recorded.started_at));
  return call;
}

SimCall spam_call(const domain::RecordedPoolCall& recorded, std::uint32_t caller) {
  SimCall call = base_call(recorded, caller);
  call.kind = CallKind::spam;
  call.spam_to_pool = true;
  call.blocked = true;
  call.target = caller;  // any pool number; the replay takes it modulo the pool size
  return call;
}

}  // namespace

SimChannel sim_channel(std::string_view channel) {
  if (channel == "paid_social") return SimChannel::social;
  for (std::size_t i = 0; i < kSimChannels; ++i)
    if (to_string(static_cast<SimChannel>(i)) == channel) return static_cast<SimChannel>(i);
  return SimChannel::direct;
}

RecordedTraffic to_traffic(const domain::RecordedPoolTraffic& recorded, Timestamp since, int days, int hold_seconds) {
  RecordedTraffic out;
  Traffic& t = out.traffic;
  t.start = since;
  t.params.days = std::max(days, 1);
  t.params.hold_seconds = hold_seconds;
  t.params.sessions_per_day = static_cast<double>(recorded.visits.size()) / t.params.days;
  Indexer visitors, callers;
  std::unordered_map<std::uint32_t, bool> seen_visitor;
  const Timestamp end = t.end();
  for (const auto& visit : recorded.visits) {
    if (visit.started_at < since || visit.started_at >= end) continue;  // not the window's (a caller's mistake)
    SimSession s;
    s.start = visit.started_at;
    s.end = std::max(visit.last_seen_at, visit.started_at);
    s.visitor = visitors(visit.visitor_id);
    s.returning = !seen_visitor.try_emplace(s.visitor, true).second;
    s.channel = sim_channel(visit.channel);
    s.bot = visit.user_agent && domain::is_automated_user_agent(*visit.user_agent);
    s.bounce = s.end - s.start < std::chrono::seconds(10);
    if (!s.bot) ++out.human_sessions;
    const auto index = static_cast<std::int32_t>(t.sessions.size());
    t.sessions.push_back(s);
    std::vector<std::uint32_t> earlier_callers;
    for (const auto& rc : visit.calls) {
      const std::uint32_t caller = callers(rc.caller);
      if (rc.spam) {
        t.calls.push_back(spam_call(rc, caller));
        continue;
      }
      SimCall call = base_call(rc, caller);
      call.session = index;
      const bool again = std::find(earlier_callers.begin(), earlier_callers.end(), caller) != earlier_callers.end();
      call.kind = again ? CallKind::repeat : CallKind::web;
      if (!again) earlier_callers.push_back(caller);
      if (rc.tel_click && *rc.tel_click >= s.start && *rc.tel_click <= call.start) call.tel_click = rc.tel_click;
      t.calls.push_back(call);
    }
  }
  for (const auto& rc : recorded.unmatched) {
    if (rc.spam) {
      t.calls.push_back(spam_call(rc, callers(rc.caller)));
    } else {
      ++out.excluded_calls;
    }
  }
  // Calls outside the window cannot be replayed (the run covers [start, end)).
  const auto outside = std::remove_if(t.calls.begin(), t.calls.end(),
                                      [&](const SimCall& c) { return c.start < since || c.start >= end; });
  out.excluded_calls += static_cast<std::size_t>(t.calls.end() - outside);
  t.calls.erase(outside, t.calls.end());
  std::stable_sort(t.calls.begin(), t.calls.end(), [](const SimCall& a, const SimCall& b) { return a.start < b.start; });
  t.visitors = visitors.size();
  out.calls = t.calls.size();
  return out;
}

}  // namespace callsign::sim
