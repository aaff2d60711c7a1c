// Operators, operator groups and routing plans (issue 4 "Routing"; docs/api/openapi.yaml, tag routing).
// The three resources have the same five endpoints; each is described once by a Kind below and served by the
// templates, so they cannot drift apart in auth, read-only fields, atomicity or errors.
#include "api/encoders.hpp"
#include "api/error_mapping.hpp"
#include "api/handlers.hpp"
#include "api/json_body.hpp"
#include "api/routing_fields.hpp"
#include "common/crypto.hpp"

namespace callsign::api {
namespace {

using nlohmann::json;

struct OperatorKind {
  using Record = domain::OperatorRecord;
  static constexpr const char* id_prefix = "op";
  static constexpr const char* path_param = "operator_id";
  static constexpr const char* list_key = "operators";
  static constexpr const char* noun = "operator";

  static Result<void> apply(Record& r, const json& body, const domain::Project& project, bool creating) {
    return apply_operator_fields(r, body, project.settings.country, creating);
  }
  static Result<void> check_references(domain::Repositories&, const Record&) { return {}; }
  static Result<void> check_unused(domain::Repositories& repos, const std::string& project_id, const std::string& id) {
    return check_operator_unused(repos, project_id, id);
  }
  static Result<void> insert(domain::Repositories& repos, const Record& r) { return repos.routing().insert_operator(r); }
  static Result<void> update(domain::Repositories& repos, const Record& r) { return repos.routing().update_operator(r); }
  static Result<bool> remove(domain::Repositories& repos, const std::string& project_id, const std::string& id) {
    return repos.routing().remove_operator(project_id, id);
  }
  static Result<std::optional<Record>> find(domain::Repositories& repos, const std::string& project_id,
                                            const std::string& id) {
    return repos.routing().find_operator(project_id, id);
  }
  static Result<std::vector<Record>> list(domain::Repositories& repos, const std::string& project_id) {
    return repos.routing().list_operators(project_id);
  }
  static json encode(const Record& r) { return encode_operator(r); }
};

struct GroupKind {
  using Record = domain::OperatorGroup;
  static constexpr const char* id_prefix = "grp";
  static constexpr const char* path_param = "group_id";
  static constexpr const char* list_key = "operator_groups";
  static constexpr const char* noun = "operator group";

  static Result<void> apply(Record& r, const json& body, const domain::Project&, bool creating) {
    return apply_group_fields(r, body, creating);
  }
  static Result<void> check_references(domain::Repositories& repos, const Record& r) {
    return check_group_operators(repos, r);
  }
  static Result<void> check_unused(domain::Repositories& repos, const std::string& project_id, const std::string& id) {
    return check_group_unused(repos, project_id, id);
  }
  static Result<void> insert(domain::Repositories& repos, const Record& r) { return repos.routing().insert_group(r); }
  static Result<void> update(domain::Repositories& repos, const Record& r) { return repos.routing().update_group(r); }
  static Result<bool> remove(domain::Repositories& repos, const std::string& project_id, const std::string& id) {
    return repos.routing().remove_group(project_id, id);
  }
  static Result<std::optional<Record>> find(domain::Repositories& repos, const std::string& project_id,
                                            const std::string& id) {
    return repos.routing().find_group(project_id, id);
  }
  static Result<std::vector<Record>> list(domain::Repositories& repos, const std::string& project_id) {
    return repos.routing().list_groups(project_id);
  }
  static json encode(const Record& r) { return encode_operator_group(r); }
};

struct PlanKind {
  using Record = domain::RoutingPlanRecord;
  static constexpr const char* id_prefix = "plan";
  static constexpr const char* path_param = "plan_id";
  static constexpr const char* list_key = "routing_plans";
  static constexpr const char* noun = "routing plan";

  static Result<void> apply(Record& r, const json& body, const domain::Project& project, bool creating) {
    return apply_plan_fields(r, body, project.settings.country, creating);
  }
  static Result<void> check_references(domain::Repositories& repos, const Record& r) {
    return check_plan_members(repos, r);
  }
  static Result<void> check_unused(domain::Repositories& repos, const std::string& project_id, const std::string& id) {
    return check_plan_unused(repos, project_id, id);
  }
  static Result<void> insert(domain::Repositories& repos, const Record& r) { return repos.routing().insert_plan(r); }
  static Result<void> update(domain::Repositories& repos, const Record& r) { return repos.routing().update_plan(r); }
  static Result<bool> remove(domain::Repositories& repos, const std::string& project_id, const std::string& id) {
    return repos.routing().remove_plan(project_id, id);
  }
  static Result<std::optional<Record>> find(domain::Repositories& repos, const std::string& project_id,
                                            const std::string& id) {
    return repos.routing().find_plan(project_id, id);
  }
  static Result<std::vector<Record>> list(domain::Repositories& repos, const std::string& project_id) {
    return repos.routing().list_plans(project_id);
  }
  static json encode(const Record& r) { return encode_routing_plan(r); }
};

template <class Kind>
Error not_found(const std::string& id) {
  return Error::not_found(std::string("no ") + Kind::noun + " " + id);
}

// The body is checked against the project's operators and groups in the same transaction that writes it, so a
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

}  // namespace

Awaitable create_operator(Api& api, http::RequestContext& ctx) { return create<OperatorKind>(api, ctx); }
Awaitable list_operators(Api& api, http::RequestContext& ctx) { return list<OperatorKind>(api, ctx); }
Awaitable get_operator(Api& api, http::RequestContext& ctx) { return get<OperatorKind>(api, ctx); }
Awaitable patch_operator(Api& api, http::RequestContext& ctx) { return patch<OperatorKind>(api, ctx); }
Awaitable delete_operator(Api& api, http::RequestContext& ctx) { return remove<OperatorKind>(api, ctx); }

Awaitable create_operator_group(Api& api, http::RequestContext& ctx) { return create<GroupKind>(api, ctx); }
Awaitable list_operator_groups(Api& api, http::RequestContext& ctx) { return list<GroupKind>(api, ctx); }
Awaitable get_operator_group(Api& api, http::RequestContext& ctx) { return get<GroupKind>(api, ctx); }
Awaitable patch_operator_group(Api& api, http::RequestContext& ctx) { return patch<GroupKind>(api, ctx); }
Awaitable delete_operator_group(Api& api, http::RequestContext& ctx) { return remove<GroupKind>(api, ctx); }

Awaitable create_routing_plan(Api& api, http::RequestContext& ctx) { return create<PlanKind>(api, ctx); }
Awaitable list_routing_plans(Api& api, http::RequestContext& ctx) { return list<PlanKind>(api, ctx); }
Awaitable get_routing_plan(Api& api, http::RequestContext& ctx) { return get<PlanKind>(api, ctx); }
Awaitable patch_routing_plan(Api& api, http::RequestContext& ctx) { return patch<PlanKind>(api, ctx); }
Awaitable delete_routing_plan(Api& api, http::RequestContext& ctx) { return remove<PlanKind>(api, ctx); }

}  // namespace callsign::api
