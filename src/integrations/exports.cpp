#include "integrations/exports.hpp"

#include <chrono>
#include <cstdio>

#include <date/tz.h>

namespace callsign::integrations {
namespace {

// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string money(const std::optional<double>& value) {
  if (!value) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", *value);
  return buf;
}

// "2026-03-08 09:15:00-05:00"
std::string local_time_with_offset(Timestamp t, const date::time_zone& zone) {
  const auto seconds = std::chrono::time_point_cast<std::chrono::seconds>(t);
  const auto info = zone.get_info(seconds);
  const auto local = seconds + info.offset;
  const auto offset_minutes = std::chrono::duration_cast<std::chrono::minutes>(info.offset).count();
  const long long magnitude = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  char offset[32];
  std::snprintf(offset, sizeof offset, "%c%02lld:%02lld", offset_minutes < 0 ? '-' : '+', magnitude / 60,
                magnitude % 60);
  return date::format("%F %T", date::sys_seconds{local.time_since_epoch()}) + offset;
}

}  // namespace

std::string google_ads_conversions_csv(const std::vector<ExportedCall>& calls, std::string_view conversion_name,
                                       const date::time_zone& zone, std::string_view currency) {
  std::string out = "Parameters:TimeZone=" + std::string(zone.name()) + "\n";
  out += "Google Click ID,Conversion Name,Conversion Time,Conversion Value,Conversion Currency\n";
  for (const auto& e : calls) {
    if (!e.call.flags.target || !e.call.attribution.gclid) continue;
    out += csv_field(*e.call.attribution.gclid) + "," + csv_field(conversion_name) + "," +
           local_time_with_offset(e.call.started_at, zone) + "," + money(e.value) + "," + csv_field(currency) + "\n";
  }
  return out;
}

std::string yandex_metrica_calls_csv(const std::vector<ExportedCall>& calls, std::string_view currency) {
  std::string out = "Yclid,DateTime,StaticCall,TalkDuration,HoldDuration,CallMissed,FirstTimeCaller,Tag,Price,Currency\n";
  for (const auto& e : calls) {
    if (!e.yclid) continue;
    const auto& c = e.call;
    const auto unix_seconds = std::chrono::duration_cast<std::chrono::seconds>(c.started_at.time_since_epoch()).count();
    const bool is_static = c.attribution.method == domain::AttributionMethod::static_number;
    out += csv_field(*e.yclid) + "," + std::to_string(unix_seconds) + "," + (is_static ? "1" : "0") + "," +
           std::to_string(c.talk_seconds().value_or(0)) + "," + std::to_string(c.wait_seconds().value_or(0)) + "," +
           (c.flags.missed ? "1" : "0") + "," + (c.flags.first_time ? "1" : "0") + "," +
           (c.flags.target ? "target" : "") + "," + money(e.value) + "," +
           (e.value ? csv_field(currency) : std::string()) + "\n";
  }
  return out;
}

}  // namespace callsign::integrations
