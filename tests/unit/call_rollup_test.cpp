// The daily rollup of calls (decision 0008) against a real SQLite store: a report that fits it reads its clean days
// from it and gives exactly what the raw calls give — right after the rollup is built, right after a call is
// inserted, re-flagged or deleted or a deal is won or lost (the day is dirty and read raw), after the job has
// recomputed the dirty days, and when the project's timezone changes (the rollup is started over).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/call_rollup_job.hpp"
#include "reports/call_report.hpp"
#include "reports/report_encoding.hpp"
#include "storage/sqlite/sqlite_repositories.hpp"
#include "storage_test_support.hpp"

namespace callsign {
namespace {

using nlohmann::json;
using storage::testing::sample_call;
using storage::testing::sample_project;

Timestamp at(const char* rfc3339) { return *parse_rfc3339(rfc3339); }

const Timestamp kNow = at("2026-03-12T00:00:00Z");

struct Built {
  json figures;  // rows and totals
  std::int64_t rollup_days = 0;
};

class CallRollupTest : public storage::testing::StorageTest {
 protected:
  void SetUp() override {
    store_ = open_store();
    ASSERT_TRUE(store_);
    project_ = sample_project("rollup");
    project_.settings.timezone = "America/New_York";
    project_.settings.margin_percent = 30;
    write_ok(*store_, [&](domain::Repositories& repos) { return repos.projects().insert(project_); });
    // Across the spring-forward of 2026-03-08, and near midnight in both UTC and New York.
    add_call("a", "2026-03-02T15:00:00Z", "spring", true, 20, 95);
    add_call("b", "2026-03-02T15:30:00Z", "spring", false, 0, 0);
    add_call("c", "2026-03-03T03:30:00Z", "", true, 7, 31);  // 2 March in New York, 3 March in UTC
    add_call("d", "2026-03-08T06:59:00Z", "brand", true, 3, 600);
    add_call("e", "2026-03-08T07:01:00Z", "brand", false, 12, 0);
    add_call("f", "2026-03-10T23:00:00Z", "spring", true, 1, 1);
    add_deal("1", "call_a", 1234.56, std::nullopt);
    add_deal("2", "call_a", 99.99, 10.01);
    add_deal("3", "call_d", 0.05, std::nullopt);  // 30 % of 5 cents: a half-cent
  }

  // A call of channel paid_search, source google, medium cpc; answered after `wait` s and talking `talk` s when
  // `answered`, else missed after `wait` s.
  void add_call(const std::string& suffix, const char* start, const std::string& campaign, bool answered, int wait,
                int talk) {
    auto call = sample_call(project_.id, suffix, to_unix_ms(at(start)));
    call.attribution.channel = "paid_search";
    call.attribution.source = "google";
    call.attribution.medium = "cpc";
    if (!campaign.empty()) call.attribution.campaign = campaign;
    call.status = answered ? domain::CallStatus::answered : domain::CallStatus::no_answer;
    call.flags.answered = answered;
    call.flags.missed = !answered;
    call.flags.target = answered && talk >= 30;
    call.flags.first_time = call.flags.unique = true;
    if (answered) {
      call.answered_at = call.started_at + std::chrono::seconds(wait);
      call.ended_at = *call.answered_at + std::chrono::seconds(talk);
    } else {
      call.ended_at = call.started_at + std::chrono::seconds(wait);
    }
    write_ok(*store_, [&](domain::Repositories& repos) { return repos.calls().insert(call); });
  }

  void add_deal(const std::string& suffix, const std::string& call_id, double amount, std::optional<double> profit,
                domain::DealStatus status = domain::DealStatus::won) {
    domain::Deal deal;
    deal.id = "deal_" + suffix;
    deal.project_id = project_.id;
    deal.external_id = "crm_" + suffix;
    deal.call_id = call_id;
    deal.amount = amount;
    deal.profit = profit;
    deal.status = status;
    deal.created_at = deal.updated_at = kNow;
    write_ok(*store_, [&](domain::Repositories& repos) -> Result<void> {
      auto r = repos.deals().upsert(deal);
      if (!r) return fail(r.error());
      return {};
    });
  }

