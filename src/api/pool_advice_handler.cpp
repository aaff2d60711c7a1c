// GET /v1/projects/{id}/pools/{pool_id}/advice?target=0.95 — the pool sizing advisor (docs/pool-advisor.md).
// The target is checked on the I/O thread; the read and the replays (seconds for a busy pool) run on the report
// runner, like reports, so the DNI hot path never waits for them.
#include "api/error_mapping.hpp"
#include "api/handlers.hpp"
#include "api/pool_advice_json.hpp"

namespace callsign::api {
namespace {

struct AdviceRequest {
  domain::Project project;
  std::string pool_id;
  double target = 0.95;
  Timestamp now{};
};

// A plain function (not a lambda in the coroutine): a coroutine's by-value class captures are a GCC 12 hazard.
Result<nlohmann::json> advise(storage::Store& store, const AdviceRequest& request) {
  return store.read([&](domain::Repositories& repos) -> Result<nlohmann::json> {
    auto pool = repos.pools().find(request.project.id, request.pool_id);
    if (!pool) return fail(pool.error());
    if (!*pool) return fail(Error::not_found("no pool " + request.pool_id));
    auto advice = sim::advise_recorded_pool(repos, request.project, **pool, request.now, request.target);
    if (!advice) return fail(advice.error());
    return encode_pool_advice(request.pool_id, *advice);
  });
}

}  // namespace

Awaitable get_pool_advice(Api& api, http::RequestContext& ctx) {
  auto project = api.authorized_project(ctx);
  if (!project) co_return error_to_response(project.error());
  AdviceRequest request{std::move(*project), ctx.path_param("pool_id").value_or(""), 0.95, api.clock.now()};
  if (auto text = ctx.query_param("target")) {
    auto target = parse_advice_target(*text);
    if (!target) co_return error_to_response(target.error());
    request.target = *target;
  }
  auto pending = api.report_runner->run(
      [&store = api.store, request = std::move(request)]() { return advise(store, request); });
  auto body = co_await std::move(pending);
  if (!body) co_return error_to_response(body.error());
  co_return http::Response::json(200, body->dump());
}

}  // namespace callsign::api
