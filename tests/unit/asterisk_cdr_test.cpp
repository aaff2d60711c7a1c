// Asterisk cdr_csv (Master.csv) parsing and the CallInput each record becomes: a realistic file with
// malformed lines among good ones, quoting, line endings, and the daylight-saving edges of America/New_York.
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "common/time.hpp"
#include "domain/call.hpp"
#include "telephony/cdr/asterisk_cdr.hpp"

namespace callsign::telephony {
namespace {

using domain::CallStatus;

constexpr const char* kZone = "America/New_York";

std::string utc(Timestamp t) { return format_rfc3339(t); }

// Lines as cdr_csv writes them (strings quoted, duration and billsec bare, an unanswered call's answer empty
// and unquoted), plus the kinds of damage real files carry. Line numbers are in the comments' order.
const std::string kMaster =
    // 1: a header row some exports add
    "accountcode,src,dst,dcontext,clid,channel,dstchannel,lastapp,lastdata,start,answer,end,duration,billsec,"
    "disposition,amaflags,uniqueid,userfield\n"
    // 2: answered, caller id with an embedded quoted name
    R"csv("","+12125550101","+18005550100","from-pstn","""Alice Smith"" <+12125550101>","PJSIP/trunk-00000001","PJSIP/1001-00000002","Dial","PJSIP/1001,30,tT","2025-06-02 09:15:00","2025-06-02 09:15:07","2025-06-02 09:19:07",247,240,"ANSWERED","DOCUMENTATION","1748870100.1","")csv"
    "\n"
    // 3: no answer: empty answer, commas inside quotes, a userfield with doubled quotes
    R"csv("acct-7","+12125550102","+18005550100","from-pstn","""Bob, Jr."" <+12125550102>","PJSIP/trunk-00000003","PJSIP/1002-00000004","Dial","PJSIP/1001&PJSIP/1002,20","2025-06-02 10:00:00",,"2025-06-02 10:00:20",20,0,"NO ANSWER","DOCUMENTATION","1748872800.2","campaign=spring, ""promo""")csv"
    "\n"
    // 4: busy, CRLF line ending
    R"csv("","2125550103","8005550100","from-pstn","""Dan"" <2125550103>","PJSIP/trunk-00000005","","Dial","PJSIP/1001","2025-06-02 11:00:00",,"2025-06-02 11:00:02",2,0,"BUSY","DOCUMENTATION","1748876400.3","")csv"
    "\r\n"
    // 5: blank
    "\n"
    // 6: 17 columns (uniqueid not logged)
    R"csv("","+12125550104","+18005550100","from-pstn","","PJSIP/trunk-00000006","","Dial","","2025-06-02 11:30:00",,"2025-06-02 11:30:05",5,0,"NO ANSWER","DOCUMENTATION","")csv"
    "\n"
    // 7: month 13
    R"csv("","+12125550105","+18005550100","from-pstn","","PJSIP/trunk-00000007","","Dial","","2025-13-02 12:00:00",,"2025-06-02 12:00:05",5,0,"NO ANSWER","DOCUMENTATION","1748880000.7","")csv"
    "\n"
    // 8: unknown disposition
    R"csv("","+12125550106","+18005550100","from-pstn","","PJSIP/trunk-00000008","","Dial","","2025-06-02 12:10:00",,"2025-06-02 12:10:05",5,0,"ANSWERD","DOCUMENTATION","1748880600.8","")csv"
    "\n"
    // 9: no uniqueid
    R"csv("","+12125550107","+18005550100","from-pstn","","PJSIP/trunk-00000009","","Dial","","2025-06-02 12:20:00",,"2025-06-02 12:20:05",5,0,"NO ANSWER","DOCUMENTATION","","")csv"
    "\n"
    // 10: failed, no src: the caller comes from clid
    R"csv("","","+18005550100","from-pstn","""Carol"" <+13105550103>","PJSIP/trunk-0000000a","","Dial","PJSIP/1001","2025-06-02 12:30:00",,"2025-06-02 12:30:01",1,0,"FAILED","DOCUMENTATION","1748881800.10","")csv"
    "\n"
    // 11: congestion
    R"csv("","+12125550108","+18005550100","from-pstn","","PJSIP/trunk-0000000b","","Dial","PJSIP/1001","2025-06-02 12:40:00",,"2025-06-02 12:40:01",1,0,"CONGESTION","DOCUMENTATION","1748882400.11","")csv"
    "\n"
    // 12: answered by voicemail
    R"csv("","+12125550109","+18005550100","from-pstn","","PJSIP/trunk-0000000c","","VoiceMail","1001@default,u","2025-06-02 12:50:00","2025-06-02 12:50:20","2025-06-02 12:51:00",60,40,"ANSWERED","DOCUMENTATION","1748883000.12","")csv"
    "\n"
    // 13: clocks go back (01:00–01:59 happens twice): starts 01:59:30 EDT, ends 01:00:30 EST
    R"csv("","+12125550110","+18005550100","from-pstn","","PJSIP/trunk-0000000d","PJSIP/1001-0000000e","Dial","PJSIP/1001","2025-11-02 01:59:30","2025-11-02 01:59:40","2025-11-02 01:00:30",60,50,"ANSWERED","DOCUMENTATION","1762063170.13","")csv"
    "\n"
    // 14: clocks go forward (02:00–02:59 never happens): 01:59 EST → 03:01 EDT is two minutes
    R"csv("","+12125550111","+18005550100","from-pstn","","PJSIP/trunk-0000000f","PJSIP/1001-00000010","Dial","PJSIP/1001","2025-03-09 01:59:00","2025-03-09 01:59:10","2025-03-09 03:01:00",120,110,"ANSWERED","DOCUMENTATION","1741503540.14","")csv"
    "\n"
    // 15: a time inside the skipped hour
    R"csv("","+12125550112","+18005550100","from-pstn","","PJSIP/trunk-00000011","","Dial","","2025-03-09 02:30:00",,"2025-03-09 03:30:05",5,0,"NO ANSWER","DOCUMENTATION","1741505400.15","")csv"
    "\n"
    // 16: a quote that is never closed; it must not swallow line 17
    R"csv("","+12125550113","+18005550100","from-pstn","Eve <+12125550113>,PJSIP/trunk-00000012)csv"
    "\n"
    // 17: good
    R"csv("","+12125550114","+18005550100","from-pstn","","PJSIP/trunk-00000013","","Dial","","2025-06-03 08:00:00",,"2025-06-03 08:00:09",9,0,"NO ANSWER","DOCUMENTATION","1748952000.17","")csv"
    "\n"
    // 18: text after a closing quote
    R"csv("","+12125550115"x,"+18005550100","from-pstn","","PJSIP/trunk-00000014","","Dial","","2025-06-03 08:10:00",,"2025-06-03 08:10:09",9,0,"NO ANSWER","DOCUMENTATION","1748952600.18","")csv"
    "\n"
    // 19–20: a quoted field holding a line break (legal CSV): one record starting on line 19
    R"csv("","+12125550116","+18005550100","from-pstn","","PJSIP/trunk-00000015","","Dial","","2025-06-03 08:20:00",,"2025-06-03 08:20:09",9,0,"NO ANSWER","DOCUMENTATION","1748953200.19","note: first line)csv"
    "\n"
    R"csv(second line")csv"
    "\n"
    // 21: negative duration
    R"csv("","+12125550117","+18005550100","from-pstn","","PJSIP/trunk-00000016","","Dial","","2025-06-03 08:30:00",,"2025-06-03 08:30:09",-9,0,"NO ANSWER","DOCUMENTATION","1748953800.21","")csv"
    "\n"
    // 22: end before start
    R"csv("","+12125550118","+18005550100","from-pstn","","PJSIP/trunk-00000017","","Dial","","2025-06-03 08:40:00",,"2025-06-03 08:39:00",0,0,"NO ANSWER","DOCUMENTATION","1748954400.22","")csv"
    "\n"
    // 23: answered after it ended
    R"csv("","+12125550119","+18005550100","from-pstn","","PJSIP/trunk-00000018","PJSIP/1001-00000019","Dial","","2025-06-03 08:50:00","2025-06-03 08:52:00","2025-06-03 08:51:00",60,0,"ANSWERED","DOCUMENTATION","1748955000.23","")csv"
    "\n"
    // 24: newcdrcolumns=yes (peeraccount, linkedid, sequence)
    R"csv("","+12125550120","+18005550100","from-pstn","","PJSIP/trunk-0000001a","PJSIP/1001-0000001b","Dial","PJSIP/1001","2025-06-03 09:00:00","2025-06-03 09:00:03","2025-06-03 09:01:03",63,60,"ANSWERED","DOCUMENTATION","1748955600.24","","","1748955600.24",42)csv"
    "\n";

