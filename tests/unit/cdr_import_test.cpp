// Asterisk CDR import (telephony/cdr/cdr_import.hpp): the collapse rule for records sharing a uniqueid, line
// errors from domain::prepare_call, the golden Master.csv (tests/golden/asterisk_cdr, written by its
// generate.py), and record_import_batch against a real SQLite store: new, updated and duplicate calls, and a
// file imported twice changing nothing.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/encoders.hpp"
#include "common/time.hpp"
#include "domain/call_recorder.hpp"
#include "storage_test_support.hpp"
#include "telephony/cdr/cdr_import.hpp"

namespace callsign::telephony {
namespace {

using domain::CallStatus;
using storage::testing::StorageTest;

constexpr const char* kZone = "America/New_York";

std::string utc(Timestamp t) { return format_rfc3339(t); }

// One cdr_csv line; times are local to kZone, `answer` may be empty.
struct Line {
  std::string src = "+12125550101", dst = "+12125550100", clid, dstchannel = "PJSIP/1001-00000001";
  std::string lastapp = "Dial", start, answer, end;
  int duration = 0, billsec = 0;
  std::string disposition = "ANSWERED", uniqueid;

  std::string text() const {
    const auto q = [](const std::string& s) { return "\"" + s + "\""; };
    return q("") + "," + q(src) + "," + q(dst) + "," + q("from-pstn") + "," + q(clid) + "," + q("PJSIP/trunk-1") +
           "," + q(dstchannel) + "," + q(lastapp) + "," + q("") + "," + q(start) + "," +
           (answer.empty() ? "" : q(answer)) + "," + q(end) + "," + std::to_string(duration) + "," +
           std::to_string(billsec) + "," + q(disposition) + "," + q("DOCUMENTATION") + "," + q(uniqueid) + "," +
           q("") + "\n";
  }
};

Line answered(std::string uniqueid, std::string start, std::string answer, std::string end, int billsec) {
  Line l;
  l.uniqueid = std::move(uniqueid);
  l.start = std::move(start);
  l.answer = std::move(answer);
  l.end = std::move(end);
  l.billsec = billsec;
  l.duration = billsec;
  return l;
}

Line unanswered(std::string uniqueid, std::string start, std::string end, std::string disposition = "NO ANSWER") {
  Line l;
  l.uniqueid = std::move(uniqueid);
  l.start = std::move(start);
  l.end = std::move(end);
  l.disposition = std::move(disposition);
  l.dstchannel = "";
  return l;
}

std::vector<CdrCall> collapse(const std::string& text) {
  auto file = parse_asterisk_cdr(text, kZone);
  EXPECT_TRUE(file.has_value());
  if (!file) return {};
  EXPECT_TRUE(file->errors.empty()) << file->errors.at(0).message;
  return collapse_by_uniqueid(std::move(file->records));
}

domain::Project project(std::string timezone = kZone) {
  auto p = storage::testing::sample_project("a");
  p.settings.timezone = std::move(timezone);
  return p;
}

// ------------------------------------------------------------------------------------------ collapse rule

TEST(CdrCollapse, AnsweredLegWinsAndTheCallStartsAtTheEarliestLeg) {
  // A ring group: 1002 and 1003 rang first and gave up when 1001 answered.
  const auto calls = collapse(
      unanswered("100.1", "2026-03-02 10:00:02", "2026-03-02 10:00:12").text() +
      answered("100.1", "2026-03-02 10:00:04", "2026-03-02 10:00:12", "2026-03-02 10:02:12", 120).text() +
      unanswered("100.1", "2026-03-02 10:00:00", "2026-03-02 10:00:12").text());
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].record.line_number, 2u);
  EXPECT_EQ(utc(calls[0].started_at), "2026-03-02T15:00:00Z");  // the third line's start
  const auto in = to_call_input(calls[0]);
  EXPECT_EQ(in.external_id, "100.1");
  EXPECT_EQ(in.status, CallStatus::answered);
  EXPECT_EQ(utc(in.started_at), "2026-03-02T15:00:00Z");
  EXPECT_EQ(utc(*in.answered_at), "2026-03-02T15:00:12Z");
  EXPECT_EQ(utc(*in.ended_at), "2026-03-02T15:02:12Z");
}

