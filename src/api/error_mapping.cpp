#include "api/error_mapping.hpp"

#include <spdlog/spdlog.h>

namespace callsign::api {

unsigned http_status(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::malformed: return 400;
    case ErrorKind::unauthorized: return 401;
    case ErrorKind::forbidden: return 403;
    case ErrorKind::not_found: return 404;
    case ErrorKind::conflict: return 409;
    case ErrorKind::too_large: return 413;
    case ErrorKind::invalid: return 422;
    case ErrorKind::rate_limited: return 429;
    case ErrorKind::unavailable: return 503;
    case ErrorKind::internal: return 500;
  }
  return 500;
}

http::Response error_to_response(const Error& error) {
  if (error.kind == ErrorKind::internal) {
    spdlog::error("internal error: {}", error.message);
    return http::error_response(500, "internal_error", "something went wrong on the server; it has been logged");
  }
  return http::error_response(http_status(error.kind), error.code, error.message, error.field);
}

}  // namespace callsign::api
