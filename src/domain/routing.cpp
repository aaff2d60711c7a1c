#include "domain/routing.hpp"

#include <algorithm>
#include <array>

#include "domain/call_classifier.hpp"

namespace callsign::domain {
namespace {

constexpr std::array<std::pair<RoutingStrategy, std::string_view>, 4> kNames{{
    {RoutingStrategy::simultaneous, "simultaneous"},
    {RoutingStrategy::sequential, "sequential"},
    {RoutingStrategy::round_robin, "round_robin"},
    {RoutingStrategy::sticky, "sticky"},
}};

// The plan's operators that can be rung now, in the plan's order, each with its position in the plan.
struct Available {
  std::size_t position;
  DialTarget target;
};

std::vector<Available> available_operators(const RoutingPlan& plan, const std::vector<Operator>& operators,
                                           const RoutingContext& context) {
  std::vector<Available> out;
  for (std::size_t i = 0; i < plan.operator_ids.size(); ++i) {
    const auto& id = plan.operator_ids[i];
    auto op = std::find_if(operators.begin(), operators.end(), [&](const Operator& o) { return o.id == id; });
    if (op == operators.end() || !op->active) continue;
    if (std::find(context.busy_operator_ids.begin(), context.busy_operator_ids.end(), id) !=
        context.busy_operator_ids.end())
      continue;
    if (std::any_of(out.begin(), out.end(), [&](const Available& a) { return a.target.operator_id == id; })) continue;
    out.push_back({i, {op->id, op->destination}});
  }
  return out;
}

bool closed(const RoutingPlan& plan, const RoutingContext& context) {
  if (!plan.off_hours) return false;
  if (!plan.schedule) return is_off_hours(*context.settings, context.now);
  ProjectSettings with_schedule = *context.settings;
  with_schedule.working_hours = plan.schedule;
  return is_off_hours(with_schedule, context.now);
}

// Moves the first available operator at or after plan position `from` (wrapping) to the front, keeping the
// rotation order behind it.
void rotate_to(std::vector<Available>& ring, std::size_t from) {
  auto first = std::find_if(ring.begin(), ring.end(), [&](const Available& a) { return a.position >= from; });
  std::rotate(ring.begin(), first == ring.end() ? ring.begin() : first, ring.end());
}

}  // namespace

std::string_view to_string(RoutingStrategy strategy) {
  for (const auto& [s, name] : kNames)
    if (s == strategy) return name;
  return "simultaneous";
}

std::optional<RoutingStrategy> routing_strategy_from_string(std::string_view text) {
  for (const auto& [s, name] : kNames)
    if (name == text) return s;
  return std::nullopt;
}

RoutingDecision decide_routing(const RoutingPlan& plan, const std::vector<Operator>& operators,
                               const RoutingContext& context) {
  RoutingDecision decision;
  decision.round_robin_next = context.round_robin_next;
  if (closed(plan, context)) {
    decision.kind = RoutingDecision::Kind::fallback;
    decision.fallback = plan.off_hours;
    decision.off_hours = true;
    return decision;
  }
  auto ring = available_operators(plan, operators, context);
  if (ring.empty()) {
    decision.kind = plan.no_answer ? RoutingDecision::Kind::fallback : RoutingDecision::Kind::hang_up;
    decision.fallback = plan.no_answer;
    return decision;
  }
  decision.kind = RoutingDecision::Kind::ring_in_turn;
  switch (plan.strategy) {
    case RoutingStrategy::simultaneous:
      decision.kind = RoutingDecision::Kind::ring_together;
      break;
    case RoutingStrategy::sequential:
      break;
    case RoutingStrategy::round_robin: {
      const std::size_t size = std::max<std::size_t>(plan.operator_ids.size(), 1);
      rotate_to(ring, context.round_robin_next % size);
      decision.round_robin_next = (ring.front().position + 1) % size;
      break;
    }
    case RoutingStrategy::sticky: {
      auto last = std::find_if(ring.begin(), ring.end(), [&](const Available& a) {
        return context.last_answered_by && a.target.operator_id == *context.last_answered_by;
      });
      if (last != ring.end()) std::rotate(ring.begin(), last, last + 1);
      break;
    }
  }
  for (auto& a : ring) decision.targets.push_back(std::move(a.target));
  decision.timeout_seconds = plan.ring_seconds;
  decision.fallback = plan.no_answer;
  return decision;
}

}  // namespace callsign::domain