TEST(CdrCollapse, LargestBillsecWinsAndATieGoesToTheLaterLine) {
  const auto calls = collapse(
      // a transfer: the second leg talked longer although it comes first in the file
      answered("200.1", "2026-03-02 11:00:05", "2026-03-02 11:00:10", "2026-03-02 11:10:10", 600).text() +
      answered("200.1", "2026-03-02 11:00:00", "2026-03-02 11:00:03", "2026-03-02 11:00:33", 30).text() +
      // two legs of 45 s each
      answered("300.1", "2026-03-02 12:00:00", "2026-03-02 12:00:04", "2026-03-02 12:00:49", 45).text() +
      answered("300.1", "2026-03-02 12:00:01", "2026-03-02 12:00:09", "2026-03-02 12:00:54", 45).text());
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].record.line_number, 1u);
  EXPECT_EQ(utc(calls[0].started_at), "2026-03-02T16:00:00Z");
  EXPECT_EQ(calls[1].record.line_number, 4u);
  EXPECT_EQ(utc(*to_call_input(calls[1]).answered_at), "2026-03-02T17:00:09Z");
  EXPECT_EQ(utc(calls[1].started_at), "2026-03-02T17:00:00Z");
}

TEST(CdrCollapse, WithoutAnAnsweredLegTheLastLineWins) {
  const auto calls = collapse(unanswered("400.1", "2026-03-02 13:00:00", "2026-03-02 13:00:20").text() +
                              unanswered("400.1", "2026-03-02 13:00:01", "2026-03-02 13:00:21", "BUSY").text());
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].record.line_number, 2u);
  EXPECT_EQ(to_call_input(calls[0]).status, CallStatus::busy);
  EXPECT_EQ(utc(to_call_input(calls[0]).started_at), "2026-03-02T18:00:00Z");
}

TEST(CdrCollapse, LegsNeedNotBeAdjacentAndCallsKeepFirstAppearanceOrder) {
  const auto calls = collapse(
      unanswered("500.1", "2026-03-02 14:00:00", "2026-03-02 14:00:10").text() +
      unanswered("600.1", "2026-03-02 14:01:00", "2026-03-02 14:01:10").text() +
      unanswered("700.1", "2026-03-02 14:02:00", "2026-03-02 14:02:10").text() +
      answered("500.1", "2026-03-02 14:00:01", "2026-03-02 14:00:05", "2026-03-02 14:05:05", 300).text());
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0].record.uniqueid, "500.1");
  EXPECT_EQ(calls[0].record.line_number, 4u);
  EXPECT_EQ(utc(calls[0].started_at), "2026-03-02T19:00:00Z");
  EXPECT_EQ(calls[1].record.uniqueid, "600.1");
  EXPECT_EQ(calls[2].record.uniqueid, "700.1");
}

// ------------------------------------------------------------------------------------------ preparing