  template <class Change>
  void change_call(const std::string& id, Change change) {
    write_ok(*store_, [&](domain::Repositories& repos) -> Result<void> {
      auto call = repos.calls().find(project_.id, id);
      if (!call) return fail(call.error());
      const domain::Call stored = **call;
      change(**call);
      return repos.calls().update(stored, **call);
    });
  }

  Built build(reports::QueryParams params) {
    auto request = reports::parse_call_report_request(params);
    EXPECT_TRUE(request) << request.error().message;
    auto report = store_->read(
        [&](domain::Repositories& repos) { return reports::build_call_report(repos, project_, *request); });
    EXPECT_TRUE(report) << report.error().message;
    const json out = reports::encode_call_report(*report, *request, project_.settings.timezone, "USD");
    return Built{json{{"rows", out.at("rows")}, {"totals", out.at("totals")}}, report->rollup_days};
  }

  // Builds each report twice: as asked (last click: the rollup where it can) and under first click, which never
  // reads the rollup and, for calls without a visitor, credits them exactly as last click does. Expects the same
  // figures, and `rollup_days` days read from the rollup.
  void expect_exact(std::int64_t rollup_days, const std::string& when) {
    for (const char* group_by : {"campaign,date", "channel", "weekday,medium", ""}) {
      reports::QueryParams params{{"from", "2026-03-01"}, {"to", "2026-03-11"}, {"group_by", group_by}};
      const Built rolled = build(params);
      params["model"] = "first_click";
      const Built raw = build(params);
      EXPECT_EQ(rolled.rollup_days, rollup_days) << when << ", group_by=" << group_by;
      EXPECT_EQ(raw.rollup_days, 0) << when;
      EXPECT_EQ(rolled.figures, raw.figures) << when << ", group_by=" << group_by;
    }
  }

  void roll_up() {
    auto days = api::roll_up_calls(*store_, kNow, 4);
    ASSERT_TRUE(days) << days.error().message;
  }

  std::vector<domain::DirtyHour> dirty() {
    auto hours = store_->read([&](domain::Repositories& repos) {
      return repos.call_rollup().dirty_hours(project_.id, Timestamp{}, kNow + std::chrono::days(1));
    });
    EXPECT_TRUE(hours) << hours.error().message;
    return hours ? *hours : std::vector<domain::DirtyHour>{};
  }

