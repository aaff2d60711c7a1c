#pragma once
// Days, hours and weekdays in the project's timezone for one report range, with the UTC instants that bound it.
// The zone's offsets over the range are computed once, so placing a call in its local hour is a binary search,
// not a time-zone lookup.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "common/time.hpp"

namespace date {
class time_zone;
}

namespace callsign::reports {

// Days since 1970-01-01 ("2026-03-08" ↔ 20520). parse_day: nullopt unless exactly YYYY-MM-DD and a real date.
std::optional<std::int64_t> parse_day(std::string_view text);
std::string format_day(std::int64_t day);
// 0 = Monday … 6 = Sunday, and its short name ("mon" … "sun").
int weekday_of(std::int64_t day);
std::string_view weekday_name(int weekday);

class ProjectCalendar {
 public:
  // The local days [from_day, to_day] (inclusive) of `timezone` (an IANA name). Error{invalid, "timezone"} for a
  // zone the database does not know. A local midnight that does not exist (a DST gap) starts at the gap's end.
  static Result<ProjectCalendar> make(const std::string& timezone, std::int64_t from_day, std::int64_t to_day);

  Timestamp from() const { return from_; }  // UTC instant of from_day's first local moment
  Timestamp to() const { return to_; }      // UTC instant of the day after to_day: the range is [from, to)
  // The UTC instant local day `day` begins at (the same rule as from()).
  Timestamp day_start(std::int64_t day) const;

  struct Local {
    std::int64_t day = 0;
    int hour = 0;
    int weekday = 0;  // 0 = Monday
  };
  // Where `t` falls in local time. `t` should lie within [from, to) (outside, the nearest known offset is used).
  Local local(Timestamp t) const;
  // True when every offset over the range is a whole number of hours: an hour-bucket's start is then on a local
  // hour boundary, and hourly rollups can be placed in local hours exactly.
  bool whole_hour_offsets() const;

 private:
  const date::time_zone* zone_ = nullptr;
  Timestamp from_{}, to_{};
  std::vector<std::pair<std::int64_t, std::int64_t>> offsets_;  // (UTC ms where it begins, offset ms), ascending
};

}  // namespace callsign::reports
