#pragma once
// The one place where an Error becomes an HTTP status and body.
#include "common/result.hpp"
#include "http/message.hpp"

namespace callsign::api {

unsigned http_status(ErrorKind kind);

// Internal errors are logged with their detail and answered with a generic sentence.
http::Response error_to_response(const Error& error);

}  // namespace callsign::api