const CdrRecord* find(const CdrFile& file, std::string_view uniqueid) {
  for (const auto& r : file.records)
    if (r.uniqueid == uniqueid) return &r;
  return nullptr;
}

const CdrLineError* error_at(const CdrFile& file, std::size_t line) {
  for (const auto& e : file.errors)
    if (e.line_number == line) return &e;
  return nullptr;
}

CdrFile parse_master() {
  auto file = parse_asterisk_cdr(kMaster, kZone);
  EXPECT_TRUE(file.has_value());
  return file ? *file : CdrFile{};
}

TEST(AsteriskCdr, GoodLinesParseAndBadLinesAreReportedByLine) {
  const auto file = parse_master();
  std::vector<std::size_t> good;
  for (const auto& r : file.records) good.push_back(r.line_number);
  EXPECT_EQ(good, (std::vector<std::size_t>{2, 3, 4, 10, 11, 12, 13, 14, 17, 19, 24}));
  std::vector<std::pair<std::size_t, std::string>> bad;
  for (const auto& e : file.errors) bad.emplace_back(e.line_number, e.field);
  EXPECT_EQ(bad, (std::vector<std::pair<std::size_t, std::string>>{{6, "line"},
                                                                     {7, "start"},
                                                                     {8, "disposition"},
                                                                     {9, "uniqueid"},
                                                                     {15, "start"},
                                                                     {16, "line"},
                                                                     {18, "line"},
                                                                     {21, "duration"},
                                                                     {22, "end"},
                                                                     {23, "answer"}}));
  for (const auto& e : file.errors) {
    EXPECT_FALSE(e.message.empty());
    if (e.field != "line") {
      EXPECT_NE(e.message.find(e.field), std::string::npos) << e.message;
    }
  }
  EXPECT_NE(error_at(file, 6)->message.find("found 17"), std::string::npos) << error_at(file, 6)->message;
  EXPECT_NE(error_at(file, 6)->message.find("loguniqueid"), std::string::npos);
  EXPECT_NE(error_at(file, 7)->message.find("2025-13-02 12:00:00"), std::string::npos);
  EXPECT_NE(error_at(file, 8)->message.find("ANSWERD"), std::string::npos);
  EXPECT_NE(error_at(file, 15)->message.find("does not exist in America/New_York"), std::string::npos);
  EXPECT_NE(error_at(file, 16)->message.find("quote"), std::string::npos) << error_at(file, 16)->message;
}

