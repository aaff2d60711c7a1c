#pragma once
// What the pool sizing advisor needs of a pool's recorded traffic (docs/pool-advisor.md): the project's visits
// over a window, whether each got one of the pool's numbers, and the calls made to the pool's numbers with
// who the recorder attributed them to. The recorded attribution is the advisor's ground truth.
#include <optional>
#include <string>
#include <vector>

#include "common/time.hpp"
#include "domain/call.hpp"

namespace callsign::domain {

// A call to one of the pool's numbers as recorded.
struct RecordedPoolCall {
  Timestamp started_at{};
  std::optional<Timestamp> answered_at;
  std::optional<Timestamp> ended_at;
  std::string caller;                 // E.164 (or the withheld-caller marker)
  AttributionMethod method = AttributionMethod::none;
  std::optional<Timestamp> tel_click; // the attributed session's latest tel: tap at or before the call
  bool spam = false;                  // the caller is on the project's blocklist
  friend bool operator==(const RecordedPoolCall&, const RecordedPoolCall&) = default;
};

// One session of the project, with the calls to the pool attributed to it.
struct RecordedVisit {
  std::string session_id;
  std::string visitor_id;
  Timestamp started_at{};
  Timestamp last_seen_at{};
  std::string channel;                    // domain::TrafficChannel name ("paid_search", …)
  std::optional<std::string> user_agent;
  bool got_number = false;                // it held one of the pool's numbers
  std::vector<RecordedPoolCall> calls;        // oldest first
  friend bool operator==(const RecordedVisit&, const RecordedVisit&) = default;
};

struct RecordedPoolTraffic {
  std::vector<RecordedVisit> visits;       // sessions started in the window, oldest first
  // Calls to the pool in the window that name no visit of the window: unattributed (method none) or attributed to
  // a session started before the window. Spam calls among them are kept (their truth is "no visit").
  std::vector<RecordedPoolCall> unmatched;
};

}  // namespace callsign::domain