TEST(CdrPrepare, RefusedCallsAreLineErrorsNamingFieldAndColumn) {
  Line bad_src = unanswered("1.1", "2026-03-02 10:00:00", "2026-03-02 10:00:10");
  bad_src.src = "123";
  Line bad_clid = unanswered("2.1", "2026-03-02 10:01:00", "2026-03-02 10:01:10");
  bad_clid.src = "";
  bad_clid.clid = "Nobody <0>";
  Line bad_dst = unanswered("3.1", "2026-03-02 10:02:00", "2026-03-02 10:02:10");
  bad_dst.dst = "s";
  Line good = unanswered("4.1", "2026-03-02 10:03:00", "2026-03-02 10:03:10");
  Line bad_date = unanswered("5.1", "2026-03-02 10:04:00", "2026-03-02 10:04:10");
  bad_date.start = "2026-02-30 10:04:00";
  const std::string text =
      bad_src.text() + "\n" + bad_clid.text() + bad_dst.text() + good.text() + bad_date.text();

  auto prepared = prepare_asterisk_cdr_import(project(), text, kZone);
  ASSERT_TRUE(prepared.has_value());
  ASSERT_EQ(prepared->calls.size(), 1u);
  EXPECT_EQ(prepared->calls[0].input.external_id, "4.1");
  EXPECT_EQ(prepared->calls[0].caller.e164, "+12125550101");
  ASSERT_EQ(prepared->errors.size(), 4u);
  const std::vector<std::pair<std::size_t, std::string>> expected{{1, "src"}, {3, "clid"}, {4, "dst"}, {6, "start"}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(prepared->errors[i].line, expected[i].first);
    EXPECT_EQ(prepared->errors[i].field, expected[i].second);
  }
  EXPECT_NE(prepared->errors[0].message.find("caller"), std::string::npos) << prepared->errors[0].message;
  EXPECT_NE(prepared->errors[0].message.find("\"123\""), std::string::npos) << prepared->errors[0].message;
  EXPECT_NE(prepared->errors[0].message.find("(column src)"), std::string::npos) << prepared->errors[0].message;
  EXPECT_NE(prepared->errors[2].message.find("tracking_number"), std::string::npos) << prepared->errors[2].message;
}

TEST(CdrPrepare, UnknownTimezone) {
  auto prepared = prepare_asterisk_cdr_import(project(), "", "Mars/Olympus_Mons");
  ASSERT_FALSE(prepared.has_value());
  EXPECT_EQ(prepared.error().kind, ErrorKind::invalid);
  EXPECT_EQ(prepared.error().field, "timezone");
}

TEST(CdrPrepare, SplitIntoBatchesKeepsOrder) {
  std::vector<domain::PreparedCall> calls(1203);
  for (std::size_t i = 0; i < calls.size(); ++i) calls[i].input.external_id = std::to_string(i);
  const auto batches = split_into_batches(std::move(calls), 500);
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_EQ(batches[0].size(), 500u);
  EXPECT_EQ(batches[2].size(), 203u);
  EXPECT_EQ(batches[1].front().input.external_id, "500");
  EXPECT_EQ(batches[2].back().input.external_id, "1202");
  EXPECT_TRUE(split_into_batches({}).empty());
}

// ------------------------------------------------------------------------------------------ the golden file

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const std::string kGolden = std::string(CALLSIGN_GOLDEN_DIR) + "/asterisk_cdr/";

TEST(CdrGolden, MasterCsvPreparesAsExpected) {
  const auto expected = nlohmann::json::parse(read_text(kGolden + "Master.expected.json"));
  auto prepared = prepare_asterisk_cdr_import(project(), read_text(kGolden + "Master.csv"), kZone);
  ASSERT_TRUE(prepared.has_value());

  nlohmann::json errors = nlohmann::json::array();
  for (const auto& e : prepared->errors) errors.push_back({{"line", e.line}, {"field", e.field}});
  EXPECT_EQ(errors, expected["errors"]);

  ASSERT_EQ(prepared->calls.size(), expected["calls"].size());
  for (const auto& call : prepared->calls) {
    const auto& in = call.input;
    SCOPED_TRACE(in.external_id);
    ASSERT_TRUE(expected["calls"].contains(in.external_id));
    const auto& want = expected["calls"][in.external_id];
    EXPECT_EQ(call.caller.e164, want["caller"]);
    EXPECT_EQ(call.tracking.e164, want["tracking_number"]);
    EXPECT_EQ(utc(in.started_at), want["started_at"]);
    EXPECT_EQ(in.answered_at ? nlohmann::json(utc(*in.answered_at)) : nlohmann::json(), want["answered_at"]);
    EXPECT_EQ(utc(*in.ended_at), want["ended_at"]);
    EXPECT_EQ(domain::to_string(*in.status), want["status"].get<std::string>());
  }
}

// ------------------------------------------------------------------------------------------ writing

class CdrImportStoreTest : public StorageTest {
 protected:
  void SetUp() override {
    store_ = open_store();
    ASSERT_TRUE(store_);
    write_ok(*store_, [&](domain::Repositories& repos) { return repos.projects().insert(project_); });
  }

