#pragma once
// Local days of a time zone as UTC instants: where a report's day begins, and which day an instant falls on.
// Days are counted from 1970-01-01 (local). Pure; thread-safe (the zone database is read-only once loaded).
#include <cstdint>
#include <string_view>

#include <date/tz.h>

#include "common/time.hpp"

namespace callsign::domain {

// The zone named `name` (IANA), or nullptr when the database does not know it.
const date::time_zone* find_zone(std::string_view name);
// The UTC instant local day `day` begins at; when local midnight does not exist (a DST gap), the gap's end.
Timestamp local_day_start(const date::time_zone& zone, std::int64_t day);
// The local day `t` falls on.
std::int64_t local_day_of(const date::time_zone& zone, Timestamp t);

}  // namespace callsign::domain
