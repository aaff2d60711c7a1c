#pragma once
// Reading request bodies: JSON parsing and typed field access that fail with the field's name.
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "common/time.hpp"

namespace callsign::api {

// Parses `body` as one JSON object. Errors: Error{malformed, code "malformed_json"} for bad JSON,
// Error{invalid, field "body"} when it is JSON but not an object.
Result<nlohmann::json> parse_json_object(std::string_view body);

// Error{invalid, code "unknown_field", field = key} for the first key of `object` not in `allowed`.
// Unknown fields are refused rather than ignored: a typo in a setting must not pass silently.
Result<void> reject_unknown_fields(const nlohmann::json& object, std::initializer_list<std::string_view> allowed,
                                   bool (*also_allowed)(std::string_view) = nullptr);

// Typed access to `object[field]`. Absent or null → nullopt for optional_*, Error{invalid, code
// "missing_field"} for required_*. A value of the wrong type → Error{invalid, field}.
Result<std::string> required_string(const nlohmann::json& object, const std::string& field);
Result<std::optional<std::string>> optional_string(const nlohmann::json& object, const std::string& field);
Result<Timestamp> required_time(const nlohmann::json& object, const std::string& field);
Result<std::optional<Timestamp>> optional_time(const nlohmann::json& object, const std::string& field);

// Stores a successful `value` in `target`, or returns its error: lets a decoder read fields one after another.
template <class T>
Result<void> assign(T& target, Result<T> value) {
  if (!value) return fail(value.error());
  target = std::move(*value);
  return {};
}

// The first error among `steps` (evaluated in order), or success.
inline Result<void> first_error(std::initializer_list<Result<void>> steps) {
  for (const auto& step : steps)
    if (!step) return step;
  return {};
}

}  // namespace callsign::api