  std::unique_ptr<storage::sqlite::SqliteStore> store_;
  domain::Project project_;
};

TEST_F(CallRollupTest, BeforeTheFirstRunEveryDayIsReadRaw) { expect_exact(0, "never rolled up"); }

TEST_F(CallRollupTest, AfterARunEveryDayComesFromTheRollupWithTheSameFigures) {
  roll_up();
  EXPECT_TRUE(dirty().empty());
  expect_exact(11, "rolled up");
  // The money to the cent: 1234.56 + 99.99 + 0.05 revenue; 370.368 + 10.01 + 0.015 profit.
  const Built totals = build({{"from", "2026-03-01"}, {"to", "2026-03-11"}});
  EXPECT_EQ(totals.figures.at("totals").at("revenue"), 1334.6);
  EXPECT_EQ(totals.figures.at("totals").at("profit"), 380.39);
  EXPECT_EQ(totals.figures.at("totals").at("calls"), 6);
}

TEST_F(CallRollupTest, AnInsertedCallIsCountedAtOnceAndItsDayReturnsToTheRollupAfterTheNextRun) {
  roll_up();
  add_call("g", "2026-03-05T12:00:00Z", "new", true, 4, 40);
  EXPECT_EQ(dirty().size(), 1u);
  expect_exact(10, "after an insert");
  roll_up();
  EXPECT_TRUE(dirty().empty());
  expect_exact(11, "after the next run");
}

TEST_F(CallRollupTest, AReflaggedOrMovedCallIsCountedAtOnce) {
  roll_up();
  change_call("call_b", [](domain::Call& c) {  // a late answer: re-flagged
    c.flags.missed = false;
    c.flags.answered = c.flags.target = true;
    c.answered_at = c.started_at + std::chrono::seconds(9);
    c.ended_at = *c.answered_at + std::chrono::seconds(300);
  });
  expect_exact(10, "after a re-flag");
  change_call("call_f", [](domain::Call& c) { c.started_at = at("2026-03-04T12:00:00Z"); });  // moves day
  expect_exact(8, "after a call moved to another day");  // 10 March, 4 March and (still) 2 March are dirty
  roll_up();
  expect_exact(11, "after the next run");
}

TEST_F(CallRollupTest, AnUpdateOfColumnsTheRollupDoesNotSumMarksNothing) {
  roll_up();
  change_call("call_a", [](domain::Call& c) {
    c.recording_url = "https://example.com/rec.mp3";
    c.tags = {"vip"};
  });
  EXPECT_TRUE(dirty().empty());
  expect_exact(11, "after an update of tags");
}

TEST_F(CallRollupTest, ADeletedCallIsGoneAtOnce) {
  roll_up();
  write_ok(*store_, [](domain::Repositories& repos) {
    return dynamic_cast<storage::sqlite::SqliteRepositories&>(repos).connection().exec(
        "DELETE FROM calls WHERE id = 'call_e'");
  });
  expect_exact(10, "after a delete");
  roll_up();
  expect_exact(11, "after the next run");
}

TEST_F(CallRollupTest, ADealWonOrLostIsCountedAtOnce) {
  roll_up();
  add_deal("4", "call_f", 500, std::nullopt);
  expect_exact(10, "after a deal was won");
  roll_up();
  expect_exact(11, "after the next run");
  add_deal("1", "call_a", 1234.56, std::nullopt, domain::DealStatus::lost);
  expect_exact(10, "after a deal was lost");
  roll_up();
  expect_exact(11, "after the next run");
}

TEST_F(CallRollupTest, ATimezoneOrMarginChangeStartsTheRollupOver) {
  roll_up();
  project_.settings.timezone = "Asia/Kolkata";  // +05:30: an hour can span two local days
  write_ok(*store_, [&](domain::Repositories& repos) { return repos.projects().update(project_); });
  expect_exact(0, "after the timezone changed");
  roll_up();
  expect_exact(11, "rolled up in the new timezone");
  const Built by_date = build({{"from", "2026-03-01"}, {"to", "2026-03-11"}, {"group_by", "date"}});
  EXPECT_EQ(by_date.figures.at("rows").at(1).at("date"), "2026-03-03");  // call c: 09:00 on 3 March in Kolkata
  add_call("h", "2026-03-06T18:45:00Z", "late", true, 2, 50);  // 00:15 on 7 March: the hour spans 6 and 7 March
  expect_exact(9, "after an insert in a half-hour zone");
  roll_up();
  expect_exact(11, "after the next run");
  project_.settings.margin_percent = 50;
  write_ok(*store_, [&](domain::Repositories& repos) { return repos.projects().update(project_); });
  expect_exact(0, "after the margin changed");
  roll_up();
  expect_exact(11, "rolled up with the new margin");
}

TEST_F(CallRollupTest, ReportsThatDoNotFitReadEveryDayRaw) {
  roll_up();
  for (const reports::QueryParams& params : std::vector<reports::QueryParams>{
           {{"from", "2026-03-01"}, {"to", "2026-03-11"}, {"group_by", "date,hour"}},
           {{"from", "2026-03-01"}, {"to", "2026-03-11"}, {"group_by", "term"}},
           {{"from", "2026-03-01"}, {"to", "2026-03-11"}, {"target", "true"}},
           {{"from", "2026-03-01"}, {"to", "2026-03-11"}, {"model", "linear"}}})
    EXPECT_EQ(build(params).rollup_days, 0) << params.at("from");
}

}  // namespace
}  // namespace callsign
