#pragma once
// Calls and deals → the JSON shapes of API.md (the call object, the deal object). Shared by the API's responses
// and the outbound events (webhook `data`), so a CRM receives exactly what GET …/calls/{id} would answer.
#include <nlohmann/json.hpp>

#include "domain/call.hpp"
#include "domain/cost_deal.hpp"

namespace callsign::domain {

nlohmann::json encode_call(const Call& call);
nlohmann::json encode_deal(const Deal& deal);

}  // namespace callsign::domain
