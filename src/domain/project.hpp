#pragma once
// A project: one business (or one agency client) with its settings, credentials and numbers.
#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/time.hpp"

namespace callsign::domain {

// Minutes since local midnight, [0, 1440]. An interval is half-open: [open, close).
struct TimeRange {
  int open_minute = 0;
  int close_minute = 0;
  friend bool operator==(const TimeRange&, const TimeRange&) = default;
};

// Open intervals per weekday, index 0 = Monday … 6 = Sunday. A day with no interval is closed all day.
struct WorkingHours {
  std::array<std::vector<TimeRange>, 7> days;
  friend bool operator==(const WorkingHours&, const WorkingHours&) = default;
};

struct Ga4Settings {
  std::string measurement_id;
  std::string api_secret;  // write-only: never returned by the API
  std::optional<std::string> endpoint;
  friend bool operator==(const Ga4Settings&, const Ga4Settings&) = default;
};

// Every setting of API.md "Projects", with its default.
struct ProjectSettings {
  std::string timezone = "UTC";  // IANA name, validated on write
  std::string country = "US";    // ISO 3166 region for numbers written without '+'
  std::string currency = "USD";  // ISO 4217
  std::optional<std::string> default_number;  // E.164
  int target_call_seconds = 30;
  int sales_cycle_days = 30;
  int session_hold_seconds = 900;
  int caller_memory_days = 30;
  std::optional<WorkingHours> working_hours;  // nullopt = always open
  std::vector<std::string> holidays;          // "YYYY-MM-DD" local dates, sorted, unique
  double margin_percent = 100;
  std::vector<std::string> blocked_callers;   // E.164, sorted, unique
  std::optional<std::string> twilio_auth_token;  // write-only
  bool record_calls = false;
  std::optional<Ga4Settings> ga4;
  friend bool operator==(const ProjectSettings&, const ProjectSettings&) = default;
};

struct Project {
  std::string id;    // "prj_…"
  std::string name;
  ProjectSettings settings;
  std::string api_key_hash;  // sha256_hex of the api key; the key itself is shown once and never stored
  std::string public_key;    // "pk_…"; not a secret
  Timestamp created_at{};
};

}  // namespace callsign::domain
