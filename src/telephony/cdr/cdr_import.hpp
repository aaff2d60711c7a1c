#pragma once
// Importing an Asterisk Master.csv: records → one call per uniqueid → prepared calls → written in batches.
// The same code serves POST /v1/projects/{id}/imports/asterisk-cdr and `callsign import asterisk-cdr`.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "common/time.hpp"
#include "domain/call.hpp"
#include "domain/call_recorder.hpp"
#include "domain/project.hpp"
#include "domain/repositories.hpp"
#include "telephony/cdr/asterisk_cdr.hpp"

namespace callsign::telephony {

// A line of the file that did not become a call.
struct ImportLineError {
  std::size_t line = 0;  // 1-based line of the file the record starts on
  std::string field;     // the CDR column at fault ("start", "src", "uniqueid", …), or "line" for the whole line
  std::string message;   // a sentence naming the field and what was wrong
  friend bool operator==(const ImportLineError&, const ImportLineError&) = default;
};

// The records Asterisk wrote for one call (one uniqueid), reduced to the one that speaks for the call.
struct CdrCall {
  CdrRecord record;        // the chosen record (its line_number is the line errors are reported on)
  Timestamp started_at{};  // the earliest start among the call's records
};

// Collapses records sharing a uniqueid into one call. Asterisk writes several records for one call when
// Dial rings several channels (a ring group, `Dial(PJSIP/1001&PJSIP/1002)`) or when the CDR forks
// (transfers, ForkCDR). The rule:
//   * the chosen record is the ANSWERED one with the largest billsec (on a tie the later line): the leg
//     somebody talked on; when no record is ANSWERED, the last record in file order, which Asterisk writes
//     when the call is over and so carries its final outcome;
//   * the call starts at the earliest start of all its records: the caller has been waiting since then;
//   * everything else (answer, end, disposition, numbers, lastapp) comes from the chosen record.
// A call's records need not be adjacent in the file. Returns one CdrCall per uniqueid, in the order in which
// the uniqueids first appear. Pure, thread-safe.
std::vector<CdrCall> collapse_by_uniqueid(std::vector<CdrRecord> records);

// to_call_input(call.record) starting at call.started_at.
domain::CallInput to_call_input(const CdrCall& call);

// A file read and validated, ready for the single writer.
struct PreparedImport {
  std::vector<domain::PreparedCall> calls;  // one per uniqueid, in the order the uniqueids first appear
  std::vector<ImportLineError> errors;      // every bad line, ordered by line
};

// Parses `text` (parse_asterisk_cdr with `timezone`), collapses it (collapse_by_uniqueid) and prepares each
// call with domain::prepare_call for `project`. A call that prepare_call refuses becomes an error on its
// chosen record's line: the domain's message (which names the call field) followed by the CDR column it came
// from, e.g. `caller is not a valid phone number: "12" (column src)`; its field is that column. Bad lines
// are reported and skipped; the others are kept.
// Errors: Error{invalid, "timezone"} when `timezone` is not an IANA zone. Pure, thread-safe.
Result<PreparedImport> prepare_asterisk_cdr_import(const domain::Project& project, std::string_view text,
                                                   std::string_view timezone);

struct ImportCounts {
  std::size_t imported = 0;    // calls that were new to the project
  std::size_t updated = 0;     // calls already there (same external_id) whose fields the file changed
  std::size_t duplicates = 0;  // calls already there exactly as the file says: not written at all
  ImportCounts& operator+=(const ImportCounts& other);
  friend bool operator==(const ImportCounts&, const ImportCounts&) = default;
};

// True when `stored` already says what `call` says in every field a CDR gives: tracking number, caller,
// started/answered/ended, status, operator and recording URL. Attribution and flags are not compared: they
// are derived, and a duplicate is left exactly as it is (its updated_at included).
bool same_as_stored(const domain::Call& stored, const domain::PreparedCall& call);

// Records `calls` (distinct external_ids) for `project`: a call whose external_id is new is inserted, one
// that differs from its stored version is updated (domain::record_prepared_call, which re-attributes and
// reclassifies), one that is the same (same_as_stored) is counted as a duplicate and not touched, so that
// importing a file twice changes nothing. Must run inside one write unit of work; on an error the caller
// rolls the unit back. Errors: storage errors as returned.
Result<ImportCounts> record_import_batch(domain::Repositories& repos, const domain::Project& project,
                                         const std::vector<domain::PreparedCall>& calls, Timestamp now);

// Calls per write unit of work: small enough that one huge file does not hold the single writer for long
// (other requests' writes take their turns between batches), large enough to keep commits few.
inline constexpr std::size_t kImportBatchSize = 500;

// Moves `calls` into consecutive batches of at most `batch_size` (> 0) calls, keeping their order.
std::vector<std::vector<domain::PreparedCall>> split_into_batches(std::vector<domain::PreparedCall> calls,
                                                                  std::size_t batch_size = kImportBatchSize);

}  // namespace callsign::telephony
