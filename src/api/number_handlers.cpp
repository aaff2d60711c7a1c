#include "api/encoders.hpp"
#include "api/error_mapping.hpp"
#include "api/handlers.hpp"
#include "api/json_body.hpp"
#include "api/routing_fields.hpp"
#include "common/crypto.hpp"
#include "domain/phone.hpp"

namespace callsign::api {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxLabelLength = 200;

// Channel names are short snake_case words ("offline", "billboard", "radio_fm").
bool is_channel_name(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

// The descriptive fields a number may carry and change: channel, source, medium, campaign, label, forward_to.
Result<void> apply_descriptive_fields(domain::TrackingNumber& n, const json& body, const std::string& country) {
  if (body.contains("channel")) {
    auto channel = required_string(body, "channel");
    if (!channel) return fail(channel.error());
    if (!is_channel_name(*channel))
      return fail(Error::invalid("channel", "channel must be a short lowercase name such as \"billboard\" (a-z, 0-9, _)"));
    n.channel = *channel;
  }
  for (auto [field, target] : {std::pair{"source", &n.source}, std::pair{"medium", &n.medium},
                               std::pair{"campaign", &n.campaign}, std::pair{"label", &n.label}}) {
    if (!body.contains(field)) continue;
    auto value = optional_string(body, field);
    if (!value) return fail(value.error());
    if (*value && (*value)->size() > kMaxLabelLength)
      return fail(Error::invalid(field, std::string(field) + " must be at most 200 characters"));
    *target = *value;
  }
  if (body.contains("forward_to")) {
    auto value = optional_string(body, "forward_to");
    if (!value) return fail(value.error());
    if (!*value || (*value)->rfind("sip:", 0) == 0) {
      n.forward_to = *value;
    } else {
      auto phone = domain::normalize_phone(**value, country, "forward_to");
      if (!phone) return fail(phone.error());
      n.forward_to = phone->e164;
    }
  }
  return {};
}


Result<domain::TrackingNumber> decode_new_number(const json& body, const domain::Project& project) {
  if (auto r = reject_unknown_fields(body, {"number", "kind", "pool_id", "channel", "source", "medium", "campaign",
                                            "label", "forward_to", "routing_plan_id"});
      !r)
    return fail(r.error());
  domain::TrackingNumber n;
  auto kind = optional_string(body, "kind");
  if (!kind) return fail(kind.error());
  if (*kind && **kind != "static" && **kind != "pool")
    return fail(Error::invalid("kind", "kind must be \"static\" or \"pool\""));
  auto pool_id = optional_string(body, "pool_id");
  if (!pool_id) return fail(pool_id.error());
  if (*kind && **kind == "pool") {
    if (!*pool_id)
      return fail(Error{ErrorKind::invalid, "missing_field", "pool numbers need the pool_id of one of the project's pools",
                        "pool_id"});
    // A pool number's channel and source come from each visit, not from the number.
    for (auto field : {"channel", "source", "medium", "campaign"})
      if (body.contains(field))
        return fail(Error::invalid(field, std::string(field) + " is not for pool numbers: each visit brings its own"));
    n.kind = domain::NumberKind::pool;
    n.pool_id = *pool_id;
    n.channel = "dni";
  } else if (*pool_id) {
    return fail(Error::invalid("pool_id", "pool_id is only for numbers of kind \"pool\""));
  }
  auto text = required_string(body, "number");
  if (!text) return fail(text.error());
  auto phone = domain::normalize_phone(*text, project.settings.country, "number");
  if (!phone) return fail(phone.error());
  n.number = phone->e164;
  if (auto r = apply_descriptive_fields(n, body, project.settings.country); !r) return fail(r.error());
  if (auto r = apply_routing_plan_id(n.routing_plan_id, body); !r) return fail(r.error());
  return n;
}

}  // namespace

Awaitable create_number(Api& api, http::RequestContext& ctx) {
  auto project = api.authorized_project(ctx);
  if (!project) co_return error_to_response(project.error());
  auto body = parse_json_object(ctx.request.body());
  if (!body) co_return error_to_response(body.error());
  auto number = decode_new_number(*body, *project);
  if (!number) co_return error_to_response(number.error());
  number->id = new_id("num");
  number->project_id = project->id;
  number->created_at = api.clock.now();
  auto stored_pending = api.store.write<bool>([n = *number](domain::Repositories& repos) -> Result<bool> {
    if (n.pool_id) {
      auto pool = repos.pools().find(n.project_id, *n.pool_id);
      if (!pool) return fail(pool.error());
      if (!*pool) return fail(Error::invalid("pool_id", "no pool " + *n.pool_id + " in this project"));
    }
    if (auto r = check_routing_plan(repos, n.project_id, n.routing_plan_id); !r) return fail(r.error());
    if (auto r = repos.numbers().insert(n); !r) return fail(r.error());
    return true;
  });
  auto stored = co_await std::move(stored_pending);
  if (number->pool_id) api.pools.forget(project->id);
  if (!stored) co_return error_to_response(stored.error());
  co_return http::Response::json(201, encode_number(*number).dump());
}

Awaitable list_numbers(Api& api, http::RequestContext& ctx) {
  auto project = api.authorized_project(ctx);
  if (!project) co_return error_to_response(project.error());
  auto numbers = api.store.read([&](domain::Repositories& repos) { return repos.numbers().list(project->id); });
  if (!numbers) co_return error_to_response(numbers.error());
  json list = json::array();
  for (const auto& n : *numbers) list.push_back(encode_number(n));
  co_return http::Response::json(200, json{{"numbers", std::move(list)}}.dump());
}

Awaitable get_number(Api& api, http::RequestContext& ctx) {
  auto project = api.authorized_project(ctx);
  if (!project) co_return error_to_response(project.error());
  auto number_id = ctx.path_param("number_id").value_or("");
  auto number = api.store.read([&](domain::Repositories& repos) { return repos.numbers().find(project->id, number_id); });
  if (!number) co_return error_to_response(number.error());
  if (!*number) co_return error_to_response(Error::not_found("no number " + number_id));
  co_return http::Response::json(200, encode_number(**number).dump());
}

Awaitable patch_number(Api& api, http::RequestContext& ctx) {
  auto project = api.authorized_project(ctx);
  if (!project) co_return error_to_response(project.error());
  auto body = parse_json_object(ctx.request.body());
  if (!body) co_return error_to_response(body.error());
  for (auto fixed : {"number", "kind", "pool_id"})
    if (body->contains(fixed))
      co_return error_to_response(Error::invalid(fixed, std::string(fixed) + " cannot be changed; delete the number and add it again"));
  if (auto r = reject_unknown_fields(*body, {"channel", "source", "medium", "campaign", "label", "forward_to",
                                             "routing_plan_id"});
      !r)
    co_return error_to_response(r.error());

  auto updated_pending = api.store.write<domain::TrackingNumber>(
      [project = *project, number_id = ctx.path_param("number_id").value_or(""),
       patch = std::move(*body)](domain::Repositories& repos) -> Result<domain::TrackingNumber> {
        auto current = repos.numbers().find(project.id, number_id);
        if (!current) return fail(current.error());
        if (!*current) return fail(Error::not_found("no number " + number_id));
        domain::TrackingNumber next = **current;
        if (auto r = apply_descriptive_fields(next, patch, project.settings.country); !r) return fail(r.error());
        if (auto r = apply_routing_plan_id(next.routing_plan_id, patch); !r) return fail(r.error());
        if (patch.contains("routing_plan_id"))
          if (auto r = check_routing_plan(repos, project.id, next.routing_plan_id); !r) return fail(r.error());
        if (auto r = repos.numbers().update(next); !r) return fail(r.error());
        return next;
      });
  auto updated = co_await std::move(updated_pending);
  if (!updated) co_return error_to_response(updated.error());
  co_return http::Response::json(200, encode_number(*updated).dump());
}

Awaitable delete_number(Api& api, http::RequestContext& ctx) {
  auto project = api.authorized_project(ctx);
  if (!project) co_return error_to_response(project.error());
  auto removed_pending = api.store.write<bool>(
      [project_id = project->id, number_id = ctx.path_param("number_id").value_or("")](domain::Repositories& repos) {
        return repos.numbers().remove(project_id, number_id);
      });
  auto removed = co_await std::move(removed_pending);
  api.pools.forget(project->id);  // it may have been a pool number
  if (!removed) co_return error_to_response(removed.error());
  if (!*removed) co_return error_to_response(Error::not_found("no number " + ctx.path_param("number_id").value_or("")));
  co_return http::Response::no_content();
}

}  // namespace callsign::api
