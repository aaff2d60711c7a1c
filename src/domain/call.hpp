#pragma once
// The one internal call model every telephony source is turned into (DESIGN.md §1).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/time.hpp"

namespace callsign::domain {

enum class CallStatus { answered, no_answer, busy, failed, abandoned, voicemail };
std::string_view to_string(CallStatus);
std::optional<CallStatus> call_status_from_string(std::string_view);

enum class AttributionMethod { static_number, session, caller_memory, none };
std::string_view to_string(AttributionMethod);  // "static", "session", "caller_memory", "none"

struct Attribution {
  AttributionMethod method = AttributionMethod::none;
  double confidence = 0;  // 0..1; 1 for static numbers
  std::optional<std::string> session_id, visitor_id;
  std::optional<std::string> channel, source, medium, campaign, term, content, gclid, landing_page;
  friend bool operator==(const Attribution&, const Attribution&) = default;
};

struct CallFlags {
  bool answered = false, missed = false, abandoned = false, target = false;
  bool first_time = false, unique = false, repeat = false, unique_target = false;
  bool off_hours = false, spam = false;
  friend bool operator==(const CallFlags&, const CallFlags&) = default;
};

struct Call {
  std::string id;  // "call_…"
  std::string project_id;
  std::string external_id;      // the source's id; (project_id, external_id) is unique
  std::string tracking_number;  // E.164
  std::string caller;           // E.164, or kWithheldCaller ("anonymous") when the caller id was withheld
  std::string caller_region;    // "New York, NY", "" when unknown
  std::string caller_line_type; // "mobile", "fixed_line", "fixed_line_or_mobile", "toll_free", "voip", "unknown", …
  Timestamp started_at{};
  std::optional<Timestamp> answered_at, ended_at;
  CallStatus status = CallStatus::no_answer;
  std::optional<std::string> operator_name;  // API field "operator"
  std::optional<std::string> operator_id;    // the project's operator ("op_…") when routing knows who answered
  std::optional<std::string> recording_url;
  Attribution attribution;
  CallFlags flags;
  std::vector<std::string> tags;
  Timestamp created_at{}, updated_at{};

  // API.md: answered_at − started_at, or ended_at − started_at when missed; nullopt when unknown.
  std::optional<std::int64_t> wait_seconds() const;
  // ended_at − answered_at; 0 when never answered, nullopt when answered but not ended yet.
  std::optional<std::int64_t> talk_seconds() const;
};

// Orders calls of one caller: by start, then external_id so arrival order never changes the outcome.
inline bool starts_before(const Call& a, const Call& b) {
  if (a.started_at != b.started_at) return a.started_at < b.started_at;
  return a.external_id < b.external_id;
}

}  // namespace callsign::domain
