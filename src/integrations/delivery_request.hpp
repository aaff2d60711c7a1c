#pragma once
// The HTTP request of one delivery: a signed webhook POST, or a GA4 Measurement Protocol hit.
#include <string>

#include "common/time.hpp"
#include "domain/outbound.hpp"
#include "domain/project.hpp"
#include "integrations/http_client.hpp"

namespace callsign::integrations {

// The webhook body of API.md: {"id": event id, "type", "created_at", "data": the call or deal object}. The same
// bytes for every delivery and retry of the event.
std::string webhook_body(const domain::OutboundEvent& event);

// POST to the webhook's URL with Content-Type, Callsign-Signature (signed at `now`), Callsign-Delivery (the
// delivery id, stable across retries: receivers de-duplicate on it) and Callsign-Event.
HttpPost webhook_request(const domain::Delivery& delivery, const domain::WebhookSubscription& webhook, Timestamp now);

// POST to the project's GA4 collect URL with ga4_payload() of the delivery's call. The delivery must carry `ga4`.
HttpPost ga4_request(const domain::Delivery& delivery, const domain::Ga4Settings& settings, Timestamp now);

}  // namespace callsign::integrations
