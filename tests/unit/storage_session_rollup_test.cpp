// The session rollup (storage/session_rollup_job, SqliteReportRepository): closed hours and days only, exact
// counts across raw / hourly / daily reads, sessions of the live tail counted raw, a timezone change rebuilds the
// days, and another roll-up's watermark is never overwritten.
#include <map>

#include <gtest/gtest.h>

#include "domain/local_days.hpp"
#include "storage/session_rollup_job.hpp"
#include "storage_test_support.hpp"

namespace callsign::storage::testing {
namespace {

using domain::ReportDimension;

constexpr std::int64_t kHour = 3'600'000;
const Timestamp kDayOne = *parse_rfc3339("2026-03-02T00:00:00Z");

domain::VisitorSession session(int n, Timestamp at, const char* channel) {
  domain::VisitorSession s;
  s.id = "ses_" + std::to_string(n);
  s.project_id = "prj_a";
  s.visitor_id = "vis_" + std::to_string(n % 3);
  s.started_at = s.last_seen_at = at;
  s.page_url = "https://shop.example/";
  s.source.channel = *domain::traffic_channel_from_string(channel);
  s.source.source = channel;
  s.source.medium = "m";
  s.source.landing_page = s.page_url;
  return s;
}

class SessionRollupTest : public RepositoryTest<domain::SessionRepository, &domain::Repositories::sessions> {
 protected:
  // 48 sessions: one every hour for two days, alternating organic / email.
  void add_sessions() {
    ASSERT_TRUE(write([](domain::SessionRepository& sessions) -> Result<void> {
      for (int i = 0; i < 48; ++i)
        if (auto r = sessions.insert(session(i, kDayOne + std::chrono::minutes(60 * i + 30), i % 2 ? "email" : "organic"));
            !r)
          return r;
      return {};
    }));
  }
  std::uint64_t count(Timestamp from, Timestamp to, std::chrono::minutes bucket = std::chrono::minutes(60)) {
    domain::SessionCountQuery q;
    q.from = from;
    q.to = to;
    q.bucket = bucket;
    q.dimensions = {ReportDimension::channel};
    q.filters = {{ReportDimension::channel, "email"}};
    auto buckets = store_->read([&](domain::Repositories& r) { return r.reports().session_counts("prj_a", q); });
    EXPECT_TRUE(buckets) << buckets.error().message;
    std::uint64_t n = 0;
    for (const auto& b : *buckets) n += b.sessions;
    return n;
  }
};

TEST_F(SessionRollupTest, OnlyClosedHoursAreRolledUpAndCountsDoNotChange) {
  add_sessions();
  const Timestamp end = kDayOne + std::chrono::hours(48);
  EXPECT_EQ(count(kDayOne, end), 24u);
  // 10:03 on day two: hours up to 09:00 have closed, 09:00–10:00 is within the grace.
  auto rolled = roll_up_sessions(*store_, kDayOne + std::chrono::hours(34) + std::chrono::minutes(3));
  ASSERT_TRUE(rolled) << rolled.error().message;
  auto until = store_->read([](domain::Repositories& r) { return r.reports().rolled_up_until(); });
  ASSERT_TRUE(until && *until);
  EXPECT_EQ(to_unix_ms(**until), to_unix_ms(kDayOne) + 33 * kHour);
  EXPECT_EQ(count(kDayOne, end), 24u);                                     // rollup + live tail
  EXPECT_EQ(count(kDayOne + std::chrono::minutes(30), end), 24u);          // a range not on an hour
  EXPECT_EQ(count(kDayOne, end, std::chrono::minutes(1)), 24u);            // raw by the minute
  EXPECT_EQ(count(kDayOne + std::chrono::hours(1), kDayOne + std::chrono::hours(2)), 1u);
  // A second run finds nothing new before the next hour closes.
  auto again = roll_up_sessions(*store_, kDayOne + std::chrono::hours(34) + std::chrono::minutes(4));
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0);
  // A stale roll-up (its watermark moved on) is refused and writes nothing.
  auto stale = store_->write_blocking<bool>([&](domain::Repositories& r) -> Result<bool> {
    if (auto w = r.reports().append_rollup({}, kDayOne, kDayOne + std::chrono::hours(1)); !w) return fail(w.error());
    return true;
  });
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().kind, ErrorKind::conflict);
}

TEST_F(SessionRollupTest, DaysFollowTheProjectTimezoneAndAreRebuiltWhenItChanges) {
  add_sessions();
  const Timestamp later = kDayOne + std::chrono::hours(24 * 5);
  ASSERT_TRUE(roll_up_sessions(*store_, later));
  auto coverage = [&] {
    auto c = store_->read([](domain::Repositories& r) { return r.reports().daily_coverage("prj_a"); });
    EXPECT_TRUE(c && *c);
    return **c;
  };
  EXPECT_EQ(coverage().timezone, "UTC");
  auto daily = [&](std::int64_t from_day, std::int64_t until_day) {
    domain::SessionCountQuery q;
    q.dimensions = {ReportDimension::channel};
    auto buckets = store_->read(
        [&](domain::Repositories& r) { return r.reports().daily_session_counts("prj_a", from_day, until_day, q); });
    EXPECT_TRUE(buckets);
    std::map<std::pair<std::int64_t, std::string>, std::uint64_t> out;
    for (const auto& b : *buckets) out[{b.local_day, b.values[0]}] = b.sessions;
    return out;
  };
  const std::int64_t day_one = to_unix_ms(kDayOne) / (24 * kHour);
  EXPECT_EQ(daily(day_one, day_one + 2),
            (std::map<std::pair<std::int64_t, std::string>, std::uint64_t>{
                {{day_one, "email"}, 12}, {{day_one, "organic"}, 12}, {{day_one + 1, "email"}, 12}, {{day_one + 1, "organic"}, 12}}));

  // New York: day one's local day starts at 05:00 UTC, so its first five sessions belong to the day before.
  auto project = sample_project("a");
  project.settings.timezone = "America/New_York";
  write_ok(*store_, [&](domain::Repositories& r) { return r.projects().update(project); });
  ASSERT_TRUE(roll_up_sessions(*store_, later + std::chrono::minutes(1)));
  EXPECT_EQ(coverage().timezone, "America/New_York");
  auto ny = daily(day_one - 1, day_one + 2);
  auto on = [&](std::int64_t day) { return ny[std::pair{day, std::string("organic")}] + ny[std::pair{day, std::string("email")}]; };
  EXPECT_EQ(on(day_one - 1), 5u);
  EXPECT_EQ(on(day_one), 24u);
  EXPECT_EQ(on(day_one + 1), 19u);
}

}  // namespace
}  // namespace callsign::storage::testing
