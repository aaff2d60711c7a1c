// Webhook subscriptions (create, list, get, patch, delete), the delivery log with its dead letters, and manual
// redelivery (API.md "Outbound"; docs/integrations.md).
#include <charconv>

#include "api/error_mapping.hpp"
#include "api/handlers.hpp"
#include "api/json_body.hpp"
#include "api/resource_handlers.hpp"
#include "common/crypto.hpp"

namespace callsign::api {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxUrlLength = 2000;
constexpr std::size_t kDefaultDeliveryLimit = 100;
constexpr std::size_t kMaxDeliveryLimit = 1000;

Result<void> apply_webhook_fields(domain::WebhookSubscription& w, const json& body, bool creating) {
  if (auto r = reject_unknown_fields(body, {"url", "events", "secret", "active"}); !r) return r;
  if (creating || body.contains("url")) {
    auto url = required_string(body, "url");
    if (!url) return fail(url.error());
    if ((!url->starts_with("http://") && !url->starts_with("https://")) || url->size() > kMaxUrlLength)
      return fail(Error::invalid("url", "url must be an http:// or https:// URL of at most 2000 characters"));
    w.url = *url;
  }
  if (creating || body.contains("events")) {
    auto it = body.find("events");
    if (it == body.end()) return fail(Error{ErrorKind::invalid, "missing_field", "events is required", "events"});
    if (!it->is_array() || it->empty())
      return fail(Error::invalid("events", "events must be a non-empty array of event types"));
    w.events.clear();
    for (const auto& e : *it) {
      auto type = e.is_string() ? domain::event_type_from_string(e.get<std::string>()) : std::nullopt;
      if (!type)
        return fail(Error::invalid("events", "events may contain call.started, call.completed, call.updated and "
                                             "deal.updated"));
      if (!w.subscribes(*type)) w.events.push_back(*type);
    }
  }
  if (body.contains("secret")) {
    auto secret = required_string(body, "secret");
    if (!secret) return fail(secret.error());
    if (secret->size() < 16 || secret->size() > 200)
      return fail(Error::invalid("secret", "secret must be 16 to 200 characters"));
    w.secret = *secret;
  } else if (creating) {
    w.secret = "whsec_" + random_token(24);
  }
  if (body.contains("active")) {
    if (!body["active"].is_boolean()) return fail(Error::invalid("active", "active must be true or false"));
    w.active = body["active"].get<bool>();
  }
  return {};
}

json encode_webhook(const domain::WebhookSubscription& w) {
  json events = json::array();
  for (auto e : w.events) events.push_back(domain::to_string(e));
  return {{"id", w.id},           {"project_id", w.project_id}, {"url", w.url},
          {"events", events},     {"active", w.active},         {"created_at", format_rfc3339(w.created_at)}};
}

struct WebhookKind {
  using Record = domain::WebhookSubscription;
  static constexpr const char* id_prefix = "whk";
  static constexpr const char* path_param = "webhook_id";
  static constexpr const char* list_key = "webhooks";
  static constexpr const char* noun = "webhook";

  static Result<void> apply(Record& r, const json& body, const domain::Project&, bool creating) {
    return apply_webhook_fields(r, body, creating);
  }
  static Result<void> check_references(domain::Repositories&, const Record&) { return {}; }
  static Result<void> check_unused(domain::Repositories&, const std::string&, const std::string&) { return {}; }
  static Result<void> insert(domain::Repositories& repos, const Record& r) { return repos.outbox().insert_webhook(r); }
  static Result<void> update(domain::Repositories& repos, const Record& r) { return repos.outbox().update_webhook(r); }
  static Result<bool> remove(domain::Repositories& repos, const std::string& project_id, const std::string& id) {
    return repos.outbox().remove_webhook(project_id, id);
  }
  static Result<std::optional<Record>> find(domain::Repositories& repos, const std::string& project_id,
                                            const std::string& id) {
    return repos.outbox().find_webhook(project_id, id);
  }
  static Result<std::vector<Record>> list(domain::Repositories& repos, const std::string& project_id) {
    return repos.outbox().list_webhooks(project_id);
  }
  static json encode(const Record& r) { return encode_webhook(r); }
  // The secret is shown once, when the webhook is created (like a project's api_key).
  static json encode_created(const Record& r) {
    json out = encode_webhook(r);
    out["secret"] = r.secret;
    return out;
  }
};

json or_null_time(const std::optional<Timestamp>& t) { return t ? json(format_rfc3339(*t)) : json(nullptr); }

json encode_delivery(const domain::Delivery& d) {
  return {{"id", d.id},
          {"event_id", d.event.id},
          {"type", domain::to_string(d.event.type)},
          {"subject_id", d.event.subject_id},
          {"destination", d.destination == domain::kGa4Destination ? json("ga4") : json("webhook")},
          {"webhook_id", d.destination == domain::kGa4Destination ? json(nullptr) : json(d.destination)},
          {"status", domain::to_string(d.status)},
          {"attempts", d.attempts},
          {"created_at", format_rfc3339(d.event.created_at)},
          {"next_attempt_at", d.status == domain::DeliveryStatus::pending ? json(format_rfc3339(d.next_attempt_at))
                                                                           : json(nullptr)},
          {"last_attempt_at", or_null_time(d.last_attempt_at)},
          {"delivered_at", or_null_time(d.delivered_at)},
          {"last_status", d.last_status ? json(*d.last_status) : json(nullptr)},
          {"last_error", d.last_error ? json(*d.last_error) : json(nullptr)}};
}

Result<std::size_t> limit_param(const http::RequestContext& ctx) {
  auto text = ctx.query_param("limit");
  if (!text) return kDefaultDeliveryLimit;
  std::size_t n = 0;
  auto r = std::from_chars(text->data(), text->data() + text->size(), n);
  if (r.ec != std::errc{} || r.ptr != text->data() + text->size() || n < 1 || n > kMaxDeliveryLimit)
    return fail(Error::invalid("limit", "limit must be a whole number from 1 to 1000"));
  return n;
}

Error no_delivery(const std::string& id) { return Error::not_found("no delivery " + id); }

}  // namespace

