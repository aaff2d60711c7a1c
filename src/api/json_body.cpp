#include "api/json_body.hpp"

#include <algorithm>

namespace callsign::api {

using nlohmann::json;

Result<json> parse_json_object(std::string_view body) {
  json parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded())
    return fail(Error{ErrorKind::malformed, "malformed_json", "the request body is not valid JSON", "body"});
  if (!parsed.is_object()) return fail(Error::invalid("body", "the request body must be a JSON object"));
  return parsed;
}

Result<void> reject_unknown_fields(const json& object, std::initializer_list<std::string_view> allowed,
                                   bool (*also_allowed)(std::string_view)) {
  for (const auto& [key, value] : object.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    if (also_allowed && also_allowed(key)) continue;
    return fail(Error{ErrorKind::invalid, "unknown_field", "unknown field \"" + key + "\"", key});
  }
  return {};
}

Result<std::optional<std::string>> optional_string(const json& object, const std::string& field) {
  auto it = object.find(field);
  if (it == object.end() || it->is_null()) return std::optional<std::string>{};
  if (!it->is_string()) return fail(Error::invalid(field, field + " must be a string"));
  return std::optional<std::string>{it->get<std::string>()};
}

Result<std::string> required_string(const json& object, const std::string& field) {
  auto value = optional_string(object, field);
  if (!value) return fail(value.error());
  if (!*value) return fail(Error{ErrorKind::invalid, "missing_field", field + " is required", field});
  return std::move(**value);
}

Result<std::optional<Timestamp>> optional_time(const json& object, const std::string& field) {
  auto text = optional_string(object, field);
  if (!text) return fail(Error::invalid(field, field + " must be an RFC 3339 time such as \"2026-03-08T09:00:00Z\""));
  if (!*text) return std::optional<Timestamp>{};
  auto t = parse_rfc3339(**text);
  if (!t)
    return fail(Error::invalid(field, field + " must be a real RFC 3339 time such as \"2026-03-08T09:00:00Z\", got \"" +
                                          **text + "\""));
  return std::optional<Timestamp>{*t};
}

Result<Timestamp> required_time(const json& object, const std::string& field) {
  auto t = optional_time(object, field);
  if (!t) return fail(t.error());
  if (!*t) return fail(Error{ErrorKind::invalid, "missing_field", field + " is required", field});
  return **t;
}

}  // namespace callsign::api
