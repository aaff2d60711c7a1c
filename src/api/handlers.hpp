#pragma once
// Thin handlers: decode → domain → encode. Each returns the response; errors go through error_to_response.
//
// GCC 12 pitfall: a temporary with a destructor inside a `co_await` full-expression (e.g. a capturing lambda
// passed straight to store.write) can be destroyed twice. Build the awaitable in its own statement, then
// `co_await std::move(pending)`.
#include <utility>

#include <boost/asio/awaitable.hpp>

#include "api/api.hpp"

namespace callsign::api {

using Awaitable = boost::asio::awaitable<http::Response>;

// system_handlers.cpp
Awaitable get_health(Api& api, http::RequestContext& ctx);
Awaitable get_metrics(Api& api, http::RequestContext& ctx);

// project_handlers.cpp
Awaitable create_project(Api& api, http::RequestContext& ctx);
Awaitable list_projects(Api& api, http::RequestContext& ctx);
Awaitable get_project(Api& api, http::RequestContext& ctx);
Awaitable patch_project(Api& api, http::RequestContext& ctx);
Awaitable rotate_api_key(Api& api, http::RequestContext& ctx);

// number_handlers.cpp
Awaitable create_number(Api& api, http::RequestContext& ctx);
Awaitable list_numbers(Api& api, http::RequestContext& ctx);
Awaitable get_number(Api& api, http::RequestContext& ctx);
Awaitable patch_number(Api& api, http::RequestContext& ctx);
Awaitable delete_number(Api& api, http::RequestContext& ctx);

// pool_handlers.cpp
Awaitable create_pool(Api& api, http::RequestContext& ctx);
Awaitable list_pools(Api& api, http::RequestContext& ctx);
Awaitable get_pool(Api& api, http::RequestContext& ctx);
Awaitable patch_pool(Api& api, http::RequestContext& ctx);
Awaitable get_pool_stats(Api& api, http::RequestContext& ctx);
// pool_advice_handler.cpp (on the report runner's thread)
Awaitable get_pool_advice(Api& api, http::RequestContext& ctx);

// routing_handlers.cpp
Awaitable create_operator(Api& api, http::RequestContext& ctx);
Awaitable list_operators(Api& api, http::RequestContext& ctx);
Awaitable get_operator(Api& api, http::RequestContext& ctx);
Awaitable patch_operator(Api& api, http::RequestContext& ctx);
Awaitable delete_operator(Api& api, http::RequestContext& ctx);
Awaitable create_operator_group(Api& api, http::RequestContext& ctx);
Awaitable list_operator_groups(Api& api, http::RequestContext& ctx);
Awaitable get_operator_group(Api& api, http::RequestContext& ctx);
Awaitable patch_operator_group(Api& api, http::RequestContext& ctx);
Awaitable delete_operator_group(Api& api, http::RequestContext& ctx);
Awaitable create_routing_plan(Api& api, http::RequestContext& ctx);
Awaitable list_routing_plans(Api& api, http::RequestContext& ctx);
Awaitable get_routing_plan(Api& api, http::RequestContext& ctx);
Awaitable patch_routing_plan(Api& api, http::RequestContext& ctx);
Awaitable delete_routing_plan(Api& api, http::RequestContext& ctx);

// session_handlers.cpp (public key, CORS)
Awaitable create_session(Api& api, http::RequestContext& ctx);
Awaitable ping_session(Api& api, http::RequestContext& ctx);
Awaitable add_session_event(Api& api, http::RequestContext& ctx);

// snippet_handler.cpp
Awaitable get_snippet(Api& api, http::RequestContext& ctx);
Awaitable get_dashboard(Api& api, http::RequestContext& ctx);
Awaitable get_dashboard_asset(Api& api, http::RequestContext& ctx);

// twilio_handlers.cpp (Twilio signature, TwiML replies)
Awaitable twilio_voice(Api& api, http::RequestContext& ctx);
Awaitable twilio_dial_status(Api& api, http::RequestContext& ctx);
Awaitable twilio_status(Api& api, http::RequestContext& ctx);
Awaitable twilio_recording(Api& api, http::RequestContext& ctx);

// call_handlers.cpp
Awaitable create_call(Api& api, http::RequestContext& ctx);
Awaitable list_calls(Api& api, http::RequestContext& ctx);
Awaitable get_call(Api& api, http::RequestContext& ctx);

// report_handlers.cpp (built on the report runner's thread)
Awaitable get_call_report(Api& api, http::RequestContext& ctx);
Awaitable get_heatmap(Api& api, http::RequestContext& ctx);
Awaitable get_paths(Api& api, http::RequestContext& ctx);

// cost_deal_handlers.cpp
Awaitable post_costs(Api& api, http::RequestContext& ctx);
Awaitable post_deal(Api& api, http::RequestContext& ctx);

// webhook_handlers.cpp (outbound webhooks, the delivery log, redelivery)
Awaitable create_webhook(Api& api, http::RequestContext& ctx);
Awaitable list_webhooks(Api& api, http::RequestContext& ctx);
Awaitable get_webhook(Api& api, http::RequestContext& ctx);
Awaitable patch_webhook(Api& api, http::RequestContext& ctx);
Awaitable delete_webhook(Api& api, http::RequestContext& ctx);
Awaitable list_deliveries(Api& api, http::RequestContext& ctx);
Awaitable get_delivery(Api& api, http::RequestContext& ctx);
Awaitable redeliver(Api& api, http::RequestContext& ctx);

// export_handlers.cpp (offline-conversion CSV files)
Awaitable export_google_ads(Api& api, http::RequestContext& ctx);
Awaitable export_yandex_metrica(Api& api, http::RequestContext& ctx);

// import_handlers.cpp
Awaitable import_asterisk_cdr(Api& api, http::RequestContext& ctx);

}  // namespace callsign::api
