#include "domain/call_recorder.hpp"

#include <algorithm>
#include <chrono>

#include "common/crypto.hpp"
#include "domain/call_classifier.hpp"
#include "domain/outbound_publisher.hpp"
#include "domain/phone.hpp"
#include "domain/pool_attribution.hpp"
#include "domain/withheld_caller.hpp"

namespace callsign::domain {
namespace {

constexpr std::size_t kMaxExternalIdLength = 200;
constexpr std::size_t kMaxTextLength = 2000;

Result<void> validate_times(const CallInput& in) {
  if (in.answered_at && *in.answered_at < in.started_at)
    return fail(Error::invalid("answered_at", "answered_at must not be before started_at"));
  if (in.ended_at && *in.ended_at < in.started_at)
    return fail(Error::invalid("ended_at", "ended_at must not be before started_at"));
  if (in.ended_at && in.answered_at && *in.ended_at < *in.answered_at)
    return fail(Error::invalid("ended_at", "ended_at must not be before answered_at"));
  if (in.status == CallStatus::answered && !in.answered_at)
    return fail(Error::invalid("answered_at", "answered_at is required when status is \"answered\""));
  return {};
}

Result<void> validate_text(const CallInput& in) {
  if (in.external_id.empty()) return fail(Error::invalid("external_id", "external_id must not be empty"));
  if (in.external_id.size() > kMaxExternalIdLength)
    return fail(Error::invalid("external_id", "external_id must be at most 200 characters"));
  if (in.operator_name && in.operator_name->size() > kMaxTextLength)
    return fail(Error::invalid("operator", "operator must be at most 2000 characters"));
  if (in.recording_url && in.recording_url->size() > kMaxTextLength)
    return fail(Error::invalid("recording_url", "recording_url must be at most 2000 characters"));
  return {};
}

Attribution from_static_number(const TrackingNumber& n) {
  Attribution a;
  a.method = AttributionMethod::static_number;
  a.confidence = 1.0;
  a.channel = n.channel;
  a.source = n.source;
  a.medium = n.medium;
  a.campaign = n.campaign;
  return a;
}

// Gathers what the repositories know about who held a pool number when the call started, and lets
// attribute_pool_call() decide.
Result<Attribution> from_pool_number(Repositories& repos, const Project& project, const std::string& number,
                                     const std::string& caller, Timestamp started_at) {
  PoolCallEvidence evidence;
  auto lease = repos.leases().live_at(number, started_at);
  if (!lease) return fail(lease.error());
  evidence.lease = std::move(*lease);
  if (evidence.lease) {
    auto session = repos.sessions().find(evidence.lease->session_id);
    if (!session) return fail(session.error());
    evidence.session = std::move(*session);
    auto previous = repos.leases().last_ended_before(number, evidence.lease->started_at);
    if (!previous) return fail(previous.error());
    evidence.previous_lease = std::move(*previous);
    auto click = repos.sessions().latest_event(evidence.lease->session_id, SessionEventType::tel_click,
                                               started_at - kTelClickBefore, started_at + kTelClickAfter);
    if (!click) return fail(click.error());
    evidence.tel_click_at = *click;
  } else {
    auto resting = repos.leases().last_ended_before(number, started_at);
    if (!resting) return fail(resting.error());
    if (*resting) {
      auto session = repos.sessions().find((*resting)->session_id);
      if (!session) return fail(session.error());
      evidence.resting_session = std::move(*session);
      evidence.resting_lease = std::move(*resting);
    }
  }
  auto recent = repos.leases().started_between(number, started_at - kRecentHoldersWindow, started_at + std::chrono::milliseconds(1),
                                              kRecentHoldersLimit);
  if (!recent) return fail(recent.error());
  evidence.recent_leases = std::move(*recent);
  // A withheld caller id is nobody in particular: no memory of "their" earlier calls.
  if (caller == kWithheldCaller) return attribute_pool_call(started_at, evidence);
  // "Within N days" is less than N × 24 h earlier (API.md): a call exactly N days before is outside.
  const Timestamp memory_starts = started_at - std::chrono::days{project.settings.caller_memory_days} + std::chrono::milliseconds(1);
  auto remembered = repos.calls().remembered_call(project.id, caller, number, memory_starts, started_at);
  if (!remembered) return fail(remembered.error());
  evidence.remembered = std::move(*remembered);
  return attribute_pool_call(started_at, evidence);
}

// Static number → its channel with full confidence; pool number → the session that held it (or the caller's
// memory of it); a number of another project or no project stays unattributed — never guessed.
Result<Attribution> attribute(Repositories& repos, const Project& project, const PreparedCall& prepared) {
  auto number = repos.numbers().find_by_number(prepared.tracking.e164);
  if (!number) return fail(number.error());
  if (!*number || (*number)->project_id != project.id) return Attribution{};
  if ((*number)->kind == NumberKind::static_number) return from_static_number(**number);
  // A known robocaller did not come from a visit: crediting one would inflate a channel with junk.
  if (std::binary_search(project.settings.blocked_callers.begin(), project.settings.blocked_callers.end(),
                         prepared.caller.e164))
    return Attribution{};
  return from_pool_number(repos, project, prepared.tracking.e164, prepared.caller.e164, prepared.input.started_at);
}

// Stores `after` (inserted when there is no `before`, else updated) and publishes its outbound events in the same
// unit of work.
Result<void> write_and_publish(Repositories& repos, const Project& project, const std::optional<Call>& before,
                               const Call& after, Timestamp now) {
  auto stored = before ? repos.calls().update(*before, after) : repos.calls().insert(after);
  if (!stored) return fail(stored.error());
  return publish_call_change(repos, project, before, after, now);
}

// Recomputes the flags of `caller`'s calls that start at or after `changed_from` — the only ones a change
// at that instant can affect, since a call's flags depend only on the calls before it.
Result<void> reclassify_caller(Repositories& repos, const Project& project, const std::string& caller,
                               Timestamp changed_from, Timestamp now) {
  if (caller == kWithheldCaller) return {};  // their flags never depend on one another
  const auto cycle = std::chrono::days{project.settings.sales_cycle_days};
  const Timestamp window_start = changed_from - cycle;
  auto history = repos.calls().caller_calls_since(project.id, caller, window_start);
  if (!history) return fail(history.error());
  auto older_exist = repos.calls().caller_has_call_before(project.id, caller, window_start);
  if (!older_exist) return fail(older_exist.error());

  auto& calls = *history;
  for (std::size_t i = 0; i < calls.size(); ++i) {
    if (calls[i].started_at < changed_from) continue;
    CallFlags flags = classify(project.settings, calls[i], std::span<const Call>(calls.data(), i), *older_exist);
    if (flags == calls[i].flags) continue;
    const Call before = calls[i];
    calls[i].flags = flags;
    if (auto r = write_and_publish(repos, project, before, calls[i], now); !r) return r;
  }
  return {};
}


// Writes `recorded` (new when `stored` is empty) with its final flags in one statement, and updates the flags of
// the caller's other calls at or after `changed_from` that the change affects. The caller's history is read
// once; `recorded` takes its place in it (replacing its stored version) before anything is classified. Every
// call that changed publishes its outbound events in the same unit of work.
Result<Call> store_classified(Repositories& repos, const Project& project, Call recorded,
                              const std::optional<Call>& stored_before, Timestamp changed_from, Timestamp now) {
  if (recorded.caller == kWithheldCaller) {
    // No history to classify against or to update: withheld callers are not one caller.
    recorded.flags = classify(project.settings, recorded, {}, false);
    if (auto r = write_and_publish(repos, project, stored_before, recorded, now); !r) return fail(r.error());
    return recorded;
  }
  const auto cycle = std::chrono::days{project.settings.sales_cycle_days};
  const Timestamp window_start = changed_from - cycle;
  auto history = repos.calls().caller_calls_since(project.id, recorded.caller, window_start);
  if (!history) return fail(history.error());
  auto older_exist = repos.calls().caller_has_call_before(project.id, recorded.caller, window_start);
  if (!older_exist) return fail(older_exist.error());

  auto& calls = *history;
  std::erase_if(calls, [&](const Call& c) { return c.id == recorded.id; });
  calls.insert(std::upper_bound(calls.begin(), calls.end(), recorded, starts_before), recorded);
  for (std::size_t i = 0; i < calls.size(); ++i) {
    const bool is_recorded = calls[i].id == recorded.id;
    if (calls[i].started_at < changed_from && !is_recorded) continue;
    CallFlags flags = classify(project.settings, calls[i], std::span<const Call>(calls.data(), i), *older_exist);
    if (is_recorded) {
      recorded.flags = flags;
      if (auto r = write_and_publish(repos, project, stored_before, recorded, now); !r) return fail(r.error());
      continue;
    }
    if (flags == calls[i].flags) continue;
    const Call before = calls[i];
    calls[i].flags = flags;
    if (auto r = write_and_publish(repos, project, before, calls[i], now); !r) return fail(r.error());
  }
  return recorded;
}

}  // namespace


Result<PreparedCall> prepare_call(const Project& project, const CallInput& input) {
  if (auto r = validate_text(input); !r) return fail(r.error());
  if (auto r = validate_times(input); !r) return fail(r.error());
  auto tracking = normalize_phone(input.tracking_number, project.settings.country, "tracking_number");
  if (!tracking) return fail(tracking.error());
  if (is_withheld_caller_id(input.caller))
    return PreparedCall{input, std::move(*tracking), PhoneNumberInfo{std::string(kWithheldCaller), "", "unknown"}};
  auto caller = normalize_phone(input.caller, project.settings.country, "caller");
  if (!caller) return fail(caller.error());
  return PreparedCall{input, std::move(*tracking), std::move(*caller)};
}

Result<RecordedCall> record_call(Repositories& repos, const Project& project, const CallInput& input, Timestamp now) {
  auto prepared = prepare_call(project, input);
  if (!prepared) return fail(prepared.error());
  return record_prepared_call(repos, project, *prepared, now);
}

Result<RecordedCall> record_prepared_call(Repositories& repos, const Project& project, const PreparedCall& prepared,
                                          Timestamp now) {
  const CallInput& input = prepared.input;
  auto attribution = attribute(repos, project, prepared);
  if (!attribution) return fail(attribution.error());

  auto existing = repos.calls().find_by_external_id(project.id, input.external_id);
  if (!existing) return fail(existing.error());

  Call call;
  if (*existing) {
    call = **existing;
  } else {
    call.id = new_id("call");
    call.project_id = project.id;
    call.external_id = input.external_id;
    call.created_at = now;
  }
  const std::string previous_caller = call.caller;
  const Timestamp previous_start = call.started_at;

  call.tracking_number = prepared.tracking.e164;
  call.caller = prepared.caller.e164;
  call.caller_region = prepared.caller.region;
  call.caller_line_type = prepared.caller.line_type;
  call.started_at = input.started_at;
  call.answered_at = input.answered_at;
  call.ended_at = input.ended_at;
  call.status = input.status.value_or(input.answered_at ? CallStatus::answered : CallStatus::no_answer);
  call.operator_name = input.operator_name;
  call.operator_id = input.operator_id;
  call.recording_url = input.recording_url;
  call.attribution = *attribution;
  call.updated_at = now;

  const Timestamp changed_from = *existing ? std::min(previous_start, call.started_at) : call.started_at;
  auto stored = store_classified(repos, project, std::move(call), *existing, changed_from, now);
  if (!stored) return fail(stored.error());
  // A corrected caller: the old caller's later calls lose this one from their history.
  if (*existing && previous_caller != stored->caller) {
    if (auto r = reclassify_caller(repos, project, previous_caller, previous_start, now); !r) return fail(r.error());
  }
  return RecordedCall{std::move(*stored), !*existing};
}

}  // namespace callsign::domain
