// GET /v1/projects/{id}/pools/{pool_id}/advice?target=0.95 — the pool sizing advisor (docs/pool-advisor.md).
// The target is checked on the I/O thread; the read and the replays (seconds to minutes for a busy pool) run on the
// advisor's own low-priority thread, so neither the DNI hot path nor reports wait for them. An answer is kept for
// 10 minutes by what it was computed from (project settings, pool, its size, target); requests that arrive during
// a replay queue on that one thread and find the answer it stored.
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

// What an answer depends on besides the recorded traffic.
std::string cache_key(const AdviceRequest& request, const domain::Pool& pool, std::size_t size) {
  const auto& s = request.project.settings;
  return nlohmann::json::array({request.project.id, pool.id, request.target, size,
                                pool.hold_seconds.value_or(s.session_hold_seconds), s.caller_memory_days,
                                static_cast<int>(pool.when_exhausted)})
      .dump();
}

// A plain function (not a lambda in the coroutine): a coroutine's by-value class captures are a GCC 12 hazard.
Result<nlohmann::json> advise(storage::Store& store, AdviceCache& cache, const AdviceRequest& request) {
  return store.read([&](domain::Repositories& repos) -> Result<nlohmann::json> {
    auto pool = repos.pools().find(request.project.id, request.pool_id);
    if (!pool) return fail(pool.error());
    if (!*pool) return fail(Error::not_found("no pool " + request.pool_id));
    auto size = sim::pool_number_count(repos, request.project.id, request.pool_id);
    if (!size) return fail(size.error());
    const std::string key = cache_key(request, **pool, *size);
    if (auto kept = cache.find(key, request.now)) return std::move(*kept);
    auto advice = sim::advise_recorded_pool(repos, request.project, **pool, request.now, request.target);
    if (!advice) return fail(advice.error());
    auto body = encode_pool_advice(request.pool_id, *advice);
    cache.store(key, body, request.now);
    return body;
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
  auto pending = api.advice_runner->run([&store = api.store, cache = api.advice_cache, request = std::move(request)]() {
    return advise(store, *cache, request);
  });
  auto body = co_await std::move(pending);
  if (!body) co_return error_to_response(body.error());
  co_return http::Response::json(200, body->dump());
}

}  // namespace callsign::api
