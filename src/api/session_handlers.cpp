// The snippet's endpoints (API.md "Visitor sessions (DNI)"): public key in the body, CORS open, JSON sent as
// application/json or as text/plain (sendBeacon bodies, which need no preflight).
#include <algorithm>
#include <chrono>

#include "api/encoders.hpp"
#include "api/error_mapping.hpp"
#include "api/handlers.hpp"
#include "api/json_body.hpp"
#include "api/session_writes.hpp"
#include "common/crypto.hpp"
#include "domain/phone.hpp"
#include "domain/traffic_source.hpp"
#include "domain/user_agent.hpp"
#include "http/client_address.hpp"

namespace callsign::api {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxUrlLength = 4096;
constexpr std::size_t kMaxIdLength = 64;
constexpr std::size_t kMaxUserAgentLength = 512;
// An event may be reported late (a beacon queued while offline) but not from the distant past or the future.
constexpr auto kEventPastLimit = std::chrono::hours(24);
constexpr auto kEventFutureLimit = std::chrono::minutes(5);

Error unknown_public_key() {
  return Error{ErrorKind::unauthorized, "unknown_public_key", "public_key is not the public key of any project",
               "public_key"};
}

// The project named by the body's public_key.
Result<domain::Project> project_of(Api& api, const json& body) {
  auto key = required_string(body, "public_key");
  if (!key) return fail(key.error());
  auto project = api.auth.projects().by_public_key(*key, api.store);
  if (!project) return fail(project.error());
  if (!*project) return fail(unknown_public_key());
  return std::move(**project);
}

Result<std::optional<std::string>> optional_bounded(const json& body, const std::string& field, std::size_t max) {
  auto value = optional_string(body, field);
  if (!value) return fail(value.error());
  if (*value && (*value)->size() > max)
    return fail(Error::invalid(field, field + " must be at most " + std::to_string(max) + " characters"));
  return value;
}

// Ids the snippet echoes back must be ours ("vis_…", "ses_…"); anything else starts afresh rather than failing,
// so a visitor with a mangled cookie still gets a session.
bool is_our_id(const std::optional<std::string>& id, std::string_view prefix) {
  if (!id || id->size() > kMaxIdLength || id->rfind(std::string(prefix) + "_", 0) != 0) return false;
  return std::all_of(id->begin() + static_cast<std::ptrdiff_t>(prefix.size()) + 1, id->end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'); });
}

struct SessionRequest {
  std::string page_url;
  std::optional<std::string> referrer, visitor_id, session_id, ga_client_id, ga_session_id;
};

Result<SessionRequest> decode_session_request(const json& body) {
  if (auto r = reject_unknown_fields(body, {"public_key", "page_url", "referrer", "visitor_id", "session_id",
                                            "ga_client_id", "ga_session_id"});
      !r)
    return fail(r.error());
  SessionRequest in;
  std::optional<std::string> page_url;
  auto fields = first_error({assign(page_url, optional_bounded(body, "page_url", kMaxUrlLength)),
                             assign(in.referrer, optional_bounded(body, "referrer", kMaxUrlLength)),
                             assign(in.visitor_id, optional_bounded(body, "visitor_id", kMaxIdLength)),
                             assign(in.session_id, optional_bounded(body, "session_id", kMaxIdLength)),
                             assign(in.ga_client_id, optional_bounded(body, "ga_client_id", 100)),
                             assign(in.ga_session_id, optional_bounded(body, "ga_session_id", 100))});
  if (!fields) return fail(fields.error());
  if (!page_url || page_url->empty())
    return fail(Error{ErrorKind::invalid, "missing_field", "page_url is required", "page_url"});
  in.page_url = std::move(*page_url);
  if (in.referrer && in.referrer->empty()) in.referrer.reset();
  return in;
}

// ping_seconds: often enough that a lease never lapses while the page is open, rarely enough to stay cheap.
int ping_seconds_for(std::chrono::milliseconds hold) {
  const auto third = std::chrono::duration_cast<std::chrono::seconds>(hold).count() / 3;
  return static_cast<int>(std::clamp<long long>(third, 5, 60));
}

json encode_session_reply(const domain::VisitorSession& session, const PoolDecision& decision,
                          const domain::Project& project) {
  json numbers = json::array();
  for (const auto& shown : decision.shown) {
    std::vector<std::string> replace = shown.replace;
    if (replace.empty() && project.settings.default_number) replace.push_back(*project.settings.default_number);
    const std::string display = domain::format_national(shown.number);
    for (const auto& site_number : replace)
      numbers.push_back({{"replace", site_number}, {"number", shown.number}, {"display", display}});
  }
  const auto hold_seconds = std::chrono::duration_cast<std::chrono::seconds>(decision.hold).count();
  json out = encode_traffic_source(session.source);
  out["visitor_id"] = session.visitor_id;
  out["session_id"] = session.id;
  out["numbers"] = std::move(numbers);
  out["hold_seconds"] = hold_seconds;
  out["ping_seconds"] = ping_seconds_for(decision.hold);
  return out;
}

// The stored session `id` of `project`; nullopt when absent or another project's. Whether it is still live
// (seen within the hold, or holding a lease) is for the caller to decide with the pool registry.
Result<std::optional<domain::VisitorSession>> find_session(Api& api, const domain::Project& project,
                                                           const std::string& id) {
  auto found = api.store.read([&](domain::Repositories& repos) { return repos.sessions().find(id); });
  if (!found) return fail(found.error());
  if (!*found || (*found)->project_id != project.id) return std::optional<domain::VisitorSession>{};
  return found;
}

}  // namespace

Awaitable create_session(Api& api, http::RequestContext& ctx) {
  auto body = parse_json_object(ctx.request.body());
  if (!body) co_return error_to_response(body.error());
  auto project = project_of(api, *body);
  if (!project) co_return error_to_response(project.error());
  auto in = decode_session_request(*body);
  if (!in) co_return error_to_response(in.error());
  const Timestamp now = api.clock.now();

  const std::string user_agent(ctx.header("User-Agent").substr(0, kMaxUserAgentLength));
  domain::VisitorSession session;
  session.project_id = project->id;
  session.page_url = in->page_url;
  session.referrer = in->referrer;
  session.source = domain::read_traffic_source(in->page_url, in->referrer.value_or(""));
  session.ga_client_id = in->ga_client_id;
  session.ga_session_id = in->ga_session_id;
  session.user_agent = user_agent;
  session.ip = http::client_address(ctx.remote_ip, ctx.header("X-Forwarded-For"), api.trusted_proxies);
  session.started_at = session.last_seen_at = now;

  // Programs get the traffic source (harmless) but no session and no number: the page keeps the site's number.
  if (domain::is_automated_user_agent(user_agent)) {
    json out = encode_traffic_source(session.source);
    out["visitor_id"] = nullptr;
    out["session_id"] = nullptr;
    out["numbers"] = json::array();
    out["automated"] = true;
    co_return http::Response::json(200, out.dump());
  }

  // A live session continues with the same numbers; otherwise a new one starts, keeping a returning visitor.
  std::optional<domain::VisitorSession> continuing;
  if (is_our_id(in->session_id, "ses")) {
    auto found = find_session(api, *project, *in->session_id);
    if (!found) co_return error_to_response(found.error());
    if (*found) {
      auto held = api.pools.touch(*project, (*found)->id, now, api.store);
      if (!held) co_return error_to_response(held.error());
      const auto hold = std::chrono::duration_cast<std::chrono::milliseconds>(held->hold);
      if (held->held_any || (*found)->last_seen_at + hold > now) continuing = std::move(*found);
    }
  }
  if (continuing) {
    session = std::move(*continuing);
  } else {
    if (!api.session_rate->allow(*session.ip))
      co_return error_to_response(Error{ErrorKind::rate_limited, "rate_limited",
                                        "too many new sessions from this address; try again in a minute", {}});
    session.id = new_id("ses");
    session.visitor_id = is_our_id(in->visitor_id, "vis") ? *in->visitor_id : new_id("vis");
    if (is_our_id(in->visitor_id, "vis")) {
      auto started = api.store.read([&](domain::Repositories& repos) {
        return repos.sessions().count_visitor_sessions(project->id, session.visitor_id, now - std::chrono::hours(24), now);
      });
      if (!started) co_return error_to_response(started.error());
      if (*started >= static_cast<std::uint64_t>(api.max_sessions_per_visitor_per_day))
        co_return error_to_response(Error{ErrorKind::rate_limited, "too_many_sessions",
                                          "this visitor started too many sessions today", "visitor_id"});
    }
  }

  auto decision = api.pools.allocate(*project, session.id, now, api.store);
  if (!decision) co_return error_to_response(decision.error());
  std::optional<domain::VisitorSession> new_session;
  if (!continuing) new_session = session;
  auto persisted_pending = api.store.write<bool>(
      [new_session, session_id = session.id, visitor_id = session.visitor_id, now,
       decision = *decision](domain::Repositories& repos) -> Result<bool> {
        if (auto r = persist_session(repos, new_session, session_id, visitor_id, now, decision); !r) return fail(r.error());
        return true;
      },
      storage::Store::JobRuns::repeatable);  // statements only, on its own copies
  auto persisted = co_await std::move(persisted_pending);
  if (!persisted) co_return error_to_response(persisted.error());
  co_return http::Response::json(continuing ? 200 : 201, encode_session_reply(session, *decision, *project).dump());
}

Awaitable ping_session(Api& api, http::RequestContext& ctx) {
  auto body = parse_json_object(ctx.request.body());
  if (!body) co_return error_to_response(body.error());
  if (auto r = reject_unknown_fields(*body, {"public_key"}); !r) co_return error_to_response(r.error());
  auto project = project_of(api, *body);
  if (!project) co_return error_to_response(project.error());
  const std::string id = ctx.path_param("session_id").value_or("");
  const Timestamp now = api.clock.now();
  auto session = find_session(api, *project, id);
  if (!session) co_return error_to_response(session.error());
  if (!*session) co_return error_to_response(Error::not_found("no session " + id));
  auto held = api.pools.touch(*project, id, now, api.store);
  if (!held) co_return error_to_response(held.error());
  if (!held->held_any && (*session)->last_seen_at + held->hold <= now)
    co_return error_to_response(Error::not_found("session " + id + " has expired; start a new one"));
  // Its number went to another visitor (reuse_oldest) or lapsed: the page must stop showing it, so the snippet
  // is told to start over (and gets a number again if one is free).
  if (!held->held_any && held->pools > 0)
    co_return error_to_response(Error::not_found("session " + id + " holds no number any more; start a new one"));
  auto persisted_pending = api.store.write<bool>(
      [id, visitor_id = (*session)->visitor_id, now, decision = *held](domain::Repositories& repos) -> Result<bool> {
        if (auto r = persist_session(repos, std::nullopt, id, visitor_id, now, decision); !r) return fail(r.error());
        return true;
      },
      storage::Store::JobRuns::repeatable);  // statements only, on its own copies
  auto persisted = co_await std::move(persisted_pending);
  if (!persisted) co_return error_to_response(persisted.error());
  co_return http::Response::no_content();
}

Awaitable add_session_event(Api& api, http::RequestContext& ctx) {
  auto body = parse_json_object(ctx.request.body());
  if (!body) co_return error_to_response(body.error());
  if (auto r = reject_unknown_fields(*body, {"public_key", "type", "at", "page_url"}); !r)
    co_return error_to_response(r.error());
  auto project = project_of(api, *body);
  if (!project) co_return error_to_response(project.error());
  const Timestamp now = api.clock.now();
  domain::SessionEvent event;
  event.session_id = ctx.path_param("session_id").value_or("");
  std::string type;
  std::optional<Timestamp> at;
  auto fields = first_error({assign(type, required_string(*body, "type")), assign(at, optional_time(*body, "at")),
                             assign(event.page_url, optional_bounded(*body, "page_url", kMaxUrlLength))});
  if (!fields) co_return error_to_response(fields.error());
  auto parsed_type = domain::session_event_type_from_string(type);
  if (!parsed_type)
    co_return error_to_response(Error::invalid("type", "type must be one of tel_click, page_view, form_submit"));
  event.type = *parsed_type;
  event.at = at.value_or(now);
  if (event.at < now - kEventPastLimit || event.at > now + kEventFutureLimit)
    co_return error_to_response(Error::invalid("at", "at must be within the last 24 hours (and not in the future)"));
  auto session = find_session(api, *project, event.session_id);
  if (!session) co_return error_to_response(session.error());
  if (!*session) co_return error_to_response(Error::not_found("no session " + event.session_id));
  auto stored_pending = api.store.write<bool>(
      [event, now](domain::Repositories& repos) -> Result<bool> {
        if (auto r = repos.sessions().add_event(event); !r) return fail(r.error());
        if (auto r = repos.sessions().touch(event.session_id, now); !r) return fail(r.error());
        return true;
      },
      storage::Store::JobRuns::repeatable);  // statements only, on its own copies
  auto stored = co_await std::move(stored_pending);
  if (!stored) co_return error_to_response(stored.error());
  co_return http::Response::no_content();
}

}  // namespace callsign::api