TEST(AsteriskCdr, ReadsEveryColumnOfAnAnsweredCall) {
  const auto file = parse_master();
  const auto* r = find(file, "1748870100.1");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->line_number, 2u);
  EXPECT_EQ(r->accountcode, "");
  EXPECT_EQ(r->src, "+12125550101");
  EXPECT_EQ(r->dst, "+18005550100");
  EXPECT_EQ(r->dcontext, "from-pstn");
  EXPECT_EQ(r->clid, "\"Alice Smith\" <+12125550101>");
  EXPECT_EQ(r->channel, "PJSIP/trunk-00000001");
  EXPECT_EQ(r->dstchannel, "PJSIP/1001-00000002");
  EXPECT_EQ(r->lastapp, "Dial");
  EXPECT_EQ(r->lastdata, "PJSIP/1001,30,tT");
  EXPECT_EQ(utc(r->start), "2025-06-02T13:15:00Z");  // EDT = UTC−4
  ASSERT_TRUE(r->answer.has_value());
  EXPECT_EQ(utc(*r->answer), "2025-06-02T13:15:07Z");
  EXPECT_EQ(utc(r->end), "2025-06-02T13:19:07Z");
  EXPECT_EQ(r->duration, 247);
  EXPECT_EQ(r->billsec, 240);
  EXPECT_EQ(r->disposition, CdrDisposition::answered);
  EXPECT_EQ(r->amaflags, "DOCUMENTATION");
  EXPECT_EQ(r->userfield, "");
  EXPECT_FALSE(r->linkedid.has_value());
  EXPECT_FALSE(r->sequence.has_value());
}

