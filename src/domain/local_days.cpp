#include "domain/local_days.hpp"

#include <string>

namespace callsign::domain {

const date::time_zone* find_zone(std::string_view name) {
  try {
    return date::locate_zone(std::string(name));
  } catch (const std::exception&) {
    return nullptr;
  }
}

Timestamp local_day_start(const date::time_zone& zone, std::int64_t day) {
  const date::local_days local{date::days{day}};
  const auto info = zone.get_info(local);
  std::chrono::sys_seconds utc;
  if (info.result == date::local_info::nonexistent)
    utc = info.second.begin;
  else
    utc = std::chrono::sys_seconds{local.time_since_epoch() - info.first.offset};  // earliest when ambiguous
  return std::chrono::time_point_cast<std::chrono::milliseconds>(utc);
}

std::int64_t local_day_of(const date::time_zone& zone, Timestamp t) {
  const auto local = zone.to_local(t);
  return date::floor<date::days>(local).time_since_epoch().count();
}

}  // namespace callsign::domain
