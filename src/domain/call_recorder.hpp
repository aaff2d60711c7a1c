#pragma once
// Recording a call: the one write path every telephony source ends in (API, Twilio, CDR import).
#include <optional>
#include <string>

#include "common/result.hpp"
#include "domain/call.hpp"
#include "domain/project.hpp"
#include "domain/phone.hpp"
#include "domain/repositories.hpp"

namespace callsign::domain {

// A call as a source reports it, already decoded from its wire format but not yet validated or normalized.
struct CallInput {
  std::string external_id;
  std::string tracking_number;  // as written; normalized with the project's country
  std::string caller;           // as written
  Timestamp started_at{};
  std::optional<Timestamp> answered_at, ended_at;
  std::optional<CallStatus> status;  // default: answered when answered_at, else no_answer
  std::optional<std::string> operator_name, recording_url;
  std::optional<std::string> operator_id;  // set by Callsign's own routing (Twilio webhooks), never by the API
};

// A CallInput that passed validation, with its numbers normalized. Preparing is pure and thread-safe, so it
// runs on the request's thread; only record_prepared_call needs the single writer.
struct PreparedCall {
  CallInput input;
  PhoneNumberInfo tracking, caller;
};

struct RecordedCall {
  Call call;
  bool created = false;  // false: an existing call with this external_id was updated
};

// Validates `input` and normalizes its numbers with the project's country.
// Errors: Error{invalid, field} naming the first bad field.
Result<PreparedCall> prepare_call(const Project& project, const CallInput& input);

// Attributes a prepared call (static number → its channel; otherwise none until DNI), inserts or updates it
// by (project, external_id), and recomputes the flags of every call of the same caller that the change
// affects (late and out-of-order arrivals included). Must run inside one write unit of work so the call and
// the recomputed flags commit together. Errors: storage errors as returned.
Result<RecordedCall> record_prepared_call(Repositories& repos, const Project& project, const PreparedCall& call,
                                          Timestamp now);

// prepare_call then record_prepared_call: validates and normalizes `input`, attributes it (static number → its channel; otherwise none until DNI),
// inserts or updates it by (project, external_id), and recomputes the flags of every call of the same
// caller that the change affects (late and out-of-order arrivals included). Must run inside one write
// unit of work so the call and the recomputed flags commit together.
// Errors: Error{invalid, field} for bad input (nothing written); storage errors as returned.
Result<RecordedCall> record_call(Repositories& repos, const Project& project, const CallInput& input,
                                 Timestamp now);

}  // namespace callsign::domain
