// Golden report cases (tests/golden/reports/README.md): a fixed data set of sessions, calls, costs and deals, and
// the report rows expected from it for each model, dimension set, timezone and filter — figures to the cent.
// Each case runs three times against a real SQLite store: with sessions and calls read raw, after the session
// rollup has been built, and after the call rollup has been built too. The figures must not change: the last pass
// must give the raw pass's output exactly, and every case that fits the call rollup must have read it.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "domain/settings_codec.hpp"
#include "domain/traffic_source.hpp"
#include "api/call_rollup_job.hpp"
#include "reports/calendar.hpp"
#include "reports/call_report.hpp"
#include "reports/call_rollup_plan.hpp"
#include "reports/report_encoding.hpp"
#include "storage/session_rollup_job.hpp"
#include "storage_test_support.hpp"

namespace callsign {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kProjectId = "prj_golden_reports";

Timestamp time_of(const json& value) {
  auto t = parse_rfc3339(value.get<std::string>());
  if (!t) throw std::runtime_error("bad time " + value.dump());
  return *t;
}

std::optional<std::string> text(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::nullopt;
  return it->get<std::string>();
}

domain::VisitorSession session_of(const json& s) {
  domain::VisitorSession session;
  session.id = s.at("id").get<std::string>();
  session.project_id = kProjectId;
  session.visitor_id = s.at("visitor_id").get<std::string>();
  session.started_at = session.last_seen_at = time_of(s.at("started_at"));
  session.page_url = s.at("landing_page").get<std::string>();
  session.source.channel = *domain::traffic_channel_from_string(s.at("channel").get<std::string>());
  session.source.source = s.at("source").get<std::string>();
  session.source.medium = s.at("medium").get<std::string>();
  session.source.campaign = text(s, "campaign");
  session.source.term = text(s, "term");
  session.source.landing_page = session.page_url;
  return session;
}

// The calls of one entry ("repeat": N gives "<id>-1" … "<id>-N", "every_minutes" apart).
std::vector<domain::Call> calls_of(const json& c) {
  const int repeat = c.value("repeat", 0);
  const auto step = std::chrono::minutes(c.value("every_minutes", 0));
  std::vector<domain::Call> out;
  for (int i = 0; i < std::max(repeat, 1); ++i) {
    const auto shift = step * i;
    domain::Call call;
    call.id = c.at("id").get<std::string>() + (repeat ? "-" + std::to_string(i + 1) : "");
    call.project_id = kProjectId;
    call.external_id = call.id;
    call.tracking_number = c.at("tracking_number").get<std::string>();
    call.caller = "+1212555" + std::to_string(1000 + out.size());
    call.started_at = time_of(c.at("started_at")) + shift;
    if (c.contains("answered_at")) call.answered_at = time_of(c.at("answered_at")) + shift;
    if (c.contains("ended_at")) call.ended_at = time_of(c.at("ended_at")) + shift;
    call.status = *domain::call_status_from_string(c.at("status").get<std::string>());
    call.operator_name = text(c, "operator");
    auto& a = call.attribution;
    a.visitor_id = text(c, "visitor_id");
    a.method = a.visitor_id ? domain::AttributionMethod::session : domain::AttributionMethod::static_number;
    a.channel = text(c, "channel");
    a.source = text(c, "source");
    a.medium = text(c, "medium");
    a.campaign = text(c, "campaign");
    a.term = text(c, "term");
    a.landing_page = text(c, "landing_page");
    for (const auto& flag : c.at("flags")) {
      const auto name = flag.get<std::string>();
      auto& f = call.flags;
      bool* member = name == "answered"        ? &f.answered
                     : name == "missed"        ? &f.missed
                     : name == "abandoned"     ? &f.abandoned
                     : name == "target"        ? &f.target
                     : name == "first_time"    ? &f.first_time
                     : name == "unique"        ? &f.unique
                     : name == "unique_target" ? &f.unique_target
                     : name == "off_hours"     ? &f.off_hours
                                               : nullptr;
      if (!member) throw std::runtime_error("unknown flag " + name);
      *member = true;
    }
    out.push_back(std::move(call));
  }
  return out;
}

domain::TrackingNumber static_number_of(const json& n) {
  domain::TrackingNumber number;
  number.number = n.at("number").get<std::string>();
  number.id = "num_" + number.number.substr(1);
  number.project_id = kProjectId;
  number.channel = n.at("channel").get<std::string>();
  number.source = text(n, "source");
  number.medium = text(n, "medium");
  return number;
}

std::vector<domain::CostEntry> costs_of(const json& c) {
  std::vector<domain::CostEntry> out;
  const auto first = reports::parse_day(c.at("date").get<std::string>());
  for (int i = 0; i < c.value("repeat_days", 1); ++i)
    out.push_back({kProjectId, reports::format_day(*first + i), c.at("source").get<std::string>(),
                   c.at("medium").get<std::string>(), c.at("campaign").get<std::string>(), c.at("term").get<std::string>(),
                   c.at("amount").get<double>()});
  return out;
}

std::vector<domain::Deal> deals_of(const json& d) {
  const int repeat = d.value("repeat", 0);
  std::vector<domain::Deal> out;
  for (int i = 0; i < std::max(repeat, 1); ++i) {
    const std::string suffix = repeat ? "-" + std::to_string(i + 1) : "";
    domain::Deal deal;
    deal.id = "deal_" + d.at("external_id").get<std::string>() + suffix;
    deal.project_id = kProjectId;
    deal.external_id = d.at("external_id").get<std::string>() + suffix;
    deal.call_id = d.at("call_id").get<std::string>() + suffix;
    deal.amount = d.at("amount").get<double>();
    if (d.contains("profit")) deal.profit = d.at("profit").get<double>();
    deal.status = *domain::deal_status_from_string(d.at("status").get<std::string>());
    out.push_back(std::move(deal));
  }
  return out;
}

class GoldenReports : public storage::testing::StorageTest, public ::testing::WithParamInterface<fs::path> {
 protected:
  void load(storage::Store& store, const json& data) {
    project_.id = kProjectId;
    project_.name = "Golden reports";
    project_.api_key_hash = "golden-reports-key-hash";
    project_.public_key = "pk_golden_reports";
    ASSERT_TRUE(domain::apply_settings(project_.settings, data.at("settings")));
    auto written = store.write_blocking<bool>([&](domain::Repositories& repos) -> Result<bool> {
      if (auto r = repos.projects().insert(project_); !r) return fail(r.error());
      for (const auto& n : data.value("numbers", json::array()))
        if (auto r = repos.numbers().insert(static_number_of(n)); !r) return fail(r.error());
      for (const auto& s : data.at("sessions"))
        if (auto r = repos.sessions().insert(session_of(s)); !r) return fail(r.error());
      for (const auto& entry : data.at("calls"))
        for (const auto& call : calls_of(entry))
          if (auto r = repos.calls().insert(call); !r) return fail(r.error());
      for (const auto& entry : data.at("costs"))
        for (const auto& cost : costs_of(entry))
          if (auto r = repos.costs().upsert(cost); !r) return fail(r.error());
      for (const auto& entry : data.at("deals"))
        for (const auto& deal : deals_of(entry))
          if (auto r = repos.deals().upsert(deal); !r) return fail(r.error());
      return true;
    });
    ASSERT_TRUE(written) << written.error().message;
  }