TEST(AsteriskCdr, QuotedCommasQuotesAndLineBreaks) {
  const auto file = parse_master();
  const auto* r = find(file, "1748872800.2");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->accountcode, "acct-7");
  EXPECT_EQ(r->clid, "\"Bob, Jr.\" <+12125550102>");
  EXPECT_EQ(r->lastdata, "PJSIP/1001&PJSIP/1002,20");
  EXPECT_EQ(r->userfield, "campaign=spring, \"promo\"");
  EXPECT_FALSE(r->answer.has_value());
  EXPECT_EQ(r->disposition, CdrDisposition::no_answer);

  const auto* crlf = find(file, "1748876400.3");
  ASSERT_NE(crlf, nullptr);
  EXPECT_EQ(crlf->userfield, "");  // no stray '\r'
  EXPECT_EQ(crlf->dstchannel, "");

  const auto* multi = find(file, "1748953200.19");
  ASSERT_NE(multi, nullptr);
  EXPECT_EQ(multi->line_number, 19u);
  EXPECT_EQ(multi->userfield, "note: first line\nsecond line");
}

TEST(AsteriskCdr, RepeatedHourIsResolvedWithDurationAndBillsec) {
  // Starts 01:59:30 EDT (05:59:30Z), answered 01:59:40 EDT, ends 01:00:30 EST (06:00:30Z): every wall-clock
  // time here happened twice that night; only this reading makes the call last its 60 s with 50 billed.
  const auto file = parse_master();
  const auto* r = find(file, "1762063170.13");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(utc(r->start), "2025-11-02T05:59:30Z");
  EXPECT_EQ(utc(*r->answer), "2025-11-02T05:59:40Z");
  EXPECT_EQ(utc(r->end), "2025-11-02T06:00:30Z");
}

TEST(AsteriskCdr, SkippedHourIsCountedInRealTime) {
  const auto file = parse_master();
  const auto* r = find(file, "1741503540.14");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(utc(r->start), "2025-03-09T06:59:00Z");  // EST = UTC−5
  EXPECT_EQ(utc(*r->answer), "2025-03-09T06:59:10Z");
  EXPECT_EQ(utc(r->end), "2025-03-09T07:01:00Z");  // EDT = UTC−4: two minutes later, not 62
}

TEST(AsteriskCdr, NewCdrColumns) {
  const auto file = parse_master();
  const auto* r = find(file, "1748955600.24");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->peeraccount, "");
  EXPECT_EQ(r->linkedid, "1748955600.24");
  EXPECT_EQ(r->sequence, 42);
}

TEST(AsteriskCdr, MapsRecordsToCalls) {
  const auto file = parse_master();
  const auto input = [&](std::string_view id) {
    const auto* r = find(file, id);
    EXPECT_NE(r, nullptr) << id;
    return r ? to_call_input(*r) : domain::CallInput{};
  };

  const auto answered = input("1748870100.1");
  EXPECT_EQ(answered.external_id, "1748870100.1");
  EXPECT_EQ(answered.tracking_number, "+18005550100");
  EXPECT_EQ(answered.caller, "+12125550101");
  EXPECT_EQ(utc(answered.started_at), "2025-06-02T13:15:00Z");
  EXPECT_EQ(utc(*answered.answered_at), "2025-06-02T13:15:07Z");
  EXPECT_EQ(utc(*answered.ended_at), "2025-06-02T13:19:07Z");
  EXPECT_EQ(answered.status, CallStatus::answered);
  EXPECT_FALSE(answered.operator_name.has_value());

  const auto missed = input("1748872800.2");
  EXPECT_EQ(missed.status, CallStatus::no_answer);
  EXPECT_FALSE(missed.answered_at.has_value());
  EXPECT_EQ(utc(*missed.ended_at), "2025-06-02T14:00:20Z");

  const auto busy = input("1748876400.3");
  EXPECT_EQ(busy.status, CallStatus::busy);
  EXPECT_EQ(busy.caller, "2125550103");  // as written: prepare_call normalizes with the project's country
  EXPECT_EQ(busy.tracking_number, "8005550100");

  const auto failed = input("1748881800.10");
  EXPECT_EQ(failed.status, CallStatus::failed);
  EXPECT_EQ(failed.caller, "+13105550103");  // from clid, src being empty

  EXPECT_EQ(input("1748882400.11").status, CallStatus::failed);  // CONGESTION

  const auto voicemail = input("1748883000.12");
  EXPECT_EQ(voicemail.status, CallStatus::voicemail);
  EXPECT_TRUE(voicemail.answered_at.has_value());
}

