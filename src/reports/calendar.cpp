#include "reports/calendar.hpp"

#include "domain/local_days.hpp"

#include <algorithm>
#include <charconv>

#include <date/date.h>
#include <date/tz.h>

namespace callsign::reports {
namespace {

constexpr std::int64_t kHourMs = 3'600'000, kDayMs = 24 * kHourMs;
constexpr std::array<std::string_view, 7> kWeekdays{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

std::optional<std::int64_t> parse_day(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int y = 0;
  unsigned m = 0, d = 0;
  auto number = [&](std::size_t at, std::size_t len, auto& out) {
    auto r = std::from_chars(text.data() + at, text.data() + at + len, out);
    return r.ec == std::errc{} && r.ptr == text.data() + at + len;
  };
  if (!number(0, 4, y) || !number(5, 2, m) || !number(8, 2, d)) return std::nullopt;
  const date::year_month_day ymd{date::year{y}, date::month{m}, date::day{d}};
  if (!ymd.ok()) return std::nullopt;
  return date::sys_days{ymd}.time_since_epoch().count();
}

std::string format_day(std::int64_t day) {
  return date::format("%F", date::sys_days{date::days{day}});
}

int weekday_of(std::int64_t day) { return static_cast<int>(((day + 3) % 7 + 7) % 7); }  // 1970-01-01: Thursday

std::string_view weekday_name(int weekday) { return kWeekdays[static_cast<std::size_t>(weekday) % 7]; }

Result<ProjectCalendar> ProjectCalendar::make(const std::string& timezone, std::int64_t from_day, std::int64_t to_day) {
  const date::time_zone* zone = domain::find_zone(timezone);
  if (!zone) return fail(Error::invalid("timezone", "unknown timezone " + timezone));
  ProjectCalendar calendar;
  calendar.zone_ = zone;
  calendar.from_ = domain::local_day_start(*zone, from_day);
  calendar.to_ = domain::local_day_start(*zone, to_day + 1);
  auto at = std::chrono::time_point_cast<std::chrono::seconds>(calendar.from_);
  for (;;) {
    const auto info = zone->get_info(at);
    const std::int64_t begins = std::max<std::int64_t>(to_unix_ms(calendar.from_), info.begin.time_since_epoch().count() * 1000);
    calendar.offsets_.emplace_back(begins, info.offset.count() * 1000);
    if (info.end >= calendar.to_ || info.end <= at) break;
    at = info.end;
  }
  return calendar;
}

ProjectCalendar::Local ProjectCalendar::local(Timestamp t) const {
  const std::int64_t ms = to_unix_ms(t);
  auto it = std::upper_bound(offsets_.begin(), offsets_.end(), ms,
                             [](std::int64_t v, const auto& entry) { return v < entry.first; });
  const std::int64_t offset = it == offsets_.begin() ? offsets_.front().second : std::prev(it)->second;
  const std::int64_t local_ms = ms + offset;
  Local out;
  out.day = floor_div(local_ms, kDayMs);
  out.hour = static_cast<int>(floor_div(local_ms - out.day * kDayMs, kHourMs));
  out.weekday = weekday_of(out.day);
  return out;
}

Timestamp ProjectCalendar::day_start(std::int64_t day) const { return domain::local_day_start(*zone_, day); }

bool ProjectCalendar::whole_hour_offsets() const {
  return std::all_of(offsets_.begin(), offsets_.end(), [](const auto& entry) { return entry.second % kHourMs == 0; });
}

}  // namespace callsign::reports
