// The pure parts of reports, no store: attribution model credit, ROMI and ratios, report parameters (422s naming
// the parameter), the project calendar across DST, and cost input (JSON and CSV, per-line errors).
#include <numeric>

#include <gtest/gtest.h>

#include "reports/attribution_model.hpp"
#include "reports/calendar.hpp"
#include "reports/cost_input.hpp"
#include "reports/deals_by_call.hpp"
#include "reports/report_metrics.hpp"
#include "reports/report_request.hpp"

namespace callsign::reports {
namespace {

using namespace std::chrono_literals;

domain::SessionTouch touch(const char* channel, Timestamp at) {
  domain::SessionTouch t;
  t.started_at = at;
  t.values[0] = channel;
  return t;
}

const Timestamp kCall = *parse_rfc3339("2026-03-31T12:00:00Z");

TEST(AttributionModel, EveryModelSharesExactlyOneCall) {
  const std::vector<domain::SessionTouch> touches{touch("organic", kCall - 20 * 24h), touch("paid_search", kCall - 5 * 24h),
                                                  touch("direct", kCall - 1h), touch("direct", kCall - 10min)};
  for (auto model : {AttributionModel::last_click, AttributionModel::first_click, AttributionModel::last_non_direct,
                     AttributionModel::linear, AttributionModel::time_decay, AttributionModel::position_based}) {
    auto credit = touch_credit(model, touches, kCall, 7);
    ASSERT_EQ(credit.size(), touches.size()) << to_string(model);
    EXPECT_NEAR(std::accumulate(credit.begin(), credit.end(), 0.0), 1.0, 1e-12) << to_string(model);
  }
  EXPECT_EQ(touch_credit(AttributionModel::last_non_direct, touches, kCall, 7), (std::vector<double>{0, 1, 0, 0}));
  EXPECT_EQ(touch_credit(AttributionModel::first_click, touches, kCall, 7), (std::vector<double>{1, 0, 0, 0}));
  auto position = touch_credit(AttributionModel::position_based, touches, kCall, 7);
  EXPECT_DOUBLE_EQ(position[0], 0.4);
  EXPECT_DOUBLE_EQ(position[1], 0.1);
  EXPECT_DOUBLE_EQ(position[3], 0.4);
}

TEST(AttributionModel, TimeDecayHalvesPerHalfLifeAndOnlyDirectFallsBackToTheLatest) {
  const std::vector<domain::SessionTouch> two{touch("email", kCall - 14 * 24h), touch("social", kCall - 7 * 24h)};
  auto credit = touch_credit(AttributionModel::time_decay, two, kCall, 7);
  EXPECT_NEAR(credit[1] / credit[0], 2.0, 1e-9);
  const std::vector<domain::SessionTouch> direct{touch("direct", kCall - 2h), touch("direct", kCall - 1h)};
  EXPECT_EQ(touch_credit(AttributionModel::last_non_direct, direct, kCall, 7), (std::vector<double>{0, 1}));
  EXPECT_EQ(touch_credit(AttributionModel::position_based, direct, kCall, 7), (std::vector<double>{0.5, 0.5}));
  EXPECT_TRUE(touch_credit(AttributionModel::linear, {}, kCall, 7).empty());
}

TEST(Romi, TheWorkedExampleOfAChannelThatDoesNotPayOff) {
  // 3,000 spent, 300 calls, 15 sales totalling 18,000 at a 10 % margin.
  domain::Deal sale;
  sale.status = domain::DealStatus::won;
  sale.amount = 1200;
  const double profit = 15 * domain::deal_profit(sale, 10);
  EXPECT_DOUBLE_EQ(profit, 1800);
  EXPECT_DOUBLE_EQ(*ratio(3000.0, 300.0), 10);
  EXPECT_DOUBLE_EQ(*ratio(3000.0, 15.0), 200);
  EXPECT_DOUBLE_EQ(*romi_percent(profit, 3000.0), -40);
}

TEST(Romi, RefundedLostAndOpenDealsEarnNothingAndNoCostMeansNoRomi) {
  domain::Deal deal;
  deal.amount = 5000;
  for (auto status : {domain::DealStatus::refunded, domain::DealStatus::lost, domain::DealStatus::open}) {
    deal.status = status;
    EXPECT_EQ(domain::deal_profit(deal, 100), 0) << domain::to_string(status);
  }
  deal.status = domain::DealStatus::won;
  deal.profit = 700;
  EXPECT_EQ(domain::deal_profit(deal, 10), 700);  // the CRM's own profit wins over the margin
  EXPECT_FALSE(romi_percent(100, 0.0));
  EXPECT_FALSE(romi_percent(100, std::nullopt));
  EXPECT_FALSE(ratio(10.0, 0.0));
}

std::string field_of(const QueryParams& params) {
  auto r = parse_call_report_request(params);
  if (r) return "(accepted)";
  EXPECT_EQ(r.error().kind, ErrorKind::invalid);
  return r.error().field;
}

TEST(ReportRequest, BadParametersNameTheParameter) {
  const QueryParams ok{{"from", "2026-03-01"}, {"to", "2026-03-31"}};
  auto with = [&](std::string key, std::string value) {
    auto p = ok;
    p[key] = value;
    return p;
  };
  EXPECT_EQ(field_of(ok), "(accepted)");
  EXPECT_EQ(field_of({{"to", "2026-03-31"}}), "from");
  EXPECT_EQ(field_of(with("from", "2026-02-30")), "from");
  EXPECT_EQ(field_of(with("to", "31.03.2026")), "to");
  EXPECT_EQ(field_of(with("from", "2026-04-01")), "from");  // after to
  EXPECT_EQ(field_of({{"from", "2025-03-30"}, {"to", "2026-03-31"}}), "to");  // 367 days
  EXPECT_EQ(field_of({{"from", "2025-03-31"}, {"to", "2026-03-31"}}), "(accepted)");  // 366 days
  EXPECT_EQ(field_of(with("group_by", "channel,city")), "group_by");
  EXPECT_EQ(field_of(with("group_by", "date,date")), "group_by");
  EXPECT_EQ(field_of(with("model", "u_shaped")), "model");
  EXPECT_EQ(field_of(with("half_life_days", "0")), "half_life_days");
  EXPECT_EQ(field_of(with("format", "xml")), "format");
  EXPECT_EQ(field_of(with("status", "lost")), "status");
  EXPECT_EQ(field_of(with("target", "yes")), "target");
  EXPECT_EQ(field_of(with("grup_by", "channel")), "grup_by");
  auto full = parse_call_report_request(with("group_by", "campaign,date"));
  ASSERT_TRUE(full);
  EXPECT_EQ(full->dimensions, (std::vector{domain::ReportDimension::campaign, domain::ReportDimension::date}));
  EXPECT_FALSE(parse_heatmap_request({{"from", "2026-03-01"}, {"to", "2026-03-02"}, {"metric", "talk"}}));
  EXPECT_EQ(parse_paths_request({{"from", "2026-03-01"}, {"to", "2026-03-02"}, {"limit", "0"}}).error().field, "limit");
}

TEST(ProjectCalendar, NewYorkDaysAndHoursAcrossTheSpringChange) {
  auto cal = ProjectCalendar::make("America/New_York", *parse_day("2026-03-08"), *parse_day("2026-03-08"));
  ASSERT_TRUE(cal);
  EXPECT_EQ(format_rfc3339(cal->from()), "2026-03-08T05:00:00Z");  // EST midnight
  EXPECT_EQ(format_rfc3339(cal->to()), "2026-03-09T04:00:00Z");    // EDT midnight: a 23-hour day
  auto before = cal->local(*parse_rfc3339("2026-03-08T06:59:00Z"));
  auto after = cal->local(*parse_rfc3339("2026-03-08T07:00:00Z"));
  EXPECT_EQ(before.hour, 1);
  EXPECT_EQ(after.hour, 3);
  EXPECT_EQ(weekday_name(after.weekday), "sun");
  EXPECT_TRUE(cal->whole_hour_offsets());
  auto india = ProjectCalendar::make("Asia/Kolkata", *parse_day("2026-03-08"), *parse_day("2026-03-08"));
  ASSERT_TRUE(india);
  EXPECT_FALSE(india->whole_hour_offsets());
  EXPECT_EQ(india->local(*parse_rfc3339("2026-03-07T18:30:00Z")).day, *parse_day("2026-03-08"));
  EXPECT_EQ(ProjectCalendar::make("Mars/Olympus", 0, 1).error().field, "timezone");
}

TEST(CostInput, CsvWithHeaderReportsBadLinesAndKeepsGoodOnes) {
  auto batch = parse_costs_csv(
      "date,source,medium,campaign,term,amount\r\n"
      "2026-03-01,google,cpc,spring,\"tyres, winter\",125.50\r\n"
      "2026-02-30,google,cpc,spring,,10\r\n"
      "\r\n"
      "2026-03-02,google,cpc,spring,,-3\r\n"
      "2026-03-02,google,cpc\n"
      "2026-03-03,facebook,cpc,sofas,,99\n",
      "prj_1");
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->entries.size(), 2u);
  EXPECT_EQ(batch->entries[0].term, "tyres, winter");
  EXPECT_DOUBLE_EQ(batch->entries[0].amount, 125.5);
  ASSERT_EQ(batch->errors.size(), 3u);
  EXPECT_EQ(batch->errors[0].line, 3);
  EXPECT_EQ(batch->errors[0].field, "date");
  EXPECT_EQ(batch->errors[1].line, 5);
  EXPECT_EQ(batch->errors[1].field, "amount");
  EXPECT_EQ(batch->errors[2].line, 6);
}

TEST(CostInput, JsonArrayItemsAreCheckedOneByOne) {
  auto batch = parse_costs_json(
      R"([{"date": "2026-03-01", "source": "google", "medium": "cpc", "amount": 10},
          {"date": "2026-03-01", "amount": "x"},
          {"date": "2026-03-01", "amount": 1, "cost_center": "a"},
          {"source": "google", "amount": 3}])",
      "prj_1");
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->entries.size(), 1u);
  EXPECT_EQ(batch->entries[0].campaign, "");
  ASSERT_EQ(batch->errors.size(), 3u);
  EXPECT_EQ(batch->errors[0].field, "amount");
  EXPECT_EQ(batch->errors[1].field, "cost_center");
  EXPECT_EQ(batch->errors[2].field, "date");
  EXPECT_EQ(parse_costs_json("{}", "prj_1").error().field, "body");
  EXPECT_EQ(parse_costs_json("[", "prj_1").error().kind, ErrorKind::malformed);
}