  ImportCounts import(const std::string& text, std::int64_t now_ms) {
    auto prepared = prepare_asterisk_cdr_import(project_, text, kZone);
    EXPECT_TRUE(prepared.has_value());
    if (!prepared) return {};
    ImportCounts counts;
    for (const auto& batch : split_into_batches(std::move(prepared->calls), 2)) {  // small batches: several units
      auto written = store_->write_blocking<ImportCounts>([&](domain::Repositories& repos) {
        return record_import_batch(repos, project_, batch, from_unix_ms(now_ms));
      });
      EXPECT_TRUE(written.has_value()) << written.error().message;
      if (written) counts += *written;
    }
    return counts;
  }

  // Every call of the project with everything stored about it, updated_at included.
  std::vector<std::string> snapshot() {
    domain::CallQuery query;
    query.limit = 1000;
    auto calls = store_->read([&](domain::Repositories& repos) { return repos.calls().list(project_.id, query); });
    EXPECT_TRUE(calls.has_value());
    std::vector<std::string> out;
    if (!calls) return out;
    for (const auto& c : *calls)
      out.push_back(api::encode_call(c).dump() + " created " + utc(c.created_at) + " updated " + utc(c.updated_at));
    return out;
  }

  domain::Project project_ = project();
  std::unique_ptr<storage::sqlite::SqliteStore> store_;
};

const std::string kFile =
    unanswered("10.1", "2026-03-02 10:00:00", "2026-03-02 10:00:10").text() +
    answered("10.1", "2026-03-02 10:00:01", "2026-03-02 10:00:10", "2026-03-02 10:01:10", 60).text() +
    unanswered("11.1", "2026-03-02 10:05:00", "2026-03-02 10:05:10", "BUSY").text() +
    answered("12.1", "2026-03-02 10:06:00", "2026-03-02 10:06:05", "2026-03-02 10:06:25", 20).text() +
    unanswered("13.1", "2026-03-02 10:07:00", "2026-03-02 10:07:10").text() +
    answered("14.1", "2026-03-02 10:08:00", "2026-03-02 10:08:05", "2026-03-02 10:18:05", 600).text();

TEST_F(CdrImportStoreTest, ImportingTheSameFileTwiceChangesNothing) {
  EXPECT_EQ(import(kFile, 1'800'000'000'000), (ImportCounts{5, 0, 0}));
  const auto first = snapshot();
  ASSERT_EQ(first.size(), 5u);
  EXPECT_EQ(import(kFile, 1'800'000'100'000), (ImportCounts{0, 0, 5}));
  EXPECT_EQ(snapshot(), first);
}

TEST_F(CdrImportStoreTest, CollapsedCallIsStoredOnce) {
  import(kFile, 1'800'000'000'000);
  auto call = store_->read(
      [&](domain::Repositories& repos) { return repos.calls().find_by_external_id(project_.id, "10.1"); });
  ASSERT_TRUE(call.has_value() && call->has_value());
  EXPECT_EQ((*call)->status, CallStatus::answered);
  EXPECT_EQ(utc((*call)->started_at), "2026-03-02T15:00:00Z");
  EXPECT_EQ((*call)->wait_seconds(), 10);
  EXPECT_EQ((*call)->talk_seconds(), 60);
  EXPECT_TRUE((*call)->flags.target);
}

