#pragma once
// A pool of tracking numbers for dynamic number insertion (API.md "Tracking numbers and pools").
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/time.hpp"
#include "domain/pool_allocator.hpp"

namespace callsign::domain {

std::string_view to_string(WhenExhausted);                              // "reuse_oldest", "default_number"
std::optional<WhenExhausted> when_exhausted_from_string(std::string_view);

struct Pool {
  std::string id;  // "pool_…"
  std::string project_id;
  std::string name;
  std::optional<int> hold_seconds;  // absent: the project's session_hold_seconds
  WhenExhausted when_exhausted = WhenExhausted::reuse_oldest;
  std::vector<std::string> replace;  // the site's own numbers (E.164) this pool's numbers stand in for
  std::optional<std::string> routing_plan_id;  // the plan of its numbers that have none of their own
  Timestamp created_at{};
  friend bool operator==(const Pool&, const Pool&) = default;
};

}  // namespace callsign::domain
