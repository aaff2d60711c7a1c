#pragma once
// Domain objects → the JSON shapes of API.md. Secrets never appear here.
#include <nlohmann/json.hpp>

#include "domain/call.hpp"
#include "domain/project.hpp"
#include "domain/tracking_number.hpp"

namespace callsign::api {

nlohmann::json encode_project(const domain::Project& project);
nlohmann::json encode_number(const domain::TrackingNumber& number);
nlohmann::json encode_call(const domain::Call& call);

}  // namespace callsign::api