TEST_F(CdrImportStoreTest, ChangedCallsAreUpdatedAndTheRestAreDuplicates) {
  import(kFile, 1'800'000'000'000);
  const auto before = snapshot();
  // 12.1 now ends later (the PBX rewrote it); 15.1 is new.
  const std::string changed =
      unanswered("10.1", "2026-03-02 10:00:00", "2026-03-02 10:00:10").text() +
      answered("10.1", "2026-03-02 10:00:01", "2026-03-02 10:00:10", "2026-03-02 10:01:10", 60).text() +
      unanswered("11.1", "2026-03-02 10:05:00", "2026-03-02 10:05:10", "BUSY").text() +
      answered("12.1", "2026-03-02 10:06:00", "2026-03-02 10:06:05", "2026-03-02 10:07:05", 60).text() +
      unanswered("13.1", "2026-03-02 10:07:00", "2026-03-02 10:07:10").text() +
      answered("14.1", "2026-03-02 10:08:00", "2026-03-02 10:08:05", "2026-03-02 10:18:05", 600).text() +
      unanswered("15.1", "2026-03-02 10:09:00", "2026-03-02 10:09:10").text();
  EXPECT_EQ(import(changed, 1'800'000'100'000), (ImportCounts{1, 1, 4}));
  auto call = store_->read(
      [&](domain::Repositories& repos) { return repos.calls().find_by_external_id(project_.id, "12.1"); });
  ASSERT_TRUE(call.has_value() && call->has_value());
  EXPECT_EQ((*call)->talk_seconds(), 60);
  EXPECT_TRUE((*call)->flags.target);
  EXPECT_EQ((*call)->updated_at, from_unix_ms(1'800'000'100'000));
  EXPECT_EQ(snapshot().size(), before.size() + 1);
}

TEST_F(CdrImportStoreTest, ACallRecordedWithOtherFieldsIsUpdated) {
  // The same call reported over the API first, with an operator the CDR does not carry.
  domain::CallInput in;
  in.external_id = "11.1";
  in.tracking_number = "+12125550100";
  in.caller = "+12125550101";
  in.started_at = *parse_rfc3339("2026-03-02T15:05:00Z");
  in.ended_at = *parse_rfc3339("2026-03-02T15:05:10Z");
  in.status = CallStatus::busy;
  in.operator_name = "Dana";
  write_ok(*store_, [&](domain::Repositories& repos) {
    return domain::record_call(repos, project_, in, from_unix_ms(1'700'000'000'000));
  });
  EXPECT_EQ(import(kFile, 1'800'000'000'000), (ImportCounts{4, 1, 0}));
  in.operator_name.reset();
  write_ok(*store_, [&](domain::Repositories& repos) {
    return domain::record_call(repos, project_, in, from_unix_ms(1'700'000'000'000));
  });
  EXPECT_EQ(import(kFile, 1'800'000'100'000), (ImportCounts{0, 0, 5}));
}

TEST(CdrImport, SameAsStoredComparesEveryFieldACdrGives) {
  auto prepared = prepare_asterisk_cdr_import(project(), kFile, kZone);
  ASSERT_TRUE(prepared.has_value());
  const domain::PreparedCall& call = prepared->calls.at(0);
  domain::Call stored;
  stored.tracking_number = call.tracking.e164;
  stored.caller = call.caller.e164;
  stored.started_at = call.input.started_at;
  stored.answered_at = call.input.answered_at;
  stored.ended_at = call.input.ended_at;
  stored.status = *call.input.status;
  stored.flags.target = true;  // derived: not compared
  EXPECT_TRUE(same_as_stored(stored, call));

  const auto differs = [&](auto change) {
    domain::Call other = stored;
    change(other);
    return !same_as_stored(other, call);
  };
  EXPECT_TRUE(differs([](domain::Call& c) { c.tracking_number = "+12125550199"; }));
  EXPECT_TRUE(differs([](domain::Call& c) { c.caller = "+12125550199"; }));
  EXPECT_TRUE(differs([](domain::Call& c) { c.started_at -= std::chrono::seconds(1); }));
  EXPECT_TRUE(differs([](domain::Call& c) { c.answered_at.reset(); }));
  EXPECT_TRUE(differs([](domain::Call& c) { c.ended_at.reset(); }));
  EXPECT_TRUE(differs([](domain::Call& c) { c.status = CallStatus::voicemail; }));
  EXPECT_TRUE(differs([](domain::Call& c) { c.operator_name = "Dana"; }));
  EXPECT_TRUE(differs([](domain::Call& c) { c.recording_url = "https://rec.example/1.wav"; }));
}

}  // namespace
}  // namespace callsign::telephony
