#include "domain/phone.hpp"

#include <algorithm>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>

#include <phonenumbers/geocoding/phonenumber_offline_geocoder.h>
#include <phonenumbers/phonenumberutil.h>
#include <unicode/locid.h>

namespace callsign::domain {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberOfflineGeocoder;
using i18n::phonenumbers::PhoneNumberUtil;

// Longer than any real number written with spaces, an extension and a "tel:" prefix; longer text is not a
// phone number, and libphonenumber would reject it anyway.
constexpr std::size_t kMaxInputLength = 100;
// How much of the offending text an error message repeats back.
constexpr std::size_t kMaxEchoLength = 40;

// libphonenumber's parser expects UTF-8 and would skip control characters; both mean the text is garbage.
bool is_clean_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && c != '\t') || c == 0x7F) return false;
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += len;
  }
  return true;
}

// The text as an error message may quote it: short, and always valid UTF-8 (error bodies are JSON).
std::string echo(std::string_view text) {
  std::string out;
  for (char ch : text.substr(0, kMaxEchoLength)) {
    const auto c = static_cast<unsigned char>(ch);
    out += (c < 0x20 || c >= 0x7F) ? '?' : ch;
  }
  if (text.size() > kMaxEchoLength) out += "...";
  return out;
}

Error not_valid(const std::string& field, std::string_view text, std::string_view hint = {}) {
  std::string message = field + " is not a valid phone number: \"" + echo(text) + "\"";
  if (!hint.empty()) message.append(" (").append(hint).append(")");
  return Error::invalid(field, std::move(message));
}

std::string_view line_type_name(PhoneNumberUtil::PhoneNumberType type) {
  switch (type) {
    case PhoneNumberUtil::FIXED_LINE: return "fixed_line";
    case PhoneNumberUtil::MOBILE: return "mobile";
    case PhoneNumberUtil::FIXED_LINE_OR_MOBILE: return "fixed_line_or_mobile";
    case PhoneNumberUtil::TOLL_FREE: return "toll_free";
    case PhoneNumberUtil::PREMIUM_RATE: return "premium_rate";
    case PhoneNumberUtil::SHARED_COST: return "shared_cost";
    case PhoneNumberUtil::VOIP: return "voip";
    case PhoneNumberUtil::PERSONAL_NUMBER: return "personal_number";
    case PhoneNumberUtil::PAGER: return "pager";
    case PhoneNumberUtil::UAN: return "uan";
    case PhoneNumberUtil::VOICEMAIL: return "voicemail";
    case PhoneNumberUtil::UNKNOWN: break;
  }
  return "unknown";
}

// The geocoder is not documented as thread-safe (it caches prefix maps it loads lazily), so one shared
// instance is used under a lock; a lookup is a binary search, so contention is negligible.
// `type` is the number's own (GetNumberType). GetDescriptionForNumber would work that type out again — the
// costly pattern matching, a third of a number's parse — only to take one of these two branches with it.
std::string describe_region(const PhoneNumber& number, PhoneNumberUtil::PhoneNumberType type) {
  static std::mutex mutex;
  static const PhoneNumberOfflineGeocoder geocoder;
  static const icu::Locale english("en");
  const bool geographical = PhoneNumberUtil::GetInstance()->IsNumberGeographical(type, number.country_code());
  std::lock_guard lock(mutex);
  return geographical ? geocoder.GetDescriptionForValidNumber(number, english)
                      : geocoder.GetDescriptionForNumber(number, english);
}

struct ValidNumber {
  PhoneNumber number;
  PhoneNumberUtil::PhoneNumberType type = PhoneNumberUtil::UNKNOWN;
};

// Parses and validates; nullopt when the text does not read as a valid number in `region`.
// A number is valid exactly when its region's metadata gives it a type (that is what IsValidNumber checks), so
// one GetNumberType answers both questions: the pattern matching is the costly part and runs once.
std::optional<ValidNumber> parse_valid(const std::string& text, const std::string& region,
                                       PhoneNumberUtil::ErrorType& error) {
  const auto& util = *PhoneNumberUtil::GetInstance();
  ValidNumber valid;
  error = util.Parse(text, region, &valid.number);
  if (error != PhoneNumberUtil::NO_PARSING_ERROR) return std::nullopt;
  valid.type = util.GetNumberType(valid.number);
  if (valid.type == PhoneNumberUtil::UNKNOWN) return std::nullopt;
  return valid;
}

