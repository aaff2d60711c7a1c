#pragma once
// The pool sizing advisor's answer as JSON (GET …/pools/{pool_id}/advice, `callsign pool advise --json`), and the
// `target` parameter both accept.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "sim/pool_advisor.hpp"

namespace callsign::api {

// "0.95" → 0.95. Error{malformed, field "target"} when not a number; Error{invalid, field "target"} when not
// strictly between 0 and 1.
Result<double> parse_advice_target(std::string_view text);

// {pool_id, status, target, current_size, recommended_size, from, to, days, hold_seconds, sessions, calls,
//  excluded_calls, curve: [{pool_size, channel_accuracy, call_accuracy, wrong, unattributed, number_months}]};
// shares are 0..1 rounded to 4 decimals.
nlohmann::json encode_pool_advice(const std::string& pool_id, const sim::RecordedAdvice& advice);

}  // namespace callsign::api
