#include "common/time.hpp"

#include <charconv>
#include <cstdio>

#include <date/date.h>

namespace callsign {
namespace {

bool read_int(std::string_view s, std::size_t pos, std::size_t len, int& out) {
  if (pos + len > s.size()) return false;
  for (std::size_t i = pos; i < pos + len; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  auto r = std::from_chars(s.data() + pos, s.data() + pos + len, out);
  return r.ec == std::errc{};
}

}  // namespace

std::optional<Timestamp> parse_rfc3339(std::string_view s) {
  int y, mo, d, h, mi, sec;
  if (s.size() < 20) return std::nullopt;
  if (!read_int(s, 0, 4, y) || s[4] != '-' || !read_int(s, 5, 2, mo) || s[7] != '-' || !read_int(s, 8, 2, d))
    return std::nullopt;
  if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return std::nullopt;
  if (!read_int(s, 11, 2, h) || s[13] != ':' || !read_int(s, 14, 2, mi) || s[16] != ':' || !read_int(s, 17, 2, sec))
    return std::nullopt;
  if (h > 23 || mi > 59 || sec > 59) return std::nullopt;
  auto ymd = date::year{y} / date::month{static_cast<unsigned>(mo)} / date::day{static_cast<unsigned>(d)};
  if (!ymd.ok() || y < 1970 || y > 9999) return std::nullopt;

  std::size_t pos = 19;
  int millis = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    std::size_t digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 3) millis = millis * 10 + (s[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (std::size_t i = digits; i < 3; ++i) millis *= 10;
  }
  if (pos >= s.size()) return std::nullopt;
  int offset_minutes = 0;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    int oh, om;
    if (!read_int(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' || !read_int(s, pos + 4, 2, om))
      return std::nullopt;
    if (oh > 23 || om > 59) return std::nullopt;
    offset_minutes = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;

  using namespace std::chrono;
  auto local = date::sys_days{ymd} + hours{h} + minutes{mi} + seconds{sec} + milliseconds{millis};
  return time_point_cast<milliseconds>(local - minutes{offset_minutes});
}

std::string format_rfc3339(Timestamp t) {
  using namespace std::chrono;
  const auto day = floor<days>(t);
  const date::year_month_day ymd{day};
  const int year = static_cast<int>(ymd.year());
  const long long ms_of_day = (t - day).count();
  const long long ms = ms_of_day % 1000;
  // Years of four digits, the only ones RFC 3339 has, are written by hand: date::format goes through an
  // ostringstream and its locale, and every call, session and report row carries several timestamps.
  if (year < 0 || year > 9999) {
    if (ms == 0) return date::format("%FT%TZ", time_point_cast<seconds>(t));
    return date::format("%FT%TZ", t);
  }
  char out[32];
  const int n = std::snprintf(out, sizeof out, "%04d-%02u-%02uT%02lld:%02lld:%02lld", year,
                              static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                              ms_of_day / 3'600'000, ms_of_day / 60'000 % 60, ms_of_day / 1000 % 60);
  std::string text(out, static_cast<std::size_t>(n));
  if (ms != 0) {
    std::snprintf(out, sizeof out, ".%03lld", ms);
    text += out;
  }
  text += 'Z';
  return text;
}

}  // namespace callsign