TEST(AsteriskCdr, AnsweredWithoutAnswerTimeIsAnsweredBillsecBeforeEnd) {
  const std::string line =
      R"("","+12125550101","+18005550100","from-pstn","","PJSIP/a","PJSIP/b","Dial","","2025-01-15 08:00:00",,"2025-01-15 08:01:00",60,45,"ANSWERED","DOCUMENTATION","1.1","")";
  auto file = parse_asterisk_cdr(line, kZone);
  ASSERT_TRUE(file.has_value());
  ASSERT_EQ(file->records.size(), 1u);
  const auto in = to_call_input(file->records[0]);
  EXPECT_EQ(in.status, CallStatus::answered);
  EXPECT_EQ(utc(*in.answered_at), "2025-01-15T13:00:15Z");
}

TEST(AsteriskCdr, LineEndingsAndEmptyInput) {
  const std::string line =
      R"("","+12125550101","+18005550100","from-pstn","","PJSIP/a","","Dial","","2025-01-15 08:00:00",,"2025-01-15 08:00:05",5,0,"NO ANSWER","DOCUMENTATION","1.1","u")";
  for (const std::string& text : {line, line + "\n", line + "\r\n", "\n\n" + line + "\r\n\r\n  \n", line + "\r"}) {
    auto file = parse_asterisk_cdr(text, kZone);
    ASSERT_TRUE(file.has_value());
    ASSERT_EQ(file->records.size(), 1u) << text;
    EXPECT_TRUE(file->errors.empty()) << file->errors.at(0).message;
    EXPECT_EQ(file->records[0].userfield, "u");
    EXPECT_EQ(utc(file->records[0].start), "2025-01-15T13:00:00Z");  // EST = UTC−5
  }
  EXPECT_TRUE(parse_asterisk_cdr("\n\n", kZone)->records.empty());
  const auto empty = parse_asterisk_cdr("", kZone);
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->records.empty());
  EXPECT_TRUE(empty->errors.empty());
  // The line number counts blank lines before it.
  EXPECT_EQ(parse_asterisk_cdr("\n\n" + line, kZone)->records.at(0).line_number, 3u);
}

TEST(AsteriskCdr, UnknownTimezoneIsAnError) {
  const auto file = parse_asterisk_cdr("", "America/Gotham");
  ASSERT_FALSE(file.has_value());
  EXPECT_EQ(file.error().field, "timezone");
  EXPECT_EQ(file.error().kind, ErrorKind::invalid);
}

TEST(AsteriskCdr, UtcFilesForUseGmTime) {
  const std::string line =
      R"("","+12125550101","+18005550100","from-pstn","","PJSIP/a","","Dial","","2025-11-02 01:30:00",,"2025-11-02 01:30:05",5,0,"BUSY","DOCUMENTATION","1.1","")";
  auto file = parse_asterisk_cdr(line, "UTC");
  ASSERT_TRUE(file.has_value());
  ASSERT_EQ(file->records.size(), 1u);
  EXPECT_EQ(utc(file->records[0].start), "2025-11-02T01:30:00Z");
}

}  // namespace
}  // namespace callsign::telephony
