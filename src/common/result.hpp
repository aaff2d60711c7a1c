#pragma once
// Errors are values: every fallible function on the request path returns Result<T>.
// An Error carries the kind (which decides the HTTP status, mapped in one place: api/error_mapping),
// a stable snake_case code, a human sentence, and the offending field when there is one.
#include <string>
#include <utility>

#include <tl/expected.hpp>

namespace callsign {

enum class ErrorKind {
  malformed,     // 400: the request cannot be parsed (bad JSON, bad form encoding)
  unauthorized,  // 401: no or unknown credentials
  forbidden,     // 403: credentials known but not good for this action
  not_found,     // 404: no such thing, or not visible to these credentials
  conflict,      // 409: the thing already exists / is in use
  too_large,     // 413: body or header over a configured limit
  invalid,       // 422: well-formed but a value is not acceptable
  rate_limited,  // 429
  unavailable,   // 503: shutting down, storage not reachable
  internal,      // 500: a bug or an I/O failure; details are logged, not returned
};

struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string code;     // snake_case, stable: clients may switch on it
  std::string message;  // a sentence for a person
  std::string field;    // the request field at fault, empty when none

  static Error malformed(std::string message, std::string field = {}) {
    return {ErrorKind::malformed, "malformed_request", std::move(message), std::move(field)};
  }
  static Error invalid(std::string field, std::string message) {
    return {ErrorKind::invalid, "invalid_value", std::move(message), std::move(field)};
  }
  static Error not_found(std::string message) { return {ErrorKind::not_found, "not_found", std::move(message), {}}; }
  static Error conflict(std::string field, std::string message) {
    return {ErrorKind::conflict, "conflict", std::move(message), std::move(field)};
  }
  static Error internal(std::string message) { return {ErrorKind::internal, "internal_error", std::move(message), {}}; }
};

template <class T>
using Result = tl::expected<T, Error>;

// Shorthand for returning an error from a function whose return type is Result<T>.
inline tl::unexpected<Error> fail(Error e) { return tl::unexpected<Error>(std::move(e)); }

}  // namespace callsign
