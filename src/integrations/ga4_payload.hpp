#pragma once
// Google Analytics 4 Measurement Protocol requests for calls (docs/integrations.md cites the reference followed):
//   POST <endpoint>?measurement_id=…&api_secret=…   with the JSON body
//   {client_id, [timestamp_micros], events: [{name: "call"|"unique_call"|"unique_target_call",
//                                             params: {session_id?, engagement_time_msec, …}}]}
#include <string>

#include <nlohmann/json.hpp>

#include "common/time.hpp"
#include "domain/outbound.hpp"
#include "domain/project.hpp"

namespace callsign::integrations {

inline constexpr const char* kGa4DefaultEndpoint = "https://www.google-analytics.com/mp/collect";

// The collect URL: the settings' endpoint (default kGa4DefaultEndpoint) with measurement_id and api_secret as
// percent-encoded query parameters.
std::string ga4_collect_url(const domain::Ga4Settings& settings);

// The request body for one completed call (`call`: the call object of API.md as JSON) of a visitor: the `call`
// event, plus `unique_call` when flags.unique and `unique_target_call` when flags.unique_target, each with the same
// params — session_id (when the visitor's GA session is known), engagement_time_msec, call_id, channel, source,
// medium, campaign (when attributed), talk_seconds, wait_seconds, target (1/0), call_status. No phone numbers (GA
// forbids personal data). timestamp_micros is the call's start when it is less than 72 h before `now` (GA's limit
// for back-dated events); otherwise GA stamps the event on arrival.
nlohmann::json ga4_payload(const nlohmann::json& call, const domain::Ga4Visitor& visitor, Timestamp now);

}  // namespace callsign::integrations
