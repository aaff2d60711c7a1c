#include "domain/call_classifier.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>

#include <date/date.h>
#include <date/tz.h>

#include "domain/withheld_caller.hpp"

namespace callsign::domain {
namespace {

// Talk time of an answered call, compared in whole seconds (as the API reports it): exactly
// target_call_seconds counts. While an answered call is still going its talk time is unknown, so it is not
// a target yet — unless any answered call is one (target_call_seconds 0).
bool is_target(const ProjectSettings& settings, const Call& call) {
  if (call.status != CallStatus::answered) return false;
  const auto talk = call.talk_seconds();
  if (!talk) return settings.target_call_seconds <= 0;
  return *talk >= settings.target_call_seconds;
}

// The project's zone. Timezones are validated when settings are written; should an unknown name still
// arrive (a tz database without it), hours are judged in UTC rather than failing the call.
const date::time_zone* project_zone(const std::string& name) {
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    return nullptr;
  }
}

std::string format_date(const date::year_month_day& ymd) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

}  // namespace

bool is_off_hours(const ProjectSettings& settings, Timestamp at) {
  using namespace std::chrono;
  // Working hours and holidays are whole minutes and whole days, so the local minute decides.
  const auto at_minute = floor<minutes>(at);
  date::local_time<minutes> local;
  if (const auto* zone = project_zone(settings.timezone)) {
    local = floor<minutes>(date::zoned_time(zone, at_minute).get_local_time());
  } else {
    local = date::local_time<minutes>{at_minute.time_since_epoch()};
  }
  const auto local_day = floor<date::days>(local);

  if (!settings.holidays.empty()) {
    const std::string day = format_date(date::year_month_day{local_day});
    if (std::find(settings.holidays.begin(), settings.holidays.end(), day) != settings.holidays.end()) return true;
  }
  if (!settings.working_hours) return false;

  // date::weekday counts from Sunday = 0; WorkingHours from Monday = 0.
  const unsigned weekday = (date::weekday{local_day}.c_encoding() + 6) % 7;
  const int minute = static_cast<int>((local - local_day).count());
  const auto& ranges = settings.working_hours->days[weekday];
  const bool open = std::any_of(ranges.begin(), ranges.end(), [minute](const TimeRange& r) {
    return r.open_minute <= minute && minute < r.close_minute;
  });
  return !open;
}

CallFlags intrinsic_flags(const ProjectSettings& settings, const Call& call) {
  CallFlags flags;
  flags.answered = call.status == CallStatus::answered;
  flags.missed = !flags.answered;
  flags.abandoned = call.status == CallStatus::abandoned;
  flags.target = is_target(settings, call);
  flags.off_hours = is_off_hours(settings, call.started_at);
  flags.spam = std::binary_search(settings.blocked_callers.begin(), settings.blocked_callers.end(), call.caller);
  return flags;
}

CallFlags classify(const ProjectSettings& settings, const Call& call, std::span<const Call> earlier,
                   bool older_calls_exist) {
  CallFlags flags = intrinsic_flags(settings, call);
  // A withheld caller id could be anyone: neither a new customer nor a returning one — unknown, not guessed.
  if (call.caller == kWithheldCaller) return flags;
  // "Within N days" is strictly less than N × 24 h earlier; a call at the same instant is within.
  const auto cycle = std::chrono::duration_cast<Timestamp::duration>(std::chrono::hours{24} * settings.sales_cycle_days);

  bool any_earlier = older_calls_exist;
  bool earlier_in_cycle = false;
  bool earlier_target_in_cycle = false;
  for (const Call& e : earlier) {
    // Ignore anything that is not before `call` in starts_before order (the call itself included), so a
    // caller that hands over a whole history still gets the right answer.
    if (!starts_before(e, call) || (!call.id.empty() && e.id == call.id)) continue;
    any_earlier = true;
    if (call.started_at - e.started_at < cycle) {
      earlier_in_cycle = true;
      // Recomputed rather than read from e.flags: stored flags may predate a change of target_call_seconds.
      if (is_target(settings, e)) earlier_target_in_cycle = true;
    }
  }
  flags.first_time = !any_earlier;
  flags.unique = !earlier_in_cycle;
  flags.repeat = earlier_in_cycle;
  flags.unique_target = flags.target && !earlier_target_in_cycle;
  return flags;
}

}  // namespace callsign::domain
