#pragma once
// Phone numbers as people write them → E.164, with the caller's region and line type (libphonenumber).
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace callsign::domain {

struct PhoneNumberInfo {
  std::string e164;       // "+14155550123"
  std::string region;     // geocoded description in English, e.g. "San Francisco, CA"; "" when unknown
  std::string line_type;  // "mobile", "fixed_line", "fixed_line_or_mobile", "toll_free", "premium_rate",
                          // "shared_cost", "voip", "personal_number", "pager", "uan", "voicemail", "unknown"
};

// Thread-safe; cheap to call from any thread.
// `text`: any common written form ("(415) 555-0123", "+1 415-555-0123", "8 (495) 123-45-67").
// `default_region`: ISO 3166 alpha-2 used when the number has no '+' (the project's `country`).
// Errors: Error{invalid, field} when the text is not a phone number or not a possible/valid number.
Result<PhoneNumberInfo> normalize_phone(std::string_view text, std::string_view default_region,
                                        const std::string& field);

// Normalizes `text` now, so that a later normalize_phone of the same text and region — on a thread that should
// not spend the tens of microseconds libphonenumber takes, such as the writer's — finds the result among the
// recent ones. Thread-safe. A text that is not a valid number is not remembered: the later call reports it.
void normalize_phone_ahead(std::string_view text, std::string_view default_region);

// How a person in the number's own country writes it: "+14155550123" → "(415) 555-0123",
// "+74951234567" → "8 (495) 123-45-67". Thread-safe. Returns `e164` unchanged when it is not a valid number.
std::string format_national(const std::string& e164);

// True when `region` is an ISO 3166 alpha-2 code libphonenumber knows ("US", "GB", "RU").
bool is_known_region(std::string_view region);

}  // namespace callsign::domain