domain::WonDeal won(const char* call, std::int64_t call_ms, double amount, std::optional<double> profit = {}) {
  domain::WonDeal w;
  w.deal.call_id = call;
  w.deal.amount = amount;
  w.deal.profit = profit;
  w.deal.status = domain::DealStatus::won;
  w.call_started_at = from_unix_ms(call_ms);
  return w;
}

TEST(DealsByCall, SumsEachCallsDealsAndFindsThemInStartOrderAcrossTies) {
  // Ordered by call start, then call id, as won_for_calls returns them; c1 and c2 start at the same millisecond.
  DealsByCall deals({won("c1", 100, 50), won("c1", 100, 30, 12), won("c2", 100, 10), won("c4", 300, 1000)}, 10);
  EXPECT_EQ(deals.of("c0", from_unix_ms(50)), nullptr);
  const DealTotals* c2 = deals.of("c2", from_unix_ms(100));  // the tie asked in the other order
  ASSERT_NE(c2, nullptr);
  EXPECT_DOUBLE_EQ(c2->count, 1);
  const DealTotals* c1 = deals.of("c1", from_unix_ms(100));
  ASSERT_NE(c1, nullptr);
  EXPECT_DOUBLE_EQ(c1->count, 2);
  EXPECT_DOUBLE_EQ(c1->revenue_units, money_units(80));
  EXPECT_DOUBLE_EQ(c1->profit_units, money_units(5 + 12));  // 50 × 10 % margin, then the deal's own profit
  EXPECT_EQ(deals.of("c3", from_unix_ms(100)), nullptr);  // same start, no deals
  EXPECT_EQ(deals.of("c1", from_unix_ms(200)), nullptr);  // another call's start
  const DealTotals* c4 = deals.of("c4", from_unix_ms(300));
  ASSERT_NE(c4, nullptr);
  EXPECT_DOUBLE_EQ(c4->revenue_units, money_units(1000));
  EXPECT_EQ(deals.of("c5", from_unix_ms(400)), nullptr);  // past the end
}

}  // namespace
}  // namespace callsign::reports
