#include "sim/accuracy.hpp"

namespace callsign::sim {

Accuracy measure(const Traffic& traffic, const RunResult& run) {
  Accuracy a;
  std::size_t right = 0, right_channel = 0, unattributed = 0, wrong = 0, wrong_channel = 0;
  for (std::size_t i = 0; i < traffic.calls.size(); ++i) {
    const SimCall& call = traffic.calls[i];
    const CallOutcome& out = run.outcomes[i];
    const bool from_visit = call.kind == CallKind::web || call.kind == CallKind::repeat;
    if (!from_visit && !(call.kind == CallKind::spam && out.dialled_pool)) continue;
    ++a.calls;
    const bool attributed = out.attributed_session >= 0;
    if (!from_visit) {
      if (attributed) {
        ++wrong;
        ++wrong_channel;
      } else {
        ++right;
        ++right_channel;
      }
      continue;
    }
    const auto truth_channel = static_cast<std::int32_t>(traffic.sessions[static_cast<std::size_t>(call.session)].channel);
    if (!attributed) {
      ++unattributed;
      continue;
    }
    if (out.attributed_session == call.session) {
      ++right;
    } else {
      ++wrong;
    }
    if (out.attributed_channel == truth_channel) {
      ++right_channel;
    } else {
      ++wrong_channel;
    }
  }
  if (a.calls == 0) return a;
  const double n = static_cast<double>(a.calls);
  a.call_level = static_cast<double>(right) / n;
  a.channel_level = static_cast<double>(right_channel) / n;
  a.unattributed = static_cast<double>(unattributed) / n;
  a.wrong = static_cast<double>(wrong) / n;
  a.wrong_channel = static_cast<double>(wrong_channel) / n;
  return a;
}

}  // namespace callsign::sim
