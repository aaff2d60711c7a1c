#include "api/api.hpp"
#include "api/handlers.hpp"

namespace callsign::api {

using boost::beast::http::verb;

Result<domain::Project> Api::authorized_project(const http::RequestContext& ctx) const {
  auto who = auth.authenticate(ctx, store);
  if (!who) return fail(who.error());
  return auth.visible_project(*who, ctx.path_param("id").value_or(""), store);
}

void register_routes(http::Router& router, Api& api) {
  auto bind = [&api](Awaitable (*handler)(Api&, http::RequestContext&)) {
    return [&api, handler](http::RequestContext& ctx) { return handler(api, ctx); };
  };
  router.add(verb::get, "/healthz", bind(get_health));
  router.add(verb::get, "/metrics", bind(get_metrics));

  router.add(verb::post, "/v1/projects", bind(create_project));
  router.add(verb::get, "/v1/projects", bind(list_projects));
  router.add(verb::get, "/v1/projects/{id}", bind(get_project));
  router.add(verb::patch, "/v1/projects/{id}", bind(patch_project));
  router.add(verb::post, "/v1/projects/{id}/rotate-api-key", bind(rotate_api_key));

  router.add(verb::post, "/v1/projects/{id}/numbers", bind(create_number));
  router.add(verb::get, "/v1/projects/{id}/numbers", bind(list_numbers));
  router.add(verb::get, "/v1/projects/{id}/numbers/{number_id}", bind(get_number));
  router.add(verb::patch, "/v1/projects/{id}/numbers/{number_id}", bind(patch_number));
  router.add(verb::delete_, "/v1/projects/{id}/numbers/{number_id}", bind(delete_number));

  router.add(verb::post, "/v1/projects/{id}/pools", bind(create_pool));
  router.add(verb::get, "/v1/projects/{id}/pools", bind(list_pools));
  router.add(verb::get, "/v1/projects/{id}/pools/{pool_id}", bind(get_pool));
  router.add(verb::patch, "/v1/projects/{id}/pools/{pool_id}", bind(patch_pool));
  router.add(verb::get, "/v1/projects/{id}/pools/{pool_id}/stats", bind(get_pool_stats));
  router.add(verb::get, "/v1/projects/{id}/pools/{pool_id}/advice", bind(get_pool_advice));

  router.add(verb::post, "/v1/projects/{id}/operators", bind(create_operator));
  router.add(verb::get, "/v1/projects/{id}/operators", bind(list_operators));
  router.add(verb::get, "/v1/projects/{id}/operators/{operator_id}", bind(get_operator));
  router.add(verb::patch, "/v1/projects/{id}/operators/{operator_id}", bind(patch_operator));
  router.add(verb::delete_, "/v1/projects/{id}/operators/{operator_id}", bind(delete_operator));
  router.add(verb::post, "/v1/projects/{id}/operator-groups", bind(create_operator_group));
  router.add(verb::get, "/v1/projects/{id}/operator-groups", bind(list_operator_groups));
  router.add(verb::get, "/v1/projects/{id}/operator-groups/{group_id}", bind(get_operator_group));
  router.add(verb::patch, "/v1/projects/{id}/operator-groups/{group_id}", bind(patch_operator_group));
  router.add(verb::delete_, "/v1/projects/{id}/operator-groups/{group_id}", bind(delete_operator_group));
  router.add(verb::post, "/v1/projects/{id}/routing-plans", bind(create_routing_plan));
  router.add(verb::get, "/v1/projects/{id}/routing-plans", bind(list_routing_plans));
  router.add(verb::get, "/v1/projects/{id}/routing-plans/{plan_id}", bind(get_routing_plan));
  router.add(verb::patch, "/v1/projects/{id}/routing-plans/{plan_id}", bind(patch_routing_plan));
  router.add(verb::delete_, "/v1/projects/{id}/routing-plans/{plan_id}", bind(delete_routing_plan));

  router.add(verb::get, "/callsign.js", bind(get_snippet));
  router.add(verb::get, "/", bind(get_dashboard));
  router.add(verb::get, "/assets/{file}", bind(get_dashboard_asset));
  router.add(verb::post, "/v1/sessions", bind(create_session));
  router.add(verb::post, "/v1/sessions/{session_id}/ping", bind(ping_session));
  router.add(verb::post, "/v1/sessions/{session_id}/events", bind(add_session_event));

  router.add(verb::post, "/telephony/twilio/voice", bind(twilio_voice));
  router.add(verb::post, "/telephony/twilio/dial-status", bind(twilio_dial_status));
  router.add(verb::post, "/telephony/twilio/status", bind(twilio_status));
  router.add(verb::post, "/telephony/twilio/recording", bind(twilio_recording));

  router.add(verb::post, "/v1/projects/{id}/calls", bind(create_call));
  router.add(verb::get, "/v1/projects/{id}/calls", bind(list_calls));
  router.add(verb::get, "/v1/projects/{id}/calls/{call_id}", bind(get_call));
  router.add(verb::post, "/v1/projects/{id}/imports/asterisk-cdr", bind(import_asterisk_cdr));

  router.add(verb::get, "/v1/projects/{id}/reports/calls", bind(get_call_report));
  router.add(verb::get, "/v1/projects/{id}/reports/heatmap", bind(get_heatmap));
  router.add(verb::get, "/v1/projects/{id}/reports/paths", bind(get_paths));
  router.add(verb::post, "/v1/projects/{id}/costs", bind(post_costs));
  router.add(verb::post, "/v1/projects/{id}/deals", bind(post_deal));

  router.add(verb::post, "/v1/projects/{id}/webhooks", bind(create_webhook));
  router.add(verb::get, "/v1/projects/{id}/webhooks", bind(list_webhooks));
  router.add(verb::get, "/v1/projects/{id}/webhooks/{webhook_id}", bind(get_webhook));
  router.add(verb::patch, "/v1/projects/{id}/webhooks/{webhook_id}", bind(patch_webhook));
  router.add(verb::delete_, "/v1/projects/{id}/webhooks/{webhook_id}", bind(delete_webhook));
  router.add(verb::get, "/v1/projects/{id}/deliveries", bind(list_deliveries));
  router.add(verb::get, "/v1/projects/{id}/deliveries/{delivery_id}", bind(get_delivery));
  router.add(verb::post, "/v1/projects/{id}/deliveries/{delivery_id}/redeliver", bind(redeliver));
  router.add(verb::get, "/v1/projects/{id}/exports/google-ads-conversions.csv", bind(export_google_ads));
  router.add(verb::get, "/v1/projects/{id}/exports/yandex-metrica-calls.csv", bind(export_yandex_metrica));
}

}  // namespace callsign::api
