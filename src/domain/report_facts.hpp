#pragma once
// What reports read from storage: one row per call (only the columns reports use), a visitor's sessions as
// touches before a call, and session counts per time bucket. The report logic (src/reports/) aggregates them;
// the ports in repositories.hpp fetch them.
#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/time.hpp"
#include "domain/call.hpp"

namespace callsign::domain {

// The report dimensions of API.md "Reports". The first six are traffic-source fields a session has too.
enum class ReportDimension {
  channel, source, medium, campaign, term, landing_page,  // traffic source: sessions and calls
  tracking_number, operator_name,                          // calls only
  date, hour, weekday,                                     // the call's (or session's) start, project timezone
};
inline constexpr std::size_t kTrafficDimensions = 6;  // channel … landing_page
inline constexpr std::size_t kCallTextDimensions = 8;  // channel … operator_name
std::string_view to_string(ReportDimension);            // "channel", …, "operator", "date", "hour", "weekday"
std::optional<ReportDimension> report_dimension_from_string(std::string_view);
inline bool is_traffic_dimension(ReportDimension d) { return static_cast<std::size_t>(d) < kTrafficDimensions; }
inline bool is_time_dimension(ReportDimension d) { return d >= ReportDimension::date; }

// Traffic-source values, indexed by ReportDimension (channel … landing_page); "" when unknown.
using TrafficValues = std::array<std::string, kTrafficDimensions>;

// A call as reports see it. Text values are "" when the call has none (unattributed, no operator).
struct CallFact {
  std::string id;
  Timestamp started_at{};
  std::optional<Timestamp> answered_at, ended_at;
  CallStatus status = CallStatus::no_answer;
  CallFlags flags;
  std::string visitor_id;                               // "" when the call is not linked to a visitor
  std::array<std::string, kCallTextDimensions> values;  // indexed by ReportDimension (channel … operator_name)
};

// Which of a CallFact's fields a reader needs (started_at, answered_at, ended_at and the flags always come). The
// others are left empty ("", no_answer): reading a text column costs more than the rest of a row, and a report by
// campaign × date needs one of the ten.
struct CallFactFields {
  bool id = true, status = true, visitor_id = true;
  std::array<bool, kCallTextDimensions> values{true, true, true, true, true, true, true, true};
};

// Call-level filters applied where the calls are read (traffic-source filters apply after crediting), and the
// fields to read.
struct CallFactFilter {
  Timestamp from{}, to{};  // started_at in [from, to)
  std::optional<CallStatus> status;
  bool missed_only = false;  // status "missed": every status but answered
  std::optional<bool> target, unique, off_hours;
  std::optional<std::string> tracking_number, operator_name;
  CallFactFields fields;
};

// A session of a visitor before a call: a touch point for multi-touch models and paths.
struct SessionTouch {
  Timestamp started_at{};
  TrafficValues values;
};

// How many sessions started in one time bucket with one combination of the requested traffic dimensions.
struct SessionBucket {
  std::int64_t bucket_start_ms = 0;  // UTC, a multiple of the bucket length (hourly and raw counts)
  std::int64_t local_day = 0;        // the project's local day (daily counts)
  std::vector<std::string> values;   // one per requested dimension, in request order; "" when none
  std::uint64_t sessions = 0;
};

struct SessionCountQuery {
  Timestamp from{}, to{};                          // started_at in [from, to)
  std::chrono::minutes bucket{60};                 // 60: hourly buckets (the rollup can answer); 1: minutes
  std::vector<ReportDimension> dimensions;         // traffic dimensions only
  std::vector<std::pair<ReportDimension, std::string>> filters;  // traffic dimension = value ("" = none)
};

// The local days the daily session rollup holds for a project, and the timezone they are days of.
struct DailyRollupCoverage {
  std::string timezone;
  std::int64_t from_day = 0, until_day = 0;  // [from_day, until_day)
};

// One local day's sessions of a project for one (channel, source, medium, campaign).
struct DailyRollupRow {
  std::int64_t day = 0;
  std::array<std::string, 4> values;
  std::uint64_t sessions = 0;
};

// One hour's sessions of a project for one traffic-source combination: a row of the session rollup.
struct SessionRollupRow {
  std::string project_id;
  std::int64_t hour_start_ms = 0;
  TrafficValues values;
  std::uint64_t sessions = 0;
};

}  // namespace callsign::domain
