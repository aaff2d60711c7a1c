#include "integrations/delivery_request.hpp"

#include <nlohmann/json.hpp>

#include "integrations/ga4_payload.hpp"
#include "integrations/webhook_signature.hpp"

namespace callsign::integrations {

std::string webhook_body(const domain::OutboundEvent& event) {
  // `data` is spliced in as stored (it is the JSON the change produced), so the body never depends on a re-encoding.
  const nlohmann::json head{{"id", event.id},
                            {"type", std::string(domain::to_string(event.type))},
                            {"created_at", format_rfc3339(event.created_at)}};
  std::string body = head.dump();
  body.pop_back();  // the closing brace
  body += ",\"data\":";
  body += event.data;
  body += '}';
  return body;
}

HttpPost webhook_request(const domain::Delivery& delivery, const domain::WebhookSubscription& webhook, Timestamp now) {
  HttpPost post;
  post.url = webhook.url;
  post.body = webhook_body(delivery.event);
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  post.headers = {{"Content-Type", "application/json"},
                  {"Callsign-Signature", webhook_signature(webhook.secret, seconds, post.body)},
                  {"Callsign-Delivery", delivery.id},
                  {"Callsign-Event", std::string(domain::to_string(delivery.event.type))}};
  return post;
}

HttpPost ga4_request(const domain::Delivery& delivery, const domain::Ga4Settings& settings, Timestamp now) {
  HttpPost post;
  post.url = ga4_collect_url(settings);
  const auto call = nlohmann::json::parse(delivery.event.data, nullptr, false);
  post.body = ga4_payload(call, delivery.ga4.value_or(domain::Ga4Visitor{}), now).dump();
  post.headers = {{"Content-Type", "application/json"}};
  return post;
}

}  // namespace callsign::integrations
