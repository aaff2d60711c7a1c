#include "domain/outbound.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace callsign::domain {
namespace {

constexpr std::array<std::pair<EventType, std::string_view>, 4> kEventNames{{
    {EventType::call_started, "call.started"},
    {EventType::call_completed, "call.completed"},
    {EventType::call_updated, "call.updated"},
    {EventType::deal_updated, "deal.updated"},
}};

constexpr std::array<std::pair<DeliveryStatus, std::string_view>, 3> kStatusNames{{
    {DeliveryStatus::pending, "pending"},
    {DeliveryStatus::delivered, "delivered"},
    {DeliveryStatus::dead, "dead"},
}};

template <class E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& names, E value) {
  for (const auto& [e, name] : names)
    if (e == value) return name;
  return "";
}

template <class E, std::size_t N>
std::optional<E> value_of(const std::array<std::pair<E, std::string_view>, N>& names, std::string_view name) {
  for (const auto& [e, n] : names)
    if (n == name) return e;
  return std::nullopt;
}

bool same_but_updated_at(Call a, const Call& b) {
  a.updated_at = b.updated_at;
  return a.id == b.id && a.project_id == b.project_id && a.external_id == b.external_id &&
         a.tracking_number == b.tracking_number && a.caller == b.caller && a.caller_region == b.caller_region &&
         a.caller_line_type == b.caller_line_type && a.started_at == b.started_at && a.answered_at == b.answered_at &&
         a.ended_at == b.ended_at && a.status == b.status && a.operator_name == b.operator_name &&
         a.operator_id == b.operator_id && a.recording_url == b.recording_url && a.attribution == b.attribution &&
         a.flags == b.flags && a.tags == b.tags && a.created_at == b.created_at;
}

}  // namespace

std::string_view to_string(EventType type) { return name_of(kEventNames, type); }
std::optional<EventType> event_type_from_string(std::string_view name) { return value_of(kEventNames, name); }
std::string_view to_string(DeliveryStatus status) { return name_of(kStatusNames, status); }
std::optional<DeliveryStatus> delivery_status_from_string(std::string_view name) {
  return value_of(kStatusNames, name);
}

bool WebhookSubscription::subscribes(EventType type) const {
  return std::find(events.begin(), events.end(), type) != events.end();
}

std::vector<EventType> call_event_types(const std::optional<Call>& before, const Call& after) {
  if (!before) return {after.ended_at ? EventType::call_completed : EventType::call_started};
  if (same_but_updated_at(*before, after)) return {};
  if (!before->ended_at && after.ended_at) return {EventType::call_completed};
  return {EventType::call_updated};
}

bool deal_changed(const std::optional<Deal>& before, const Deal& after) {
  if (!before) return true;
  Deal a = *before;
  a.updated_at = after.updated_at;
  return !(a == after);
}

}  // namespace callsign::domain
