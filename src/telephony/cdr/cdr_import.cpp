#include "telephony/cdr/cdr_import.hpp"

#include <algorithm>
#include <iterator>
#include <unordered_map>
#include <utility>

namespace callsign::telephony {
namespace {

// Whether `candidate` should speak for its call instead of `chosen` (which comes earlier in the file).
bool replaces(const CdrRecord& chosen, const CdrRecord& candidate) {
  const bool chosen_answered = chosen.disposition == CdrDisposition::answered;
  const bool candidate_answered = candidate.disposition == CdrDisposition::answered;
  if (chosen_answered != candidate_answered) return candidate_answered;
  if (candidate_answered) return candidate.billsec >= chosen.billsec;  // a tie goes to the later line
  return true;                                                        // none answered: the last line wins
}

bool is_blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t'; });
}

// The CDR column a call field was read from (see to_call_input(CdrRecord)).
std::string column_of(const std::string& call_field, const CdrRecord& record) {
  if (call_field == "external_id") return "uniqueid";
  if (call_field == "tracking_number") return "dst";
  if (call_field == "caller") return is_blank(record.src) ? "clid" : "src";
  if (call_field == "started_at") return "start";
  if (call_field == "answered_at") return "answer";
  if (call_field == "ended_at") return "end";
  return call_field;
}

ImportLineError line_error(const CdrCall& call, const Error& error) {
  const std::string column = column_of(error.field, call.record);
  return {call.record.line_number, column, error.message + " (column " + column + ")"};
}

}  // namespace

std::vector<CdrCall> collapse_by_uniqueid(std::vector<CdrRecord> records) {
  std::vector<CdrCall> calls;
  std::unordered_map<std::string, std::size_t> index;  // uniqueid → position in calls
  for (auto& record : records) {
    const auto [it, fresh] = index.try_emplace(record.uniqueid, calls.size());
    if (fresh) {
      const Timestamp start = record.start;
      calls.push_back({std::move(record), start});
      continue;
    }
    CdrCall& call = calls[it->second];
    call.started_at = std::min(call.started_at, record.start);
    if (replaces(call.record, record)) call.record = std::move(record);
  }
  return calls;
}

domain::CallInput to_call_input(const CdrCall& call) {
  domain::CallInput input = to_call_input(call.record);
  input.started_at = call.started_at;
  return input;
}

Result<PreparedImport> prepare_asterisk_cdr_import(const domain::Project& project, std::string_view text,
                                                   std::string_view timezone) {
  auto file = parse_asterisk_cdr(text, timezone);
  if (!file) return fail(file.error());
  PreparedImport prepared;
  for (auto& e : file->errors) prepared.errors.push_back({e.line_number, std::move(e.field), std::move(e.message)});
  for (const auto& call : collapse_by_uniqueid(std::move(file->records))) {
    auto ready = domain::prepare_call(project, to_call_input(call));
    if (ready)
      prepared.calls.push_back(std::move(*ready));
    else
      prepared.errors.push_back(line_error(call, ready.error()));
  }
  std::stable_sort(prepared.errors.begin(), prepared.errors.end(),
                   [](const ImportLineError& a, const ImportLineError& b) { return a.line < b.line; });
  return prepared;
}

ImportCounts& ImportCounts::operator+=(const ImportCounts& other) {
  imported += other.imported;
  updated += other.updated;
  duplicates += other.duplicates;
  return *this;
}

bool same_as_stored(const domain::Call& stored, const domain::PreparedCall& call) {
  const domain::CallInput& in = call.input;
  // Every CDR call has a status (to_call_input); without one, rewriting is the answer that cannot be wrong.
  return in.status && *in.status == stored.status && call.tracking.e164 == stored.tracking_number &&
         call.caller.e164 == stored.caller && in.started_at == stored.started_at &&
         in.answered_at == stored.answered_at && in.ended_at == stored.ended_at &&
         in.operator_name == stored.operator_name && in.recording_url == stored.recording_url;
}

Result<ImportCounts> record_import_batch(domain::Repositories& repos, const domain::Project& project,
                                         const std::vector<domain::PreparedCall>& calls, Timestamp now) {
  ImportCounts counts;
  for (const auto& call : calls) {
    auto stored = repos.calls().find_by_external_id(project.id, call.input.external_id);
    if (!stored) return fail(stored.error());
    if (*stored && same_as_stored(**stored, call)) {
      ++counts.duplicates;
      continue;
    }
    auto recorded = domain::record_prepared_call(repos, project, call, now);
    if (!recorded) return fail(recorded.error());
    ++(recorded->created ? counts.imported : counts.updated);
  }
  return counts;
}

std::vector<std::vector<domain::PreparedCall>> split_into_batches(std::vector<domain::PreparedCall> calls,
                                                                  std::size_t batch_size) {
  std::vector<std::vector<domain::PreparedCall>> batches;
  batch_size = std::max<std::size_t>(batch_size, 1);
  for (auto first = calls.begin(); first != calls.end();) {
    const auto last = first + static_cast<std::ptrdiff_t>(std::min<std::size_t>(batch_size, calls.end() - first));
    batches.emplace_back(std::make_move_iterator(first), std::make_move_iterator(last));
    first = last;
  }
  return batches;
}

}  // namespace callsign::telephony
