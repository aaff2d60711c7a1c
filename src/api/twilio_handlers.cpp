// Twilio-compatible voice webhooks (API.md "Telephony"): find the project, check X-Twilio-Signature, apply the
// callback in one write (telephony/twilio/webhook_recorder.hpp) and answer TwiML.
#include <spdlog/spdlog.h>

#include "api/error_mapping.hpp"
#include "api/handlers.hpp"
#include "domain/phone.hpp"
#include "http/target.hpp"
#include "telephony/twilio/call_events.hpp"
#include "telephony/twilio/signature.hpp"
#include "telephony/twilio/webhook_recorder.hpp"

namespace callsign::api {
namespace {

using telephony::TwilioWebhook;
using Params = std::map<std::string, std::string>;

http::Response twiml_response(const std::string& xml) { return http::Response{200, "application/xml", xml, {}}; }

http::Response twiml_response(const telephony::twiml::Response& response) {
  auto xml = telephony::twiml::render(response);
  if (!xml) return error_to_response(Error::internal("TwiML for a call could not be written: " + xml.error().message));
  return twiml_response(*xml);
}

std::string param(const Params& params, const std::string& name) {
  const auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

// The id of the project a webhook is about: the one named by our own callback URL (?project=), else the owner of
// the number called (To), else the project of the call it reports on — its first stored event's, by ParentCallSid
// then CallSid (a dialled leg's status names the operator's number, not ours). nullopt when none leads to one.
Result<std::optional<std::string>> find_project_id(Api& api, const Params& query, const Params& form) {
  if (auto id = param(query, "project"); !id.empty()) return std::optional<std::string>(std::move(id));
  return api.store.read([&](domain::Repositories& repos) -> Result<std::optional<std::string>> {
    if (const auto to = param(form, "To"); !to.empty()) {
      auto number = repos.numbers().find_by_number(to);
      if (!number) return fail(number.error());
      if (*number) return std::optional<std::string>((*number)->project_id);
    }
    for (const auto& sid : {param(form, "ParentCallSid"), param(form, "CallSid")}) {
      if (sid.empty()) continue;
      auto events = repos.telephony_events().for_call(sid);
      if (!events) return fail(events.error());
      if (!events->empty()) return std::optional<std::string>(events->front().project_id);
    }
    return std::optional<std::string>{};
  });
}

// The webhook's project (find_project_id), read through the project cache as authenticated requests are.
Result<std::optional<domain::Project>> find_project(Api& api, const Params& query, const Params& form) {
  auto id = find_project_id(api, query, form);
  if (!id) return fail(id.error());
  if (!*id) return std::optional<domain::Project>{};
  return api.auth.projects().by_id(**id, api.store);
}

// Where carriers reach this server: --public-url, else http:// and the request's Host header.
std::string base_url(const Api& api, const http::RequestContext& ctx) {
  return api.public_url.empty() ? "http://" + std::string(ctx.header("Host")) : api.public_url;
}

// The URL Twilio requested, as it signed it.
std::string signed_url(const Api& api, const http::RequestContext& ctx) {
  return base_url(api, ctx) + std::string(ctx.request.target());
}

Result<void> check_signature(const Api& api, const http::RequestContext& ctx, const domain::Project& project,
                             const Params& form) {
  const auto forbidden = [](std::string message) {
    return fail(Error{ErrorKind::forbidden, "bad_signature", std::move(message), "X-Twilio-Signature"});
  };
  if (!project.settings.twilio_auth_token || project.settings.twilio_auth_token->empty())
    return forbidden("the project has no twilio_auth_token, so no webhook can be trusted");
  std::vector<telephony::FormParam> params;
  params.reserve(form.size());
  for (const auto& [name, value] : form) params.push_back({name, value});
  const telephony::TwilioSignature signature(*project.settings.twilio_auth_token);
  if (!signature.valid(signed_url(api, ctx), params, ctx.header("X-Twilio-Signature")))
    return forbidden("X-Twilio-Signature does not match this request");
  return {};
}

// What Twilio is told after a callback: the voice webhook plays the route's first step, a dial-status the step
// after an unanswered one; the other callbacks need no instructions.
http::Response reply(Api& api, const http::RequestContext& ctx, TwilioWebhook webhook, const domain::Project& project,
                     const domain::TelephonyEvent& event, const telephony::CallRoute& route) {
  const telephony::CallbackUrls urls{base_url(api, ctx), project.id};
  if (webhook == TwilioWebhook::voice)
    return twiml_response(telephony::twiml_for_step(route, 1, urls, project.settings.record_calls));
  if (webhook == TwilioWebhook::dial_status) {
    const std::size_t step = std::stoul(event.fact_key);
    const std::size_t next = telephony::next_step(event, step);
    if (next == 0) return twiml_response(telephony::twiml::empty_response());
    return twiml_response(telephony::twiml_for_step(route, next, urls, project.settings.record_calls));
  }
  return twiml_response(telephony::twiml::empty_response());
}

Awaitable handle_webhook(Api& api, http::RequestContext& ctx, TwilioWebhook webhook) {
  Params form;
  http::parse_query_string(ctx.request.body(), form);
  auto project = find_project(api, ctx.query, form);
  if (!project) co_return error_to_response(project.error());
  if (!*project) {
    spdlog::warn("twilio webhook {} for an unknown number: To={} CallSid={}", std::string(ctx.path), param(form, "To"),
                 param(form, "CallSid"));
    if (webhook != TwilioWebhook::voice) co_return twiml_response(telephony::twiml::empty_response());
    co_return twiml_response(telephony::twiml::Response{
        {telephony::twiml::Say{"Sorry, this number is not in service. Goodbye.", std::nullopt, std::nullopt},
         telephony::twiml::Hangup{}}});
  }
  if (auto ok = check_signature(api, ctx, **project, form); !ok) {
    spdlog::warn("twilio webhook {} refused for project {}: {}", std::string(ctx.path), (*project)->id,
                 ok.error().message);
    co_return error_to_response(ok.error());
  }
  auto event = telephony::event_from_webhook(webhook, form, ctx.query, (*project)->id, api.clock.now());
  if (!event) co_return error_to_response(event.error());
  // The writer normalizes the call's numbers each time it records the call; done here first, on an I/O thread,
  // the writer finds them among the recent results instead of spending a libphonenumber parse of its own.
  for (const char* name : {"From", "To"})
    domain::normalize_phone_ahead(param(form, name), (*project)->settings.country);
  auto pending = api.store.write<telephony::WebhookOutcome>(
      [project = **project, event = *event, now = api.clock.now()](domain::Repositories& repos) {
        return telephony::apply_webhook_event(repos, project, event, now);
      },
      storage::Store::JobRuns::repeatable);  // statements only (the event, the route, the call)
  auto outcome = co_await std::move(pending);
  if (!outcome) co_return error_to_response(outcome.error());
  if (outcome->not_recorded)
    spdlog::warn("twilio call {} of project {} is routed but not recorded: {}", event->call_sid, (*project)->id,
                 *outcome->not_recorded);
  co_return reply(api, ctx, webhook, **project, *event, outcome->route);
}

}  // namespace

Awaitable twilio_voice(Api& api, http::RequestContext& ctx) { return handle_webhook(api, ctx, TwilioWebhook::voice); }
Awaitable twilio_dial_status(Api& api, http::RequestContext& ctx) {
  return handle_webhook(api, ctx, TwilioWebhook::dial_status);
}
Awaitable twilio_status(Api& api, http::RequestContext& ctx) { return handle_webhook(api, ctx, TwilioWebhook::status); }
Awaitable twilio_recording(Api& api, http::RequestContext& ctx) {
  return handle_webhook(api, ctx, TwilioWebhook::recording);
}

}  // namespace callsign::api
