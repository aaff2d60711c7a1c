#pragma once
// The five endpoints of a project's resource (create, list, get, patch, delete), written once for every resource
// described by a Kind: Record, id_prefix, path_param, list_key, noun, and static apply, check_references,
// check_unused, insert, update, remove, find, list, encode (and optionally encode_created, the 201 body — for a
// secret shown only once). Used by routing_handlers.cpp (operators, groups, plans) and webhook_handlers.cpp.
#include <string>

#include "api/error_mapping.hpp"
#include "api/handlers.hpp"
#include "api/json_body.hpp"
#include "common/crypto.hpp"

namespace callsign::api::resource {

using nlohmann::json;

template <class Kind>
Error not_found(const std::string& id) {
  return Error::not_found(std::string("no ") + Kind::noun + " " + id);
}

// The body's references (Kind::check_references) are checked in the same transaction that writes it, so a
// concurrent delete cannot leave a dangling reference.
template <class Kind>
Awaitable create(Api& api, http::RequestContext& ctx) {
  auto project = api.authorized_project(ctx);
  if (!project) co_return error_to_response(project.error());
  auto body = parse_json_object(ctx.request.body());
  if (!body) co_return error_to_response(body.error());
  typename Kind::Record record;
  if (auto r = Kind::apply(record, *body, *project, /*creating=*/true); !r) co_return error_to_response(r.error());
  record.id = new_id(Kind::id_prefix);
  record.project_id = project->id;
  record.created_at = api.clock.now();
  auto stored_pending = api.store.write<bool>([record](domain::Repositories& repos) -> Result<bool> {
    if (auto r = Kind::check_references(repos, record); !r) return fail(r.error());
    if (auto r = Kind::insert(repos, record); !r) return fail(r.error());
    return true;
  });
  auto stored = co_await std::move(stored_pending);
  if (!stored) co_return error_to_response(stored.error());
  if constexpr (requires { Kind::encode_created(record); })
    co_return http::Response::json(201, Kind::encode_created(record).dump());
  else
    co_return http::Response::json(201, Kind::encode(record).dump());
}

template <class Kind>
Awaitable list(Api& api, http::RequestContext& ctx) {
  auto project = api.authorized_project(ctx);
  if (!project) co_return error_to_response(project.error());
  auto records = api.store.read([&](domain::Repositories& repos) { return Kind::list(repos, project->id); });
  if (!records) co_return error_to_response(records.error());
  json out = json::array();
  for (const auto& r : *records) out.push_back(Kind::encode(r));
  co_return http::Response::json(200, json{{Kind::list_key, std::move(out)}}.dump());
}

template <class Kind>
Awaitable get(Api& api, http::RequestContext& ctx) {
  auto project = api.authorized_project(ctx);
  if (!project) co_return error_to_response(project.error());
  const auto id = ctx.path_param(Kind::path_param).value_or("");
  auto record = api.store.read([&](domain::Repositories& repos) { return Kind::find(repos, project->id, id); });
  if (!record) co_return error_to_response(record.error());
  if (!*record) co_return error_to_response(not_found<Kind>(id));
  co_return http::Response::json(200, Kind::encode(**record).dump());
}

template <class Kind>
Awaitable patch(Api& api, http::RequestContext& ctx) {
  auto project = api.authorized_project(ctx);
  if (!project) co_return error_to_response(project.error());
  auto body = parse_json_object(ctx.request.body());
  if (!body) co_return error_to_response(body.error());
  for (auto fixed : {"id", "project_id", "created_at"})
    if (body->contains(fixed))
      co_return error_to_response(
          Error{ErrorKind::invalid, "read_only_field", std::string(fixed) + " cannot be changed", fixed});
  using Record = typename Kind::Record;
  auto updated_pending = api.store.write<Record>(
      [project = *project, id = ctx.path_param(Kind::path_param).value_or(""),
       patch = std::move(*body)](domain::Repositories& repos) -> Result<Record> {
        auto current = Kind::find(repos, project.id, id);
        if (!current) return fail(current.error());
        if (!*current) return fail(not_found<Kind>(id));
        Record next = **current;
        if (auto r = Kind::apply(next, patch, project, /*creating=*/false); !r) return fail(r.error());
        if (auto r = Kind::check_references(repos, next); !r) return fail(r.error());
        if (auto r = Kind::update(repos, next); !r) return fail(r.error());
        return next;
      });
  auto updated = co_await std::move(updated_pending);
  if (!updated) co_return error_to_response(updated.error());
  co_return http::Response::json(200, Kind::encode(*updated).dump());
}

template <class Kind>
Awaitable remove(Api& api, http::RequestContext& ctx) {
  auto project = api.authorized_project(ctx);
  if (!project) co_return error_to_response(project.error());
  auto removed_pending = api.store.write<bool>(
      [project_id = project->id,
       id = ctx.path_param(Kind::path_param).value_or("")](domain::Repositories& repos) -> Result<bool> {
        auto current = Kind::find(repos, project_id, id);
        if (!current) return fail(current.error());
        if (!*current) return fail(not_found<Kind>(id));
        if (auto r = Kind::check_unused(repos, project_id, id); !r) return fail(r.error());
        return Kind::remove(repos, project_id, id);
      });
  auto removed = co_await std::move(removed_pending);
  if (!removed) co_return error_to_response(removed.error());
  co_return http::Response::no_content();
}

}  // namespace callsign::api::resource
