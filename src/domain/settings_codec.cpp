#include "domain/settings_codec.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <exception>

#include <date/date.h>
#include <date/tz.h>

#include "domain/phone.hpp"

namespace callsign::domain {
namespace {

using nlohmann::json;

constexpr std::array<const char*, 7> kDayNames{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
constexpr std::array<std::string_view, 15> kSettingKeys{
    "timezone",     "country",         "currency",         "default_number", "target_call_seconds",
    "sales_cycle_days", "session_hold_seconds", "caller_memory_days", "working_hours", "holidays",
    "margin_percent", "blocked_callers", "twilio_auth_token", "record_calls",   "ga4"};

std::string format_minute(int minute) {
  std::string out = std::to_string(minute / 60) + ":" + std::to_string(minute % 60);
  if (minute / 60 < 10) out.insert(0, "0");
  if (minute % 60 < 10) out.insert(out.size() - 1, "0");
  return out;
}

// "HH:MM" → minutes since midnight; "24:00" is allowed (end of day).
std::optional<int> parse_minute(const json& v) {
  if (!v.is_string()) return std::nullopt;
  const auto& s = v.get_ref<const std::string&>();
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  for (int i : {0, 1, 3, 4})
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  int h = (s[0] - '0') * 10 + (s[1] - '0');
  int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
  return h * 60 + m;
}

Result<int> decode_int(const json& v, const std::string& field, int min, int max) {
  if (!v.is_number_integer() && !(v.is_number_float() && std::floor(v.get<double>()) == v.get<double>()))
    return fail(Error::invalid(field, field + " must be a whole number"));
  double d = v.get<double>();
  if (d < min || d > max)
    return fail(Error::invalid(field, field + " must be between " + std::to_string(min) + " and " + std::to_string(max)));
  return static_cast<int>(d);
}

Result<std::string> decode_string(const json& v, const std::string& field) {
  if (!v.is_string()) return fail(Error::invalid(field, field + " must be a string"));
  return v.get<std::string>();
}

bool is_valid_timezone(const std::string& name) {
  if (name.empty()) return false;
  try {
    date::locate_zone(name);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

Result<std::vector<std::string>> decode_holidays(const json& v) {
  if (!v.is_array()) return fail(Error::invalid("holidays", "holidays must be a list of \"YYYY-MM-DD\" dates"));
  std::vector<std::string> out;
  for (const auto& d : v) {
    date::year_month_day ymd{};
    bool ok = false;
    if (d.is_string()) {
      const auto& s = d.get_ref<const std::string&>();
      unsigned y = 0, m = 0, day = 0;
      char tail = 0;
      ok = s.size() == 10 && std::sscanf(s.c_str(), "%4u-%2u-%2u%c", &y, &m, &day, &tail) == 3 &&
           date::year_month_day{date::year{static_cast<int>(y)}, date::month{m}, date::day{day}}.ok() && y >= 1970;
    }
    if (!ok) return fail(Error::invalid("holidays", "holidays must be real dates written YYYY-MM-DD, got " + d.dump()));
    out.push_back(d.get<std::string>());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<std::vector<std::string>> decode_blocked_callers(const json& v, const std::string& country) {
  if (!v.is_array()) return fail(Error::invalid("blocked_callers", "blocked_callers must be a list of phone numbers"));
  std::vector<std::string> out;
  for (const auto& n : v) {
    if (!n.is_string()) return fail(Error::invalid("blocked_callers", "blocked_callers must be a list of phone numbers"));
    auto phone = normalize_phone(n.get<std::string>(), country, "blocked_callers");
    if (!phone) return fail(phone.error());
    out.push_back(phone->e164);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<Ga4Settings> decode_ga4(const json& v, const std::optional<Ga4Settings>& current) {
  if (!v.is_object())
    return fail(Error::invalid("ga4", "ga4 must be an object {measurement_id, api_secret, endpoint?}"));
  Ga4Settings ga4 = current.value_or(Ga4Settings{});
  for (const auto& [key, value] : v.items()) {
    std::string field = "ga4." + key;
    if (key == "measurement_id" || key == "api_secret") {
      auto s = decode_string(value, field);
      if (!s) return fail(s.error());
      (key == "measurement_id" ? ga4.measurement_id : ga4.api_secret) = *s;
    } else if (key == "endpoint") {
      if (value.is_null()) {
        ga4.endpoint.reset();
        continue;
      }
      auto s = decode_string(value, field);
      if (!s) return fail(s.error());
      if (s->rfind("http://", 0) != 0 && s->rfind("https://", 0) != 0)
        return fail(Error::invalid(field, "ga4.endpoint must be an http(s) URL"));
      ga4.endpoint = *s;
    } else if (key != "api_secret_set") {
      return fail(Error{ErrorKind::invalid, "unknown_field", "ga4 has no field \"" + key + "\"", field});
    }
  }
  if (ga4.measurement_id.empty()) return fail(Error::invalid("ga4.measurement_id", "ga4.measurement_id is required"));
  if (ga4.api_secret.empty()) return fail(Error::invalid("ga4.api_secret", "ga4.api_secret is required"));
  return ga4;
}

// Applies one key. `next` already holds the keys applied before it (country before numbers: see below).
Result<void> apply_one(ProjectSettings& next, const std::string& key, const json& v) {
  auto set_int = [&](int& target, int min, int max) -> Result<void> {
    auto n = decode_int(v, key, min, max);
    if (!n) return fail(n.error());
    target = *n;
    return {};
  };
  if (key == "timezone") {
    auto s = decode_string(v, key);
    if (!s) return fail(s.error());
    if (!is_valid_timezone(*s))
      return fail(Error::invalid(key, "timezone must be an IANA time zone name such as \"Europe/Berlin\", got \"" + *s + "\""));
    next.timezone = *s;
  } else if (key == "country") {
    auto s = decode_string(v, key);
    if (!s) return fail(s.error());
    if (!is_known_region(*s))
      return fail(Error::invalid(key, "country must be an ISO 3166 region code such as \"US\", got \"" + *s + "\""));
    next.country = *s;
  } else if (key == "currency") {
    auto s = decode_string(v, key);
    if (!s) return fail(s.error());
    bool ok = s->size() == 3 && std::all_of(s->begin(), s->end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    if (!ok) return fail(Error::invalid(key, "currency must be an ISO 4217 code such as \"USD\""));
    next.currency = *s;
  } else if (key == "default_number") {
    if (v.is_null()) {
      next.default_number.reset();
      return {};
    }
    auto s = decode_string(v, key);
    if (!s) return fail(s.error());
    auto phone = normalize_phone(*s, next.country, key);
    if (!phone) return fail(phone.error());
    next.default_number = phone->e164;
  } else if (key == "target_call_seconds") {
    return set_int(next.target_call_seconds, 0, 86400);
  } else if (key == "sales_cycle_days") {
    return set_int(next.sales_cycle_days, 1, 3650);
  } else if (key == "session_hold_seconds") {
    return set_int(next.session_hold_seconds, 10, 86400);  // a pool number needs a hold; pools allow 10 s and up
  } else if (key == "caller_memory_days") {
    return set_int(next.caller_memory_days, 0, 3650);
  } else if (key == "working_hours") {
    if (v.is_null()) {
      next.working_hours.reset();
      return {};
    }
    auto wh = decode_working_hours(v, key);
    if (!wh) return fail(wh.error());
    next.working_hours = *wh;
  } else if (key == "holidays") {
    auto h = decode_holidays(v);
    if (!h) return fail(h.error());
    next.holidays = *h;
  } else if (key == "margin_percent") {
    if (!v.is_number()) return fail(Error::invalid(key, "margin_percent must be a number"));
    double m = v.get<double>();
    if (!(m >= 0 && m <= 100)) return fail(Error::invalid(key, "margin_percent must be between 0 and 100"));
    next.margin_percent = m;
  } else if (key == "blocked_callers") {
    auto b = decode_blocked_callers(v, next.country);
    if (!b) return fail(b.error());
    next.blocked_callers = *b;
  } else if (key == "twilio_auth_token") {
    if (v.is_null()) {
      next.twilio_auth_token.reset();
      return {};
    }
    auto s = decode_string(v, key);
    if (!s) return fail(s.error());
    if (s->empty()) return fail(Error::invalid(key, "twilio_auth_token must not be empty (use null to remove it)"));
    next.twilio_auth_token = *s;
  } else if (key == "record_calls") {
    if (!v.is_boolean()) return fail(Error::invalid(key, "record_calls must be true or false"));
    next.record_calls = v.get<bool>();
  } else if (key == "ga4") {
    if (v.is_null()) {
      next.ga4.reset();
      return {};
    }
    auto g = decode_ga4(v, next.ga4);
    if (!g) return fail(g.error());
    next.ga4 = *g;
  }
  return {};
}

}  // namespace

json encode_working_hours(const WorkingHours& wh) {
  json out = json::object();
  for (std::size_t d = 0; d < 7; ++d) {
    json ranges = json::array();
    for (const auto& r : wh.days[d]) ranges.push_back({format_minute(r.open_minute), format_minute(r.close_minute)});
    out[kDayNames[d]] = std::move(ranges);
  }
  return out;
}

Result<WorkingHours> decode_working_hours(const json& v, const std::string& field) {
  if (!v.is_object())
    return fail(Error::invalid(field, field + " must be an object like {\"mon\": [[\"09:00\", \"18:00\"]], …}"));
  WorkingHours wh;
  for (const auto& [key, ranges] : v.items()) {
    auto day = std::find(kDayNames.begin(), kDayNames.end(), key);
    if (day == kDayNames.end())
      return fail(Error::invalid(field + "." + key, field + " days are mon, tue, wed, thu, fri, sat, sun"));
    std::string day_field = field + "." + key;
    if (!ranges.is_array()) return fail(Error::invalid(day_field, day_field + " must be a list of [\"HH:MM\", \"HH:MM\"]"));
    auto& out = wh.days[static_cast<std::size_t>(day - kDayNames.begin())];
    for (const auto& range : ranges) {
      std::optional<int> open, close;
      if (range.is_array() && range.size() == 2) {
        open = parse_minute(range[0]);
        close = parse_minute(range[1]);
      }
      if (!open || !close || *open >= *close)
        return fail(Error::invalid(day_field, day_field + " needs [\"HH:MM\", \"HH:MM\"] pairs with the opening time "
                                                          "before the closing time (24:00 allowed)"));
      out.push_back({*open, *close});
    }
    std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.open_minute < b.open_minute; });
    for (std::size_t i = 1; i < out.size(); ++i)
      if (out[i].open_minute < out[i - 1].close_minute)
        return fail(Error::invalid(day_field, day_field + " has overlapping intervals"));
  }
  return wh;
}

bool is_setting_key(std::string_view key) {
  return std::find(kSettingKeys.begin(), kSettingKeys.end(), key) != kSettingKeys.end();
}

json encode_settings(const ProjectSettings& s, Secrets secrets) {
  json out{{"timezone", s.timezone},
           {"country", s.country},
           {"currency", s.currency},
           {"default_number", s.default_number ? json(*s.default_number) : json(nullptr)},
           {"target_call_seconds", s.target_call_seconds},
           {"sales_cycle_days", s.sales_cycle_days},
           {"session_hold_seconds", s.session_hold_seconds},
           {"caller_memory_days", s.caller_memory_days},
           {"working_hours", s.working_hours ? encode_working_hours(*s.working_hours) : json(nullptr)},
           {"holidays", s.holidays},
           {"margin_percent", s.margin_percent},
           {"blocked_callers", s.blocked_callers},
           {"record_calls", s.record_calls}};
  if (secrets == Secrets::include) {
    out["twilio_auth_token"] = s.twilio_auth_token ? json(*s.twilio_auth_token) : json(nullptr);
  } else {
    out["twilio_auth_token_set"] = s.twilio_auth_token.has_value();
  }
  if (!s.ga4) {
    out["ga4"] = nullptr;
  } else {
    json ga4{{"measurement_id", s.ga4->measurement_id},
             {"endpoint", s.ga4->endpoint ? json(*s.ga4->endpoint) : json(nullptr)}};
    if (secrets == Secrets::include)
      ga4["api_secret"] = s.ga4->api_secret;
    else
      ga4["api_secret_set"] = !s.ga4->api_secret.empty();
    out["ga4"] = std::move(ga4);
  }
  return out;
}

Result<void> apply_settings(ProjectSettings& settings, const json& object) {
  if (!object.is_object()) return fail(Error::invalid("settings", "settings must be a JSON object"));
  ProjectSettings next = settings;
  // country first: numbers in the same request are read with the new country.
  if (auto it = object.find("country"); it != object.end())
    if (auto r = apply_one(next, "country", *it); !r) return r;
  for (const auto& [key, value] : object.items()) {
    if (key == "country" || !is_setting_key(key)) continue;
    if (auto r = apply_one(next, key, value); !r) return r;
  }
  settings = std::move(next);
  return {};
}

}  // namespace callsign::domain