  // Compares the fields `expected` lists; numbers to within half a cent of the rounded figure.
  static void expect_fields(const json& expected, const json& actual, const std::string& where) {
    for (const auto& [key, value] : expected.items()) {
      ASSERT_TRUE(actual.contains(key)) << where << ": no field " << key << " in " << actual.dump();
      const auto& got = actual.at(key);
      if (value.is_number() && got.is_number())
        EXPECT_NEAR(value.get<double>(), got.get<double>(), 0.005) << where << "." << key << " in " << actual.dump();
      else
        EXPECT_EQ(value, got) << where << "." << key << " in " << actual.dump();
    }
  }

  // Checks every report of `data` and returns their outputs. `call_rollup`: the reports that fit the call rollup
  // must read some days from it (else none may).
  std::vector<json> check_reports(storage::Store& store, const json& data, const std::string& pass, bool call_rollup) {
    std::vector<json> outputs;
    for (const auto& report : data.at("reports")) {
      reports::QueryParams params;
      for (const auto& [key, value] : report.at("query").items()) params[key] = value.get<std::string>();
      const std::string where = pass + " " + report.at("query").dump();
      auto request = reports::parse_call_report_request(params);
      EXPECT_TRUE(request) << where << ": " << request.error().message;
      if (!request) return outputs;
      auto built = store.read(
          [&](domain::Repositories& repos) { return reports::build_call_report(repos, project_, *request); });
      EXPECT_TRUE(built) << where << ": " << built.error().message;
      if (!built) return outputs;
      EXPECT_EQ(built->rollup_days > 0, call_rollup && reports::fits_call_rollup(*request)) << where;
      const json out = reports::encode_call_report(*built, *request, project_.settings.timezone, "USD");
      outputs.push_back(out);
      const auto& rows = report.at("rows");
      EXPECT_EQ(rows.size(), out.at("rows").size()) << where << ": " << out.at("rows").dump();
      if (rows.size() != out.at("rows").size()) continue;
      for (std::size_t i = 0; i < rows.size(); ++i)
        expect_fields(rows[i], out.at("rows")[i], where + " row " + std::to_string(i));
      expect_fields(report.at("totals"), out.at("totals"), where + " totals");
    }
    return outputs;
  }

  domain::Project project_;
};

TEST_P(GoldenReports, RawThenSessionRollupThenCallRollup) {
  std::ifstream in(GetParam());
  const json data = json::parse(in);
  auto store = open_store();
  ASSERT_TRUE(store);
  load(*store, data);
  if (HasFatalFailure()) return;
  const auto raw = check_reports(*store, data, "raw", false);
  const Timestamp later = *parse_rfc3339("2027-06-01T00:00:00Z");
  auto rolled = storage::roll_up_sessions(*store, later);
  ASSERT_TRUE(rolled) << rolled.error().message;
  if (!data.at("sessions").empty()) {
    EXPECT_GT(*rolled, 0);
  }
  check_reports(*store, data, "session rollup", false);
  auto days = api::roll_up_calls(*store, later);
  ASSERT_TRUE(days) << days.error().message;
  EXPECT_GT(*days, 0);
  const auto rolled_up = check_reports(*store, data, "call rollup", true);
  ASSERT_EQ(raw.size(), rolled_up.size());
  for (std::size_t i = 0; i < raw.size(); ++i) EXPECT_EQ(raw[i], rolled_up[i]) << data.at("reports")[i].at("query").dump();
}

std::vector<fs::path> golden_files() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(fs::path(CALLSIGN_GOLDEN_DIR) / "reports"))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

INSTANTIATE_TEST_SUITE_P(Files, GoldenReports, ::testing::ValuesIn(golden_files()),
                         [](const auto& info) { return info.param.stem().string(); });

}  // namespace
}  // namespace callsign
