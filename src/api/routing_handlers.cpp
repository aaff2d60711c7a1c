// Operators, operator groups and routing plans (issue 4 "Routing"; docs/api/openapi.yaml, tag routing).
// The three resources have the same five endpoints; each is described once by a Kind below and served by the
// templates of api/resource_handlers.hpp, so they cannot drift apart in auth, read-only fields, atomicity or errors.
#include "api/encoders.hpp"
#include "api/error_mapping.hpp"
#include "api/handlers.hpp"
#include "api/json_body.hpp"
#include "api/resource_handlers.hpp"
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

}  // namespace

Awaitable create_operator(Api& api, http::RequestContext& ctx) { return resource::create<OperatorKind>(api, ctx); }
Awaitable list_operators(Api& api, http::RequestContext& ctx) { return resource::list<OperatorKind>(api, ctx); }
Awaitable get_operator(Api& api, http::RequestContext& ctx) { return resource::get<OperatorKind>(api, ctx); }
Awaitable patch_operator(Api& api, http::RequestContext& ctx) { return resource::patch<OperatorKind>(api, ctx); }
Awaitable delete_operator(Api& api, http::RequestContext& ctx) { return resource::remove<OperatorKind>(api, ctx); }

Awaitable create_operator_group(Api& api, http::RequestContext& ctx) { return resource::create<GroupKind>(api, ctx); }
Awaitable list_operator_groups(Api& api, http::RequestContext& ctx) { return resource::list<GroupKind>(api, ctx); }
Awaitable get_operator_group(Api& api, http::RequestContext& ctx) { return resource::get<GroupKind>(api, ctx); }
Awaitable patch_operator_group(Api& api, http::RequestContext& ctx) { return resource::patch<GroupKind>(api, ctx); }
Awaitable delete_operator_group(Api& api, http::RequestContext& ctx) { return resource::remove<GroupKind>(api, ctx); }

Awaitable create_routing_plan(Api& api, http::RequestContext& ctx) { return resource::create<PlanKind>(api, ctx); }
Awaitable list_routing_plans(Api& api, http::RequestContext& ctx) { return resource::list<PlanKind>(api, ctx); }
Awaitable get_routing_plan(Api& api, http::RequestContext& ctx) { return resource::get<PlanKind>(api, ctx); }
Awaitable patch_routing_plan(Api& api, http::RequestContext& ctx) { return resource::patch<PlanKind>(api, ctx); }
Awaitable delete_routing_plan(Api& api, http::RequestContext& ctx) { return resource::remove<PlanKind>(api, ctx); }

}  // namespace callsign::api
