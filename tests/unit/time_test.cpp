#include <cstdint>
#include <random>
#include <vector>

#include <date/date.h>
#include <gtest/gtest.h>

#include "common/time.hpp"

using callsign::format_rfc3339;
using callsign::parse_rfc3339;
using callsign::to_unix_ms;

TEST(Rfc3339, ParsesUtcAndOffsets) {
  auto z = parse_rfc3339("2026-03-08T09:00:00Z");
  ASSERT_TRUE(z);
  EXPECT_EQ(to_unix_ms(*z), 1772960400000);
  auto offset = parse_rfc3339("2026-03-08T04:00:00-05:00");
  ASSERT_TRUE(offset);
  EXPECT_EQ(*offset, *z);
  auto plus = parse_rfc3339("2026-03-08T12:30:00+03:30");
  ASSERT_TRUE(plus);
  EXPECT_EQ(*plus, *z);
}

TEST(Rfc3339, KeepsMilliseconds) {
  auto t = parse_rfc3339("2026-03-08T09:00:00.25Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(to_unix_ms(*t) % 1000, 250);
  EXPECT_EQ(format_rfc3339(*t), "2026-03-08T09:00:00.250Z");
  EXPECT_EQ(format_rfc3339(*parse_rfc3339("2026-03-08T09:00:00Z")), "2026-03-08T09:00:00Z");
}

TEST(Rfc3339, RefusesImpossibleDatesAndJunk) {
  for (const char* bad : {"2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-01-01T24:00:00Z",
                          "2026-01-01T00:60:00Z", "2026-01-01", "2026-01-01T00:00:00", "yesterday",
                          "2026-01-01T00:00:00Zjunk", "2026-01-01T00:00:00+5:00", "1969-12-31T23:59:59Z", ""}) {
    EXPECT_FALSE(parse_rfc3339(bad)) << bad;
  }
}

TEST(Rfc3339, FormatsAsDateFormatDoesOverTheWholeRange) {
  // format_rfc3339 writes four-digit years by hand; it must read exactly as date::format's "%FT%TZ" (whole
  // seconds without a fraction, milliseconds with three digits) — before 1970, on leap days, at a day's last
  // millisecond, at both ends of the four-digit years and beyond them.
  using namespace std::chrono;
  const auto reference = [](callsign::Timestamp t) {
    if (t.time_since_epoch().count() % 1000 == 0) return date::format("%FT%TZ", time_point_cast<seconds>(t));
    return date::format("%FT%TZ", t);
  };
  const auto at = [](std::int64_t ms) { return callsign::Timestamp(milliseconds(ms)); };
  const std::int64_t first = -62'167'219'200'000;  // 0000-01-01T00:00:00Z
  const std::int64_t last = 253'402'300'799'999;   // 9999-12-31T23:59:59.999Z
  std::vector<std::int64_t> cases = {0, 1, -1, 999, -999, 1000, -1000, 86'399'999, -86'400'000, first, first - 1,
                                     last, last + 1, 951'782'400'000 /* 2000-02-29 */, 1'709'164'799'999};
  std::mt19937_64 random(20261207);
  std::uniform_int_distribution<std::int64_t> any(first - 86'400'000'000, last + 86'400'000'000);
  for (int i = 0; i < 20000; ++i) {
    const std::int64_t ms = any(random);
    cases.push_back(ms);
    cases.push_back(ms - ms % 1000);  // whole seconds too
  }
  for (const std::int64_t ms : cases) EXPECT_EQ(format_rfc3339(at(ms)), reference(at(ms))) << ms;
  EXPECT_EQ(format_rfc3339(at(first)), "0000-01-01T00:00:00Z");
  EXPECT_EQ(format_rfc3339(at(last)), "9999-12-31T23:59:59.999Z");
}
