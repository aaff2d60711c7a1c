#pragma once
// GET …/calls?format=csv: the call log as a spreadsheet (one line per call, E.164 numbers, RFC 3339 UTC times).
#include <string>
#include <vector>

#include "domain/call.hpp"

namespace callsign::api {

// RFC 4180 with "\r\n": a header line, then one line per call in the given order. Booleans are true/false.
std::string calls_csv(const std::vector<domain::Call>& calls);

}  // namespace callsign::api
