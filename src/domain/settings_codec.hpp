#pragma once
// ProjectSettings <-> JSON, as API.md names the fields. Used by the API (requests and responses) and by
// storage (the settings column), so the two can never disagree on a name.
#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "domain/project.hpp"

namespace callsign::domain {

enum class Secrets { omit, include };  // write-only settings (twilio_auth_token, ga4.api_secret)

nlohmann::json encode_settings(const ProjectSettings& settings, Secrets secrets);

// Applies the setting fields present in `object` onto `settings` (a PATCH); other keys are ignored so the
// caller can decide about unknown fields. Validates every value: on the first bad one returns
// Error{invalid, field = the setting's name, e.g. "working_hours.mon"} and leaves `settings` unchanged.
// A null value resets a nullable setting (default_number, working_hours, twilio_auth_token, ga4).
Result<void> apply_settings(ProjectSettings& settings, const nlohmann::json& object);

// The working_hours shape, {"mon": [["09:00", "18:00"]], …, "sun": []}, shared by other opening-hours fields
// (a routing plan's schedule). encode writes every day, intervals sorted. decode validates like working_hours:
// errors are Error{invalid} naming `field` (not an object) or `field.<day>` (an unknown day, a bad or
// overlapping interval); days left out are closed.
nlohmann::json encode_working_hours(const WorkingHours& hours);
Result<WorkingHours> decode_working_hours(const nlohmann::json& value, const std::string& field);

// True when `key` is a setting name ("timezone", "working_hours", …).
bool is_setting_key(std::string_view key);

}  // namespace callsign::domain
