#include "domain/call.hpp"

#include <array>
#include <chrono>

namespace callsign::domain {
namespace {
constexpr std::array<std::string_view, 6> kStatusNames{"answered", "no_answer", "busy", "failed", "abandoned", "voicemail"};
constexpr std::array<std::string_view, 4> kMethodNames{"static", "session", "caller_memory", "none"};

std::int64_t seconds_between(Timestamp from, Timestamp to) {
  return std::chrono::duration_cast<std::chrono::seconds>(to - from).count();
}
}  // namespace

std::string_view to_string(CallStatus s) { return kStatusNames[static_cast<std::size_t>(s)]; }

std::optional<CallStatus> call_status_from_string(std::string_view s) {
  for (std::size_t i = 0; i < kStatusNames.size(); ++i)
    if (kStatusNames[i] == s) return static_cast<CallStatus>(i);
  return std::nullopt;
}

std::string_view to_string(AttributionMethod m) { return kMethodNames[static_cast<std::size_t>(m)]; }

std::optional<std::int64_t> Call::wait_seconds() const {
  if (answered_at) return seconds_between(started_at, *answered_at);
  if (ended_at) return seconds_between(started_at, *ended_at);
  return std::nullopt;
}

std::optional<std::int64_t> Call::talk_seconds() const {
  if (!answered_at) return 0;
  if (!ended_at) return std::nullopt;
  return seconds_between(*answered_at, *ended_at);
}

}  // namespace callsign::domain
