#include "api/encoders.hpp"
#include "api/error_mapping.hpp"
#include "api/handlers.hpp"
#include "api/json_body.hpp"
#include "common/crypto.hpp"
#include "domain/settings_codec.hpp"

namespace callsign::api {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxNameLength = 200;

std::string new_api_key() { return "cs_" + random_token(25); }
std::string new_public_key() { return "pk_" + random_token(15); }

Result<std::string> decode_name(const json& body) {
  auto name = required_string(body, "name");
  if (!name) return name;
  if (name->empty() || name->size() > kMaxNameLength)
    return fail(Error::invalid("name", "name must be 1 to 200 characters"));
  return name;
}

// Fields a client may send back exactly as it read them (a GET body re-sent as a PATCH); changing one is refused.
Result<void> check_read_only_fields(const domain::Project& project, const json& body) {
  const json current = encode_project(project);
  for (const char* field : {"id", "public_key", "created_at", "twilio_auth_token_set"}) {
    auto it = body.find(field);
    if (it != body.end() && *it != current[field])
      return fail(Error{ErrorKind::invalid, "read_only_field", std::string(field) + " cannot be changed", field});
  }
  return {};
}

// A project's body: name plus any settings. Unknown keys are refused.
Result<void> apply_project_body(domain::Project& project, const json& body, bool name_required) {
  if (auto r = reject_unknown_fields(body, {"name", "id", "public_key", "created_at", "twilio_auth_token_set"},
                                     domain::is_setting_key);
      !r)
    return r;
  if (auto r = check_read_only_fields(project, body); !r) return r;
  if (name_required || body.contains("name")) {
    auto name = decode_name(body);
    if (!name) return fail(name.error());
    project.name = *name;
  }
  return domain::apply_settings(project.settings, body);
}

}  // namespace

Awaitable create_project(Api& api, http::RequestContext& ctx) {
  auto who = api.auth.authenticate(ctx, api.store);
  if (!who) co_return error_to_response(who.error());
  if (!who->admin)
    co_return error_to_response({ErrorKind::forbidden, "forbidden", "only the admin token can create projects", {}});
  auto body = parse_json_object(ctx.request.body());
  if (!body) co_return error_to_response(body.error());

  domain::Project project;
  if (auto r = apply_project_body(project, *body, /*name_required=*/true); !r) co_return error_to_response(r.error());
  const std::string api_key = new_api_key();
  project.id = new_id("prj");
  project.api_key_hash = sha256_hex(api_key);
  project.public_key = new_public_key();
  project.created_at = api.clock.now();

  auto stored_pending = api.store.write<bool>([project](domain::Repositories& repos) -> Result<bool> {
    if (auto r = repos.projects().insert(project); !r) return fail(r.error());
    return true;
  });
  auto stored = co_await std::move(stored_pending);
  if (!stored) co_return error_to_response(stored.error());
  json out = encode_project(project);
  out["api_key"] = api_key;
  co_return http::Response::json(201, out.dump());
}

Awaitable list_projects(Api& api, http::RequestContext& ctx) {
  auto who = api.auth.authenticate(ctx, api.store);
  if (!who) co_return error_to_response(who.error());
  auto projects = api.store.read([](domain::Repositories& repos) { return repos.projects().list(); });
  if (!projects) co_return error_to_response(projects.error());
  json list = json::array();
  for (const auto& p : *projects)
    if (who->admin || p.id == who->project_id) list.push_back(encode_project(p));
  co_return http::Response::json(200, json{{"projects", std::move(list)}}.dump());
}

Awaitable get_project(Api& api, http::RequestContext& ctx) {
  auto project = api.authorized_project(ctx);
  if (!project) co_return error_to_response(project.error());
  co_return http::Response::json(200, encode_project(*project).dump());
}

Awaitable patch_project(Api& api, http::RequestContext& ctx) {
  auto project = api.authorized_project(ctx);
  if (!project) co_return error_to_response(project.error());
  auto body = parse_json_object(ctx.request.body());
  if (!body) co_return error_to_response(body.error());
  auto patch = std::move(*body);
  auto id = project->id;
  // Applied inside the write so two concurrent PATCHes of different settings both land.
  auto updated_pending = api.store.write<domain::Project>(
      [id, patch](domain::Repositories& repos) -> Result<domain::Project> {
        auto current = repos.projects().find(id);
        if (!current) return fail(current.error());
        if (!*current) return fail(Error::not_found("no project " + id));
        domain::Project next = **current;
        if (auto r = apply_project_body(next, patch, /*name_required=*/false); !r) return fail(r.error());
        if (auto r = repos.projects().update(next); !r) return fail(r.error());
        return next;
      });
  auto updated = co_await std::move(updated_pending);
  api.auth.projects().forget(id);
  api.pools.forget(id);  // session_hold_seconds is the hold of pools without their own
  if (!updated) co_return error_to_response(updated.error());
  co_return http::Response::json(200, encode_project(*updated).dump());
}

Awaitable rotate_api_key(Api& api, http::RequestContext& ctx) {
  auto project = api.authorized_project(ctx);
  if (!project) co_return error_to_response(project.error());
  const std::string api_key = new_api_key();
  auto id = project->id;
  auto hash = sha256_hex(api_key);
  auto updated_pending = api.store.write<bool>([id, hash](domain::Repositories& repos) -> Result<bool> {
    auto current = repos.projects().find(id);
    if (!current) return fail(current.error());
    if (!*current) return fail(Error::not_found("no project " + id));
    (*current)->api_key_hash = hash;
    if (auto r = repos.projects().update(**current); !r) return fail(r.error());
    return true;
  });
  auto updated = co_await std::move(updated_pending);
  api.auth.projects().forget(id);  // the old key stops working now, not when the cache would expire
  if (!updated) co_return error_to_response(updated.error());
  co_return http::Response::json(200, json{{"api_key", api_key}}.dump());
}

}  // namespace callsign::api
