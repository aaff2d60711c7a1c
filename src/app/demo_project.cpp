#include "app/demo_project.hpp"

#include "app/demo_shop.hpp"
#include "common/crypto.hpp"
#include "domain/routing_plan.hpp"
#include "domain/settings_codec.hpp"

namespace callsign::app {
namespace {

// The sales line every demo number forwards to: the operators in turn, voicemail when none answers or the shop
// is closed (the project's working hours).
Result<std::string> insert_routing(domain::Repositories& repos, const domain::Project& project) {
  domain::RoutingPlanRecord plan;
  plan.id = new_id("plan");
  plan.project_id = project.id;
  plan.name = demo_shop::kRoutingPlanName;
  plan.strategy = domain::RoutingStrategy::round_robin;
  plan.off_hours = plan.no_answer = domain::Fallback{domain::Fallback::Kind::voicemail, ""};
  plan.created_at = project.created_at;
  for (const auto& o : demo_shop::kOperators) {
    domain::OperatorRecord op;
    op.id = new_id("op");
    op.name = o.name;
    op.destination = o.phone;
    op.project_id = project.id;
    op.created_at = project.created_at;
    if (auto r = repos.routing().insert_operator(op); !r) return fail(r.error());
    plan.members.push_back({domain::RoutingMember::Kind::operator_id, op.id});
  }
  if (auto r = repos.routing().insert_plan(plan); !r) return fail(r.error());
  return plan.id;
}

Result<void> insert_numbers(domain::Repositories& repos, const domain::Project& project, const std::string& plan_id) {
  for (const auto& line : demo_shop::kStaticLines) {
    domain::TrackingNumber n;
    n.id = new_id("num");
    n.project_id = project.id;
    n.number = line.number;
    n.channel = line.channel;
    n.source = line.channel;
    n.medium = demo_shop::kOfflineMedium;
    n.label = line.label;
    n.routing_plan_id = plan_id;
    n.created_at = project.created_at;
    if (auto r = repos.numbers().insert(n); !r) return fail(r.error());
  }
  domain::Pool pool;
  pool.id = new_id("pool");
  pool.project_id = project.id;
  pool.name = demo_shop::kPoolName;
  pool.replace = {demo_shop::kSiteNumber};
  pool.routing_plan_id = plan_id;
  pool.created_at = project.created_at;
  if (auto r = repos.pools().insert(pool); !r) return fail(r.error());
  for (int i = 0; i < demo_shop::kPoolSize; ++i) {
    domain::TrackingNumber n;
    n.id = new_id("num");
    n.project_id = project.id;
    n.number = demo_shop::pool_number(i);
    n.kind = domain::NumberKind::pool;
    n.pool_id = pool.id;
    n.channel = "dni";
    n.created_at = project.created_at;
    if (auto r = repos.numbers().insert(n); !r) return fail(r.error());
  }
  return {};
}

}  // namespace

Result<DemoProject> find_or_create_demo_project(storage::Store& store, Timestamp now) {
  auto projects = store.read([](domain::Repositories& repos) { return repos.projects().list(); });
  if (!projects) return fail(projects.error());
  for (const auto& p : *projects)
    if (p.name == demo_shop::kProjectName) return DemoProject{p, false};

  domain::Project project;
  project.id = new_id("prj");
  project.name = demo_shop::kProjectName;
  project.public_key = "pk_" + random_token(15);
  project.created_at = now;
  auto settings = domain::apply_settings(project.settings, nlohmann::json::parse(demo_shop::kSettings));
  if (!settings) return fail(settings.error());
  return store.write_blocking<DemoProject>([&](domain::Repositories& repos) -> Result<DemoProject> {
    if (auto r = repos.projects().insert(project); !r) return fail(r.error());
    auto plan_id = insert_routing(repos, project);
    if (!plan_id) return fail(plan_id.error());
    if (auto r = insert_numbers(repos, project, *plan_id); !r) return fail(r.error());
    return DemoProject{project, true};
  });
}

Result<std::string> rotate_api_key(storage::Store& store, domain::Project& project) {
  const std::string key = "cs_" + random_token(25);
  project.api_key_hash = sha256_hex(key);
  auto r = store.write_blocking<bool>([&](domain::Repositories& repos) -> Result<bool> {
    if (auto u = repos.projects().update(project); !u) return fail(u.error());
    return true;
  });
  if (!r) return fail(r.error());
  return key;
}

}  // namespace callsign::app