Awaitable create_webhook(Api& api, http::RequestContext& ctx) { return resource::create<WebhookKind>(api, ctx); }
Awaitable list_webhooks(Api& api, http::RequestContext& ctx) { return resource::list<WebhookKind>(api, ctx); }
Awaitable get_webhook(Api& api, http::RequestContext& ctx) { return resource::get<WebhookKind>(api, ctx); }
Awaitable patch_webhook(Api& api, http::RequestContext& ctx) { return resource::patch<WebhookKind>(api, ctx); }
Awaitable delete_webhook(Api& api, http::RequestContext& ctx) { return resource::remove<WebhookKind>(api, ctx); }

Awaitable list_deliveries(Api& api, http::RequestContext& ctx) {
  auto project = api.authorized_project(ctx);
  if (!project) co_return error_to_response(project.error());
  std::optional<domain::DeliveryStatus> status;
  if (auto text = ctx.query_param("status")) {
    status = domain::delivery_status_from_string(*text);
    if (!status) co_return error_to_response(Error::invalid("status", "status must be pending, delivered or dead"));
  }
  auto limit = limit_param(ctx);
  if (!limit) co_return error_to_response(limit.error());
  auto deliveries = api.store.read(
      [&](domain::Repositories& repos) { return repos.outbox().list_deliveries(project->id, status, *limit); });
  if (!deliveries) co_return error_to_response(deliveries.error());
  json out = json::array();
  for (const auto& d : *deliveries) out.push_back(encode_delivery(d));
  co_return http::Response::json(200, json{{"deliveries", std::move(out)}}.dump());
}

Awaitable get_delivery(Api& api, http::RequestContext& ctx) {
  auto project = api.authorized_project(ctx);
  if (!project) co_return error_to_response(project.error());
  const auto id = ctx.path_param("delivery_id").value_or("");
  auto delivery =
      api.store.read([&](domain::Repositories& repos) { return repos.outbox().find_delivery(project->id, id); });
  if (!delivery) co_return error_to_response(delivery.error());
  if (!*delivery) co_return error_to_response(no_delivery(id));
  co_return http::Response::json(200, encode_delivery(**delivery).dump());
}

// Pending again, due now, with a fresh 24 h retry window: for a dead letter once the receiver is fixed, or to send a
// delivered event again.
Awaitable redeliver(Api& api, http::RequestContext& ctx) {
  auto project = api.authorized_project(ctx);
  if (!project) co_return error_to_response(project.error());
  auto redelivered_pending = api.store.write<domain::Delivery>(
      [project_id = project->id, id = ctx.path_param("delivery_id").value_or(""),
       now = api.clock.now()](domain::Repositories& repos) -> Result<domain::Delivery> {
        auto found = repos.outbox().redeliver(project_id, id, now);
        if (!found) return fail(found.error());
        if (!*found) return fail(no_delivery(id));
        auto delivery = repos.outbox().find_delivery(project_id, id);
        if (!delivery) return fail(delivery.error());
        if (!*delivery) return fail(no_delivery(id));
        return std::move(**delivery);
      });
  auto redelivered = co_await std::move(redelivered_pending);
  if (!redelivered) co_return error_to_response(redelivered.error());
  co_return http::Response::json(202, encode_delivery(*redelivered).dump());
}

}  // namespace callsign::api
