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
