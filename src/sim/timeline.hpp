#pragma once
// Simulated traffic as one time-ordered list of what happens: visits arrive, ping, leave, tap the tel: link,
// and calls start. Shared by every replay of the traffic (the accuracy runs in replay.cpp, the demo's backfill),
// so they all walk the same events in the same order.
#include <chrono>
#include <cstdint>
#include <vector>

#include "common/time.hpp"
#include "sim/traffic.hpp"

namespace callsign::sim {

// At the same instant pings and departures come before new sessions (a number freed at t may be leased at t),
// and calls last.
enum class Step : std::uint8_t { ping, leave, arrive, tel_click, call };

struct TimelineEvent {
  Timestamp at;
  Step step;
  std::uint32_t index;  // into Traffic::sessions (ping, leave, arrive, tel_click) or Traffic::calls (call)
  bool operator<(const TimelineEvent& o) const { return at != o.at ? at < o.at : step < o.step; }
};

// How often the snippet pings for a hold (mirrors the session handler: a third of the hold, 5–60 s).
std::chrono::seconds ping_interval(std::chrono::milliseconds hold);

// Every event of `traffic`, sorted. Bots arrive but neither ping nor leave (they never hold a number); a
// session pings every ping_interval(hold) while it lasts.
std::vector<TimelineEvent> timeline(const Traffic& traffic, std::chrono::milliseconds hold);

}  // namespace callsign::sim
