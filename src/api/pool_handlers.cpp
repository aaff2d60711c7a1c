// Pools of tracking numbers for DNI (API.md "Tracking numbers and pools").
#include <chrono>

#include "api/call_query.hpp"
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

constexpr std::size_t kMaxNameLength = 200;
constexpr std::size_t kMaxReplace = 20;
constexpr int kMaxHoldSeconds = 7 * 24 * 3600;
constexpr auto kMaxStatsRange = std::chrono::days(366);

// The fields a pool may set or change: name, hold_seconds, when_exhausted, replace, routing_plan_id (checked
// against the project's plans by the caller, in its write).
Result<void> apply_pool_fields(domain::Pool& pool, const json& body, const domain::Project& project,
                               bool name_required) {
  if (auto r = reject_unknown_fields(body, {"name", "hold_seconds", "when_exhausted", "replace", "routing_plan_id"});
      !r)
    return r;
  if (name_required || body.contains("name")) {
    auto name = required_string(body, "name");
    if (!name) return fail(name.error());
    if (name->empty() || name->size() > kMaxNameLength)
      return fail(Error::invalid("name", "name must be 1 to 200 characters"));
    pool.name = *name;
  }
  if (body.contains("hold_seconds")) {
    const auto& v = body["hold_seconds"];
    if (v.is_null()) {
      pool.hold_seconds.reset();
    } else if (!v.is_number_integer() || v.get<long long>() < 10 || v.get<long long>() > kMaxHoldSeconds) {
      return fail(Error::invalid("hold_seconds", "hold_seconds must be a whole number of seconds from 10 to 604800"));
    } else {
      pool.hold_seconds = v.get<int>();
    }
  }
  if (body.contains("when_exhausted")) {
    auto text = required_string(body, "when_exhausted");
    if (!text) return fail(text.error());
    auto policy = domain::when_exhausted_from_string(*text);
    if (!policy)
      return fail(Error::invalid("when_exhausted", "when_exhausted must be \"reuse_oldest\" or \"default_number\""));
    pool.when_exhausted = *policy;
  }
  if (body.contains("replace")) {
    const auto& list = body["replace"];
    if (!list.is_array() || list.size() > kMaxReplace)
      return fail(Error::invalid("replace", "replace must be a list of up to 20 phone numbers of the site"));
    std::vector<std::string> replace;
    for (const auto& item : list) {
      if (!item.is_string()) return fail(Error::invalid("replace", "replace must list phone numbers as strings"));
      auto phone = domain::normalize_phone(item.get<std::string>(), project.settings.country, "replace");
      if (!phone) return fail(phone.error());
      if (std::find(replace.begin(), replace.end(), phone->e164) == replace.end()) replace.push_back(phone->e164);
    }
    pool.replace = std::move(replace);
  }
  return apply_routing_plan_id(pool.routing_plan_id, body);
}

std::size_t numbers_in(const std::vector<domain::TrackingNumber>& numbers, const std::string& pool_id) {
  return static_cast<std::size_t>(std::count_if(numbers.begin(), numbers.end(),
                                                [&](const auto& n) { return n.pool_id == pool_id; }));
}

struct PoolWithSize {
  domain::Pool pool;
  std::size_t size = 0;
};

Result<PoolWithSize> read_pool(Api& api, const std::string& project_id, const std::string& pool_id) {
  return api.store.read([&](domain::Repositories& repos) -> Result<PoolWithSize> {
    auto pool = repos.pools().find(project_id, pool_id);
    if (!pool) return fail(pool.error());
    if (!*pool) return fail(Error::not_found("no pool " + pool_id));
    auto numbers = repos.numbers().list(project_id);
    if (!numbers) return fail(numbers.error());
    return PoolWithSize{std::move(**pool), numbers_in(*numbers, pool_id)};
  });
}

}  // namespace

Awaitable create_pool(Api& api, http::RequestContext& ctx) {
  auto project = api.authorized_project(ctx);
  if (!project) co_return error_to_response(project.error());
  auto body = parse_json_object(ctx.request.body());
  if (!body) co_return error_to_response(body.error());
  domain::Pool pool;
  if (auto r = apply_pool_fields(pool, *body, *project, /*name_required=*/true); !r)
    co_return error_to_response(r.error());
  pool.id = new_id("pool");
  pool.project_id = project->id;
  pool.created_at = api.clock.now();
  auto stored_pending = api.store.write<bool>([pool](domain::Repositories& repos) -> Result<bool> {
    if (auto r = check_routing_plan(repos, pool.project_id, pool.routing_plan_id); !r) return fail(r.error());
    if (auto r = repos.pools().insert(pool); !r) return fail(r.error());
    return true;
  });
  auto stored = co_await std::move(stored_pending);
  api.pools.forget(project->id);
  if (!stored) co_return error_to_response(stored.error());
  co_return http::Response::json(201, encode_pool(pool, 0).dump());
}

