#pragma once
#include <optional>
#include <string>

#include "common/time.hpp"

namespace callsign::domain {

enum class NumberKind { static_number, pool };

// A phone number the business advertises; calls to it are attributed by its kind.
struct TrackingNumber {
  std::string id;          // "num_…"
  std::string project_id;
  std::string number;      // E.164; unique across all projects
  NumberKind kind = NumberKind::static_number;
  std::optional<std::string> pool_id;  // only for kind == pool
  std::string channel = "offline";     // static numbers carry their channel
  std::optional<std::string> source, medium, campaign, label;
  std::optional<std::string> forward_to;  // E.164 or SIP URI
  // The routing plan calls to it follow ("plan_…"); absent: a pool number follows its pool's plan.
  std::optional<std::string> routing_plan_id;
  Timestamp created_at{};
};

}  // namespace callsign::domain