// "00 44 20 7946 0958": 00 is the international prefix in most of the world, but libphonenumber only knows
// each region's own (011 in the US, 810 in Russia). Returns the text with its leading "00" as '+', or "".
std::string with_00_as_plus(std::string_view text) {
  auto first = std::find_if(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (first == text.end() || text.end() - first < 2 || first[0] != '0' || first[1] != '0') return {};
  // Only formatting may precede the 00 ("(00) 44 …" is odd but harmless); a '+' or letters mean another form.
  if (std::any_of(text.begin(), first, [](char c) { return c != ' ' && c != '(' && c != '\t'; })) return {};
  return "+" + std::string(first + 2, text.end());
}

// Recent results of libphonenumber, which costs tens of microseconds per number on the request path while
// tracking numbers repeat on every call and session, and many callers call again. Bounded: when full it starts
// over, which keeps it simple and its memory fixed. Only successes are kept.
template <class Value>
class RecentResults {
 public:
  std::optional<Value> find(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto it = known_.find(key);
    if (it == known_.end()) return std::nullopt;
    return it->second;
  }
  void remember(std::string key, const Value& value) {
    std::lock_guard lock(mutex_);
    if (known_.size() >= kCapacity) known_.clear();
    known_.emplace(std::move(key), value);
  }

 private:
  static constexpr std::size_t kCapacity = 8192;
  std::mutex mutex_;
  std::unordered_map<std::string, Value> known_;
};

RecentResults<PhoneNumberInfo>& recent_numbers() {
  static RecentResults<PhoneNumberInfo> recent;
  return recent;
}

RecentResults<std::string>& recent_national_forms() {
  static RecentResults<std::string> recent;
  return recent;
}

Result<PhoneNumberInfo> parse_phone(std::string_view text, std::string_view default_region, const std::string& field) {
  const bool blank = std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t'; });
  if (blank) return fail(Error::invalid(field, field + " must be a phone number, got an empty value"));
  if (text.size() > kMaxInputLength)
    return fail(not_valid(field, text, "longer than " + std::to_string(kMaxInputLength) + " characters"));
  if (!is_clean_utf8(text)) return fail(not_valid(field, text, "control characters or invalid UTF-8"));

  const std::string input(text);
  const std::string region(default_region);
  PhoneNumberUtil::ErrorType error = PhoneNumberUtil::NO_PARSING_ERROR;
  auto number = parse_valid(input, region, error);
  if (!number) {
    PhoneNumberUtil::ErrorType retry_error = PhoneNumberUtil::NO_PARSING_ERROR;
    if (auto plus = with_00_as_plus(input); !plus.empty()) number = parse_valid(plus, region, retry_error);
  }
  if (!number) {
    switch (error) {
      case PhoneNumberUtil::NOT_A_NUMBER: return fail(not_valid(field, text, "no phone number found in it"));
      case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR:
        return fail(not_valid(field, text, "unknown country; write it as +<country code> <number>"));
      default: return fail(not_valid(field, text));
    }
  }

  const auto& util = *PhoneNumberUtil::GetInstance();
  PhoneNumberInfo info;
  // E.164 has no room for an extension: "+1 415 555 0123 ext. 5" is the line +14155550123.
  util.Format(number->number, PhoneNumberUtil::E164, &info.e164);
  info.region = describe_region(number->number, number->type);
  info.line_type = std::string(line_type_name(number->type));
  return info;
}

}  // namespace

Result<PhoneNumberInfo> normalize_phone(std::string_view text, std::string_view default_region,
                                        const std::string& field) {
  std::string key;
  key.reserve(default_region.size() + 1 + text.size());
  key.append(default_region).append(1, '\0').append(text);
  if (auto known = recent_numbers().find(key)) return std::move(*known);
  auto parsed = parse_phone(text, default_region, field);
  if (parsed) recent_numbers().remember(std::move(key), *parsed);
  return parsed;
}

void normalize_phone_ahead(std::string_view text, std::string_view default_region) {
  (void)normalize_phone(text, default_region, "phone");
}

std::string format_national(const std::string& e164) {
  if (auto known = recent_national_forms().find(e164)) return std::move(*known);
  const auto& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  if (util.Parse(e164, "ZZ", &number) != PhoneNumberUtil::NO_PARSING_ERROR) return e164;
  std::string out;
  util.Format(number, PhoneNumberUtil::NATIONAL, &out);
  if (out.empty()) return e164;
  recent_national_forms().remember(e164, out);
  return out;
}

bool is_known_region(std::string_view region) {
  static const std::set<std::string, std::less<>> regions = [] {
    std::set<std::string> all;
    PhoneNumberUtil::GetInstance()->GetSupportedRegions(&all);
    return std::set<std::string, std::less<>>(all.begin(), all.end());
  }();
  return regions.find(region) != regions.end();
}

}  // namespace callsign::domain
