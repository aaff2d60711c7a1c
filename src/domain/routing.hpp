#pragma once
// Call routing (DESIGN.md §1): which operators a call to a tracking number rings, in what order, and where it
// goes outside working hours. Pure: the caller supplies the time, who is busy, the round-robin position and
// the operator who last answered this caller; the decision says whom to dial and the next round-robin position.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/time.hpp"
#include "domain/project.hpp"

namespace callsign::domain {

struct Operator {
  std::string id;           // "op_…"
  std::string name;
  std::string destination;  // E.164 number or a "sip:" URI
  bool active = true;       // an inactive operator is never rung
  friend bool operator==(const Operator&, const Operator&) = default;
};

enum class RoutingStrategy {
  simultaneous,  // ring every available operator at once; the first to answer takes the call
  sequential,    // ring them one after another in the plan's order, each for ring_seconds
  round_robin,   // start with the next available operator after the one who got the previous call
  sticky,        // a repeat caller first rings the operator who answered them last, then the plan's order
};
std::string_view to_string(RoutingStrategy);  // "simultaneous", "sequential", "round_robin", "sticky"
std::optional<RoutingStrategy> routing_strategy_from_string(std::string_view);

// Where calls go when the schedule says closed (or nobody can be rung).
struct Fallback {
  enum class Kind { forward, voicemail };
  Kind kind = Kind::voicemail;
  std::string destination;  // for forward: E.164 or "sip:" URI
  friend bool operator==(const Fallback&, const Fallback&) = default;
};

struct RoutingPlan {
  RoutingStrategy strategy = RoutingStrategy::simultaneous;
  std::vector<std::string> operator_ids;  // the plan's order (groups are expanded by the caller)
  int ring_seconds = 20;                  // per operator in turn; the whole ring for simultaneous
  // Opening hours of this plan; absent: the project's working_hours and holidays decide.
  std::optional<WorkingHours> schedule;
  std::optional<Fallback> off_hours;  // absent: the plan rings at all hours
  std::optional<Fallback> no_answer;  // when nobody can be rung or nobody answers; absent: the call ends
};

struct RoutingContext {
  Timestamp now{};
  const ProjectSettings* settings = nullptr;  // timezone, holidays, working hours; required
  std::vector<std::string> busy_operator_ids;  // on a call now: skipped
  std::size_t round_robin_next = 0;            // the plan's position to try first (round_robin)
  std::optional<std::string> last_answered_by;  // the operator who last answered this caller (sticky)
};

struct DialTarget {
  std::string operator_id;
  std::string destination;
  friend bool operator==(const DialTarget&, const DialTarget&) = default;
};

struct RoutingDecision {
  enum class Kind {
    ring_together,  // dial every target at once for timeout_seconds
    ring_in_turn,   // dial the targets one after another, timeout_seconds each
    fallback,       // off hours or nobody available: `fallback` says where
    hang_up,        // nobody available and no fallback
  };
  Kind kind = Kind::hang_up;
  std::vector<DialTarget> targets;
  int timeout_seconds = 0;
  std::optional<Fallback> fallback;        // for `fallback`; for ring_*: where an unanswered call goes
  bool off_hours = false;                  // the schedule said closed
  std::size_t round_robin_next = 0;        // the position to store for the plan's next call
};

// Decides how to route one call. Operators named by the plan but absent from `operators` are skipped, as are
// inactive and busy ones.
RoutingDecision decide_routing(const RoutingPlan& plan, const std::vector<Operator>& operators,
                               const RoutingContext& context);

}  // namespace callsign::domain
