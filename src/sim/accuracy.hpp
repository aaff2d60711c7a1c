#pragma once
// Attribution accuracy of a run against the traffic's ground truth (docs/accuracy.md defines the figures).
//
// Measured calls: every call a website visit led to (first calls and repeats, whichever number they dialled —
// one dialled to the site's own number because the pool was exhausted is simply unattributed) and every
// robocall to a pool number (whose right answer is "no visit"). Calls to static numbers are always right
// and left out, so that the figures speak of the pool only.
#include <cstddef>

#include "sim/replay.hpp"
#include "sim/traffic.hpp"

namespace callsign::sim {

struct Accuracy {
  std::size_t calls = 0;        // measured calls
  double call_level = 0;        // attributed to the very session that led to it (robocalls: to none)
  double channel_level = 0;     // attributed to the right channel (robocalls: to none)
  double unattributed = 0;      // a visit's call left without a visit
  double wrong = 0;             // attributed to a session that did not lead to it (worse than unattributed)
  double wrong_channel = 0;     // … and to another channel
};

Accuracy measure(const Traffic& traffic, const RunResult& run);

}  // namespace callsign::sim