Awaitable list_pools(Api& api, http::RequestContext& ctx) {
  auto project = api.authorized_project(ctx);
  if (!project) co_return error_to_response(project.error());
  struct Listing {
    std::vector<domain::Pool> pools;
    std::vector<domain::TrackingNumber> numbers;
  };
  auto listing = api.store.read([&](domain::Repositories& repos) -> Result<Listing> {
    auto pools = repos.pools().list(project->id);
    if (!pools) return fail(pools.error());
    auto numbers = repos.numbers().list(project->id);
    if (!numbers) return fail(numbers.error());
    return Listing{std::move(*pools), std::move(*numbers)};
  });
  if (!listing) co_return error_to_response(listing.error());
  json list = json::array();
  for (const auto& pool : listing->pools) list.push_back(encode_pool(pool, numbers_in(listing->numbers, pool.id)));
  co_return http::Response::json(200, json{{"pools", std::move(list)}}.dump());
}

Awaitable get_pool(Api& api, http::RequestContext& ctx) {
  auto project = api.authorized_project(ctx);
  if (!project) co_return error_to_response(project.error());
  auto pool = read_pool(api, project->id, ctx.path_param("pool_id").value_or(""));
  if (!pool) co_return error_to_response(pool.error());
  co_return http::Response::json(200, encode_pool(pool->pool, pool->size).dump());
}

Awaitable patch_pool(Api& api, http::RequestContext& ctx) {
  auto project = api.authorized_project(ctx);
  if (!project) co_return error_to_response(project.error());
  auto body = parse_json_object(ctx.request.body());
  if (!body) co_return error_to_response(body.error());
  for (auto fixed : {"id", "project_id", "created_at", "size"})
    if (body->contains(fixed))
      co_return error_to_response(
          Error{ErrorKind::invalid, "read_only_field", std::string(fixed) + " cannot be changed", fixed});
  auto updated_pending = api.store.write<domain::Pool>(
      [project = *project, pool_id = ctx.path_param("pool_id").value_or(""),
       patch = std::move(*body)](domain::Repositories& repos) -> Result<domain::Pool> {
        auto current = repos.pools().find(project.id, pool_id);
        if (!current) return fail(current.error());
        if (!*current) return fail(Error::not_found("no pool " + pool_id));
        domain::Pool next = **current;
        if (auto r = apply_pool_fields(next, patch, project, /*name_required=*/false); !r) return fail(r.error());
        if (patch.contains("routing_plan_id"))
          if (auto r = check_routing_plan(repos, project.id, next.routing_plan_id); !r) return fail(r.error());
        if (auto r = repos.pools().update(next); !r) return fail(r.error());
        return next;
      });
  auto updated = co_await std::move(updated_pending);
  api.pools.forget(project->id);
  if (!updated) co_return error_to_response(updated.error());
  auto pool = read_pool(api, project->id, updated->id);
  if (!pool) co_return error_to_response(pool.error());
  co_return http::Response::json(200, encode_pool(pool->pool, pool->size).dump());
}

Awaitable get_pool_stats(Api& api, http::RequestContext& ctx) {
  auto project = api.authorized_project(ctx);
  if (!project) co_return error_to_response(project.error());
  const Timestamp now = api.clock.now();
  auto from = decode_instant(ctx, "from");
  if (!from) co_return error_to_response(from.error());
  auto to = decode_instant(ctx, "to");
  if (!to) co_return error_to_response(to.error());
  const Timestamp range_to = to->value_or(now);
  const Timestamp range_from = from->value_or(range_to - std::chrono::days(30));
  if (range_from > range_to) co_return error_to_response(Error::invalid("from", "from must not be after to"));
  if (range_to - range_from > kMaxStatsRange)
    co_return error_to_response(Error::invalid("to", "the range from … to must be at most 366 days"));
  auto pool = read_pool(api, project->id, ctx.path_param("pool_id").value_or(""));
  if (!pool) co_return error_to_response(pool.error());
  auto usage = api.store.read(
      [&](domain::Repositories& repos) { return repos.leases().usage(pool->pool.id, range_from, range_to); });
  if (!usage) co_return error_to_response(usage.error());
  auto live = api.pools.live_stats(*project, pool->pool.id, now, api.store);
  if (!live) co_return error_to_response(live.error());
  co_return http::Response::json(200,
                                 encode_pool_stats(pool->pool, pool->size, *usage, *live, range_from, range_to).dump());
}

}  // namespace callsign::api
