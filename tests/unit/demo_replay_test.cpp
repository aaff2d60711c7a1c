// The demo's pure parts and its history written through a real (temporary) SQLite store.
#include <sstream>

#include <gtest/gtest.h>

#include "api/pool_registry.hpp"
#include "app/demo_history.hpp"
#include "app/demo_live.hpp"
#include "app/demo_progress.hpp"
#include "app/demo_project.hpp"
#include "app/demo_shop.hpp"
#include "sim/traffic.hpp"
#include "storage_test_support.hpp"

namespace callsign::app {
namespace {

using storage::testing::StorageTest;

const Timestamp kNow = from_unix_ms(1'796'400'000'000);  // 2026-12-05 (a Saturday) 17:20 UTC

double calls_per_minute(double asked) {
  const sim::Traffic traffic = sim::generate_traffic(live_params(asked, 3), kNow);
  return static_cast<double>(traffic.calls.size()) / (24 * 60);
}

TEST(DemoLive, ParamsGiveAboutTheAskedCallsPerMinute) {
  for (double asked : {0.6, 6.0}) EXPECT_NEAR(calls_per_minute(asked), asked, asked * 0.3) << asked;
}

TEST(DemoLive, ParamsKeepTheVisitsWithinReachOfTheDemoPool) {
  // At the default pace, visits overlapping one hold stay about the pool's size, so most are shown a number.
  const sim::SimParams p = live_params(0.6, 1);
  const double per_minute = p.sessions_per_day / (24 * 60);
  EXPECT_LT(per_minute * (p.hold_seconds / 60.0 + 2), demo_shop::kPoolSize * 1.2);
}

TEST(DemoProgress, PlainOutputIsALineEveryTenPercentAndASummary) {
  std::ostringstream out;
  ProgressBar bar(out, "backfill", 200, false);
  for (int i = 0; i <= 200; ++i) bar.update(static_cast<std::uint64_t>(i));
  bar.finish("42 calls");
  const std::string text = out.str();
  EXPECT_NE(text.find("backfill: 10 %\n"), std::string::npos) << text;
  EXPECT_NE(text.find("backfill: 100 %\n"), std::string::npos) << text;
  EXPECT_NE(text.find("backfill: done, 42 calls ("), std::string::npos) << text;
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 11) << text;
}

class DemoHistoryTest : public StorageTest {};

TEST_F(DemoHistoryTest, TheProjectIsCreatedOnceAndFoundAfterwards) {
  auto store = open_store();
  ASSERT_TRUE(store);
  auto first = find_or_create_demo_project(*store, kNow);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(first->created);
  auto again = find_or_create_demo_project(*store, kNow + std::chrono::hours(1));
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->project.id, first->project.id);
  auto numbers = store->read([&](domain::Repositories& repos) { return repos.numbers().list(first->project.id); });
  ASSERT_TRUE(numbers);
  EXPECT_EQ(numbers->size(), demo_shop::kStaticLines.size() + demo_shop::kPoolSize);
}

TEST_F(DemoHistoryTest, TheBackfillWritesSessionsCallsCostsAndDealsThroughTheRealPaths) {
  auto store = open_store();
  ASSERT_TRUE(store);
  auto demo = find_or_create_demo_project(*store, kNow);
  ASSERT_TRUE(demo) << demo.error().message;
  api::PoolRegistry pools;
  std::uint64_t last_done = 0, last_total = 0;
  auto figures = backfill_history(*store, pools, demo->project, {14, 400, 7}, kNow,
                                  [&](std::uint64_t done, std::uint64_t total) {
                                    EXPECT_GE(done, last_done);
                                    last_done = done;
                                    last_total = total;
                                  });
  ASSERT_TRUE(figures) << figures.error().message;
  EXPECT_EQ(last_done, last_total);
  EXPECT_GT(figures->sessions, 14u * 300);
  EXPECT_GT(figures->shown, figures->sessions / 2);
  EXPECT_GT(figures->automated, 0u);
  EXPECT_GT(figures->session_calls, 10u);
  EXPECT_GT(figures->refunds, 0u);
  EXPECT_EQ(figures->cost_rows, 15u * 5);  // 14 days and today; 3 paid channels, 2 offline ones with a cost

  const std::string& id = demo->project.id;
  domain::CallQuery all;
  all.limit = 100000;
  auto calls = store->read([&](domain::Repositories& repos) { return repos.calls().list(id, all); });
  ASSERT_TRUE(calls);
  EXPECT_EQ(calls->size(), figures->calls);
  std::size_t by_session = 0, by_static = 0;
  for (const auto& c : *calls) {
    EXPECT_LE(c.started_at, kNow);
    EXPECT_GE(c.started_at, kNow - std::chrono::days(16));
    by_session += c.attribution.method == domain::AttributionMethod::session;
    by_static += c.attribution.method == domain::AttributionMethod::static_number;
  }
  EXPECT_EQ(by_session, figures->session_calls);
  EXPECT_GT(by_static, 14u * 3);

  auto costs = store->read([&](domain::Repositories& repos) { return repos.costs().in_range(id, "2026-01-01", "2027-01-01"); });
  ASSERT_TRUE(costs);
  EXPECT_EQ(costs->size(), figures->cost_rows);
  auto won = store->read([&](domain::Repositories& repos) {
    return repos.deals().won_for_calls(id, kNow - std::chrono::days(20), kNow + std::chrono::days(1));
  });
  ASSERT_TRUE(won);
  EXPECT_GT(won->size(), 0u);
  EXPECT_LT(won->size(), figures->deals);
  auto project = store->read([&](domain::Repositories& repos) { return repos.projects().find(id); });
  ASSERT_TRUE(project && *project);
  EXPECT_FALSE((*project)->settings.blocked_callers.empty()) << "known robocallers are blocked";
}

TEST_F(DemoHistoryTest, TheSameSeedGivesTheSameHistory) {
  auto run = [&](const char* folder) {
    storage::testing::TempDir dir;
    storage::StoreOptions options;
    options.path = (dir.path() / folder / "callsign.db").string();
    auto store = storage::Store::open(options);
    EXPECT_TRUE(store);
    auto demo = find_or_create_demo_project(**store, kNow);
    api::PoolRegistry pools;
    auto figures = backfill_history(**store, pools, demo->project, {3, 300, 11}, kNow);
    EXPECT_TRUE(figures);
    (*store)->close();
    return std::tuple{figures->sessions, figures->shown, figures->calls, figures->session_calls, figures->deals};
  };
  EXPECT_EQ(run("a"), run("b"));
}

}  // namespace
}  // namespace callsign::app
