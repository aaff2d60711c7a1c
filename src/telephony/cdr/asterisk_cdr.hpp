#pragma once
// Asterisk's call detail records as cdr_csv writes them (Master.csv), turned into calls.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "common/time.hpp"
#include "domain/call_recorder.hpp"

namespace callsign::telephony {

enum class CdrDisposition { answered, no_answer, busy, failed, congestion };
std::string_view to_string(CdrDisposition);  // as Asterisk writes it: "ANSWERED", "NO ANSWER", "BUSY", …

// One line of Master.csv. The 18 columns of cdr_csv with loguniqueid and loguserfield on, in file order;
// with newcdrcolumns on, three more follow (peeraccount, linkedid, sequence).
struct CdrRecord {
  std::size_t line_number = 0;  // 1-based line of the file the record starts on
  std::string accountcode, src, dst, dcontext, clid, channel, dstchannel, lastapp, lastdata;
  Timestamp start{};
  std::optional<Timestamp> answer;  // empty in the file when the call was never answered
  Timestamp end{};
  std::int64_t duration = 0;  // seconds, start → end
  std::int64_t billsec = 0;   // seconds, answer → end
  CdrDisposition disposition = CdrDisposition::no_answer;
  std::string amaflags, uniqueid, userfield;
  std::optional<std::string> peeraccount, linkedid;  // newcdrcolumns only
  std::optional<std::int64_t> sequence;              // newcdrcolumns only
};

// A line that could not be read; the lines around it still are.
struct CdrLineError {
  std::size_t line_number = 0;
  std::string field;    // the column at fault ("start", "disposition", …), or "line" for the line as a whole
  std::string message;  // a sentence naming the field and what was wrong
};

struct CdrFile {
  std::vector<CdrRecord> records;    // good lines, in file order
  std::vector<CdrLineError> errors;  // bad lines, in file order
};

// Parses the text of a Master.csv. Fields are comma-separated; quoted fields may hold commas, line breaks
// and doubled quotes (""); lines end in LF or CRLF; blank lines and a header line naming the columns are
// skipped. Times are "YYYY-MM-DD HH:MM:SS" in `timezone` (an IANA name; "UTC" for usegmtime=yes). A local
// time that occurs twice (the hour repeated when clocks go back) is resolved with the record's own
// duration and billsec (the earlier reading when both fit); a local time the zone skips is an error.
// Each bad line becomes a CdrLineError: wrong column count, an unterminated or misplaced quote, a missing
// uniqueid, a bad or impossible time, end before start, an answer outside start..end, a negative or
// non-numeric duration/billsec, an unknown disposition.
// Errors: Error{invalid, "timezone"} when `timezone` is not a zone of the tz database. Pure, thread-safe.
Result<CdrFile> parse_asterisk_cdr(std::string_view text, std::string_view timezone);

// The call a record describes: external_id = uniqueid, tracking_number = dst, caller = src (or the number
// in clid's "<…>" when src is empty), started/answered/ended at start/answer/end, status from disposition
// (ANSWERED → answered, NO ANSWER → no_answer, BUSY → busy, FAILED and CONGESTION → failed), or voicemail
// when the last application was VoiceMail. An ANSWERED record without an answer time is taken as answered
// billsec before its end. Numbers are passed as written: domain::prepare_call validates and normalizes them.
domain::CallInput to_call_input(const CdrRecord& record);

}  // namespace callsign::telephony
