#pragma once
// Outbound events (API.md "Outbound"): what a CRM or Google Analytics is told, and the durable outbox that
// carries it. An event is written in the same unit of work as the change that causes it, with one delivery per
// destination (a webhook subscription, or the project's GA4 stream); a worker sends deliveries at least once.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/time.hpp"
#include "domain/call.hpp"
#include "domain/cost_deal.hpp"

namespace callsign::domain {

enum class EventType { call_started, call_completed, call_updated, deal_updated };
std::string_view to_string(EventType);  // "call.started", "call.completed", "call.updated", "deal.updated"
std::optional<EventType> event_type_from_string(std::string_view);

struct WebhookSubscription {
  std::string id;  // "whk_…"
  std::string project_id;
  std::string url;
  std::vector<EventType> events;  // never empty
  std::string secret;             // HMAC-SHA256 key of Callsign-Signature (generated when not given)
  bool active = true;
  Timestamp created_at{};
  bool subscribes(EventType type) const;
  friend bool operator==(const WebhookSubscription&, const WebhookSubscription&) = default;
};

// An event as the outbox keeps it. `data` is the JSON (API shape) of the call or deal as the change left it, so
// every delivery of the event, and every retry, sends the same body.
struct OutboundEvent {
  std::string id;  // "evt_…"
  std::string project_id;
  EventType type = EventType::call_updated;
  std::string subject_id;  // the call's or deal's id: deliveries of one subject go out in order
  Timestamp created_at{};
  std::string data;
};

// What a GA4 delivery needs beyond the call: the visitor's Google Analytics ids, read when the call completed.
struct Ga4Visitor {
  std::string client_id;                  // the _ga cookie's client id
  std::optional<std::string> session_id;  // GA4's own session id, when the snippet saw it
  friend bool operator==(const Ga4Visitor&, const Ga4Visitor&) = default;
};

inline constexpr std::string_view kGa4Destination = "ga4";

enum class DeliveryStatus { pending, delivered, dead };
std::string_view to_string(DeliveryStatus);  // "pending", "delivered", "dead"
std::optional<DeliveryStatus> delivery_status_from_string(std::string_view);

// One event on its way to one destination.
struct Delivery {
  std::string id;  // "dlv_…"; stable across retries (the Callsign-Delivery header)
  std::string project_id;
  std::string destination;  // a webhook id, or kGa4Destination
  OutboundEvent event;
  std::optional<Ga4Visitor> ga4;  // GA4 deliveries only
  DeliveryStatus status = DeliveryStatus::pending;
  int attempts = 0;
  Timestamp retry_since{};  // start of the retry window (creation, or the last manual redelivery)
  Timestamp next_attempt_at{};
  std::optional<Timestamp> last_attempt_at, delivered_at;
  std::optional<int> last_status;  // the receiver's HTTP status at the last attempt
  std::optional<std::string> last_error;
};

// The result of one attempt, as the worker records it.
struct DeliveryAttempt {
  std::string delivery_id;
  Timestamp at{};
  bool delivered = false;
  std::optional<int> http_status;
  std::string error;                   // empty when delivered
  std::optional<Timestamp> retry_at;   // when to try again; nullopt and not delivered: dead-lettered
};

// Which events a change of a call causes. `before` is the stored call (nullopt: the call is new). Nothing when
// nothing but updated_at differs (a duplicate webhook, an identical re-import). A new call is call.started, or
// call.completed when it arrives finished; a call that gains ended_at is call.completed; any other change —
// status, classification, attribution, a recording — is call.updated.
std::vector<EventType> call_event_types(const std::optional<Call>& before, const Call& after);

// deal.updated when the deal is new or anything but updated_at changed.
bool deal_changed(const std::optional<Deal>& before, const Deal& after);

}  // namespace callsign::domain
