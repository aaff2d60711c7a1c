#pragma once
// A pool's recorded traffic as simulator traffic (docs/pool-advisor.md), so that it can be replayed through the
// real allocator and attribution at other pool sizes.
//
// Ground truth is what the recorder attributed: a call to the pool attributed to a session of the window was made
// by that session's visitor. What it keeps and drops:
//   * every session of the window, at its real start, ending at its last ping (or event); automated user agents
//     stay bots (they never get a number);
//   * a call attributed to a session of the window becomes a web call of that session (a repeat when the same
//     caller called that session before), with its real start, answer and end and the session's latest tel: tap;
//   * a call the project's blocklist marks as spam becomes a robocall to the pool (truth: no visit);
//   * a call the recorder left unattributed, or attributed to a session started before the window, is EXCLUDED
//     and counted: its truth is unknown, and counting it either way would bias the curve.
// Channels are mapped to the simulator's: paid_social counts as social, and a channel the simulator does not
// know (none should reach a pool) as direct.
#include <cstddef>

#include "domain/recorded_visit.hpp"
#include "sim/traffic.hpp"

namespace callsign::sim {

struct RecordedTraffic {
  Traffic traffic;                 // start = the window's start; params.days = whole days covering it
  std::size_t human_sessions = 0;  // sessions that are not bots
  std::size_t calls = 0;           // calls kept (web, repeat and spam)
  std::size_t excluded_calls = 0;  // calls with unknown truth, left out
};

// `since` is the window's start and `days` its length (≥ 1); `hold_seconds` the pool's effective hold.
RecordedTraffic to_traffic(const domain::RecordedPoolTraffic& recorded, Timestamp since, int days, int hold_seconds);

// The simulator's channel for a recorded channel name (see above).
SimChannel sim_channel(std::string_view channel);

}  // namespace callsign::sim
