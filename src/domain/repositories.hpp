#pragma once
// The storage ports the domain needs. Implementations live in src/storage/ (sqlite/ now, postgres/ later).
// Contract for every method: a storage failure returns Error{internal}; "not there" is an empty optional,
// never an error. A Repositories object is bound to one connection and used by one thread at a time; writes
// made through it become durable together when the unit of work that owns it commits.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "domain/call.hpp"
#include "domain/call_rollup.hpp"
#include "domain/cost_deal.hpp"
#include "domain/lease.hpp"
#include "domain/outbound.hpp"
#include "domain/pool.hpp"
#include "domain/project.hpp"
#include "domain/recorded_visit.hpp"
#include "domain/report_facts.hpp"
#include "domain/routing_plan.hpp"
#include "domain/telephony_event.hpp"
#include "domain/tracking_number.hpp"
#include "domain/visitor_session.hpp"

namespace callsign::domain {

class ProjectRepository {
 public:
  virtual ~ProjectRepository() = default;
  virtual Result<void> insert(const Project& project) = 0;
  // Replaces name and settings (and the api key hash, for rotation). Error{not_found} if absent.
  virtual Result<void> update(const Project& project) = 0;
  virtual Result<std::optional<Project>> find(const std::string& project_id) = 0;
  virtual Result<std::optional<Project>> find_by_api_key_hash(const std::string& api_key_hash) = 0;
  virtual Result<std::optional<Project>> find_by_public_key(const std::string& public_key) = 0;
  virtual Result<std::vector<Project>> list() = 0;  // oldest first
};

class NumberRepository {
 public:
  virtual ~NumberRepository() = default;
  // Error{conflict, field "number"} when the E.164 number is already used by any project.
  virtual Result<void> insert(const TrackingNumber& number) = 0;
  virtual Result<void> update(const TrackingNumber& number) = 0;
  virtual Result<bool> remove(const std::string& project_id, const std::string& number_id) = 0;  // false: absent
  virtual Result<std::optional<TrackingNumber>> find(const std::string& project_id, const std::string& number_id) = 0;
  virtual Result<std::optional<TrackingNumber>> find_by_number(const std::string& e164) = 0;  // in any project
  virtual Result<std::vector<TrackingNumber>> list(const std::string& project_id) = 0;       // oldest first
};

struct CallQuery {
  std::optional<Timestamp> from, to;  // started_at in [from, to)
  std::optional<std::string> channel;
  std::optional<CallStatus> status;
  bool missed = false;  // every status but answered (status must then be unset)
  std::optional<bool> target, unique, first_time;
  std::optional<std::string> tracking_number, operator_name, caller;  // exact matches (E.164 for numbers)
  int limit = 50;
  // Keyset cursor: the (started_at, id) of the last call of the previous page; the next page is strictly older.
  std::optional<std::pair<Timestamp, std::string>> after;
};

class CallRepository {
 public:
  virtual ~CallRepository() = default;
  // Error{conflict, field "external_id"} if (project_id, external_id) exists.
  virtual Result<void> insert(const Call& call) = 0;
  // Writes `call` over `stored`, the same call (id) as read in this unit of work: every field, though a store may
  // write only what differs between the two.
  virtual Result<void> update(const Call& stored, const Call& call) = 0;
  virtual Result<std::optional<Call>> find(const std::string& project_id, const std::string& call_id) = 0;
  virtual Result<std::optional<Call>> find_by_external_id(const std::string& project_id,
                                                          const std::string& external_id) = 0;
  // The caller's calls in the project with started_at >= since, ordered by starts_before().
  virtual Result<std::vector<Call>> caller_calls_since(const std::string& project_id, const std::string& caller,
                                                       Timestamp since) = 0;
  // Whether the caller has any call in the project with started_at < before.
  virtual Result<bool> caller_has_call_before(const std::string& project_id, const std::string& caller,
                                              Timestamp before) = 0;
  // Newest first (started_at desc, id desc); at most query.limit calls.
  virtual Result<std::vector<Call>> list(const std::string& project_id, const CallQuery& query) = 0;
  // Caller memory: the latest call from `caller` to `tracking_number` in the project with started_at in
  // [since, before) whose attribution method is session or caller_memory; nullopt when none.
  virtual Result<std::optional<Call>> remembered_call(const std::string& project_id, const std::string& caller,
                                                      const std::string& tracking_number, Timestamp since,
                                                      Timestamp before) = 0;
  // Sticky routing: the operator_id of the caller's latest call in the project started before `before` that an
  // operator of the project answered; nullopt when none.
  virtual Result<std::optional<std::string>> last_operator(const std::string& project_id, const std::string& caller,
                                                           Timestamp before) = 0;
  // Operators on a call now: distinct operator_ids of the project's calls started at or after `since` that were
  // answered and have not ended.
  virtual Result<std::vector<std::string>> operators_on_call(const std::string& project_id, Timestamp since) = 0;
  // Deals linked by caller: the id of the caller's latest call in the project started before `before`; nullopt
  // when none.
  virtual Result<std::optional<std::string>> latest_call_before(const std::string& project_id,
                                                                const std::string& caller, Timestamp before) = 0;
};

class PoolRepository {
 public:
  virtual ~PoolRepository() = default;
  virtual Result<void> insert(const Pool& pool) = 0;
  virtual Result<void> update(const Pool& pool) = 0;  // name, hold, policy, replace, plan; Error{not_found} if absent
  virtual Result<std::optional<Pool>> find(const std::string& project_id, const std::string& pool_id) = 0;
  virtual Result<std::vector<Pool>> list(const std::string& project_id) = 0;  // oldest first
};

class SessionRepository {
 public:
  virtual ~SessionRepository() = default;
  virtual Result<void> insert(const VisitorSession& session) = 0;
  // last_seen_at = max(last_seen_at, at). False when there is no such session.
  virtual Result<bool> touch(const std::string& session_id, Timestamp at) = 0;
  virtual Result<std::optional<VisitorSession>> find(const std::string& session_id) = 0;
  virtual Result<void> add_event(const SessionEvent& event) = 0;
  // The latest event of `type` of the session with at in [since, until]; nullopt when none.
  virtual Result<std::optional<Timestamp>> latest_event(const std::string& session_id, SessionEventType type,
                                                        Timestamp since, Timestamp until) = 0;
  // Sessions of the visitor started in [since, until): the per-visitor cap.
  virtual Result<std::uint64_t> count_visitor_sessions(const std::string& project_id, const std::string& visitor_id,
                                                       Timestamp since, Timestamp until) = 0;
};

// Lease history of pool numbers, written from the allocator's LeaseEvents in the order they happened.
// One number's leases never overlap (the allocator hands a number to one session at a time; a handover ends
// the previous lease at that instant), which lets the lookups below stop at the latest lease.
class LeaseRepository {
 public:
  virtual ~LeaseRepository() = default;
  // started: a new lease row (last_seen = at, held_until = at + hold). extended: last_seen = max(last_seen, at),
  // held_until = max(held_until, at + hold). ended / evicted: ended_at = at. Updates match the open lease of
  // (number, session_id) — ended_at IS NULL — so events of different sessions may land in any order; an update
  // that matches nothing is not an error (the lease it names was never stored or has ended).
  virtual Result<void> apply(const std::string& pool_id, const std::string& visitor_id, const LeaseEvent& event,
                             std::chrono::milliseconds hold) = 0;
  // The lease of `number` live at t (started_at <= t < end); nullopt when none.
  virtual Result<std::optional<LeaseRecord>> live_at(const std::string& number, Timestamp t) = 0;
  // The lease of `number` that ended last at or before t (its end() <= t); nullopt when none.
  virtual Result<std::optional<LeaseRecord>> last_ended_before(const std::string& number, Timestamp t) = 0;
  // The leases of `number` started in [from, to), newest first, at most `limit` of them.
  virtual Result<std::vector<LeaseRecord>> started_between(const std::string& number, Timestamp from, Timestamp to,
                                                           std::size_t limit) = 0;
  // The allocator state to restore for a pool: open leases (ended_at IS NULL), oldest last_seen first, and for
  // each of `numbers` without an open lease its latest ended lease as a release, least recent first.
  virtual Result<PoolSnapshot> snapshot(const std::string& pool_id, const std::vector<std::string>& numbers) = 0;
  virtual Result<void> record_exhaustion(const std::string& pool_id, Timestamp at) = 0;
  // Figures over [from, to): peak of simultaneously live leases (end() as the end), leases started, distinct
  // sessions holding a lease that overlaps the range, exhaustions recorded.
  virtual Result<PoolUsage> usage(const std::string& pool_id, Timestamp from, Timestamp to) = 0;
};

// Operators, operator groups and routing plans of a project, and the rotation state of round-robin plans.
// Every lookup is scoped to a project: an id of another project is "not there". Group operator ids and plan
// members are stored as given; that they name the project's operators and groups is the caller's check (in the
// same unit of work), as is refusing to remove what is still named.
class RoutingRepository {
 public:
  virtual ~RoutingRepository() = default;

  // Error{conflict, field "id"} when the id exists; Error{not_found} for an unknown project.
  virtual Result<void> insert_operator(const OperatorRecord& op) = 0;
  // Name, destination and active, by (project_id, id). Error{not_found} when absent.
  virtual Result<void> update_operator(const OperatorRecord& op) = 0;
  virtual Result<bool> remove_operator(const std::string& project_id, const std::string& operator_id) = 0;  // false: absent
  virtual Result<std::optional<OperatorRecord>> find_operator(const std::string& project_id,
                                                              const std::string& operator_id) = 0;
  virtual Result<std::vector<OperatorRecord>> list_operators(const std::string& project_id) = 0;  // oldest first

  // As for operators. update_group replaces name and operator_ids.
  virtual Result<void> insert_group(const OperatorGroup& group) = 0;
  virtual Result<void> update_group(const OperatorGroup& group) = 0;
  virtual Result<bool> remove_group(const std::string& project_id, const std::string& group_id) = 0;
  virtual Result<std::optional<OperatorGroup>> find_group(const std::string& project_id,
                                                          const std::string& group_id) = 0;
  virtual Result<std::vector<OperatorGroup>> list_groups(const std::string& project_id) = 0;  // oldest first

  // As for operators. update_plan replaces every field but id, project_id and created_at; remove_plan also
  // forgets the plan's round-robin position.
  virtual Result<void> insert_plan(const RoutingPlanRecord& plan) = 0;
  virtual Result<void> update_plan(const RoutingPlanRecord& plan) = 0;
  virtual Result<bool> remove_plan(const std::string& project_id, const std::string& plan_id) = 0;
  virtual Result<std::optional<RoutingPlanRecord>> find_plan(const std::string& project_id,
                                                             const std::string& plan_id) = 0;
  virtual Result<std::vector<RoutingPlanRecord>> list_plans(const std::string& project_id) = 0;  // oldest first

  // The plan position a round-robin plan tries first on its next call (RoutingContext::round_robin_next);
  // 0 for a plan that never stored one.
  virtual Result<std::size_t> round_robin_next(const std::string& plan_id) = 0;
  // Stores the position for the plan's next call (RoutingDecision::round_robin_next). Read and store in the
  // same write unit of work so that concurrent calls advance the rotation one after another.
  virtual Result<void> set_round_robin_next(const std::string& plan_id, std::size_t next) = 0;
};

// Carrier callbacks per call (domain/telephony_event.hpp).
class TelephonyEventRepository {
 public:
  virtual ~TelephonyEventRepository() = default;
  // Stores `event` unless an event with its (call_sid, kind, fact_key) is stored already: the first arrival is
  // kept, a repeat changes nothing. True when stored. Error{not_found} for an unknown project.
  virtual Result<bool> add(const TelephonyEvent& event) = 0;
  // The call's events in the order they were stored.
  virtual Result<std::vector<TelephonyEvent>> for_call(const std::string& call_sid) = 0;
};

// Ad costs, one row per (project, date, source, medium, campaign, term).
class CostRepository {
 public:
  virtual ~CostRepository() = default;
  // Inserts the entry or replaces the amount of the one with its key. True when it was new.
  virtual Result<bool> upsert(const CostEntry& entry) = 0;
  // The project's entries with date in [from_date, to_date] ("YYYY-MM-DD", inclusive), by date then key.
  virtual Result<std::vector<CostEntry>> in_range(const std::string& project_id, const std::string& from_date,
                                                  const std::string& to_date) = 0;
};

// CRM deals, unique per (project, external_id).
class DealRepository {
 public:
  virtual ~DealRepository() = default;
  // Inserts the deal, or replaces every field but id and project_id of the one with its external_id (the stored
  // id is kept). Returns the stored deal and whether it was new.
  virtual Result<std::pair<Deal, bool>> upsert(const Deal& deal) = 0;
  virtual Result<std::optional<Deal>> find_by_external_id(const std::string& project_id,
                                                          const std::string& external_id) = 0;
  // Won deals linked to a call of the project that started in [from, to), ordered by that start, then call id.
  virtual Result<std::vector<WonDeal>> won_for_calls(const std::string& project_id, Timestamp from, Timestamp to) = 0;
};

// The reads behind reports (and the writes that keep the session rollup). Reads see one snapshot.
class ReportRepository {
 public:
  virtual ~ReportRepository() = default;
  // Calls `each` with every call of the project matching `filter`, oldest first. The CallFact is reused between
  // calls (copy what you keep); `each` may read through this repository meanwhile.
  virtual Result<void> calls(const std::string& project_id, const CallFactFilter& filter,
                             const std::function<void(const CallFact&)>& each) = 0;
  // The visitor's sessions started in [since, until], oldest first.
  virtual Result<std::vector<SessionTouch>> visitor_sessions(const std::string& project_id,
                                                             const std::string& visitor_id, Timestamp since,
                                                             Timestamp until) = 0;
  // Sessions counted per bucket and dimension values. With hourly buckets the rolled-up hours are read from the
  // rollup and only the rest from the sessions themselves; the figures are the same either way.
  virtual Result<std::vector<SessionBucket>> session_counts(const std::string& project_id,
                                                            const SessionCountQuery& query) = 0;

  // The days the daily rollup holds for the project; nullopt when none.
  virtual Result<std::optional<DailyRollupCoverage>> daily_coverage(const std::string& project_id) = 0;
  // Sessions per local day in [from_day, until_day) from the daily rollup; query.dimensions and query.filters must
  // be among channel, source, medium, campaign (query.from, to and bucket are not read). Buckets have local_day;
  // several may share a day and values (add them up).
  virtual Result<std::vector<SessionBucket>> daily_session_counts(const std::string& project_id, std::int64_t from_day,
                                                                  std::int64_t until_day,
                                                                  const SessionCountQuery& query) = 0;

  // The session rollup holds every session started before this instant (an hour boundary); nullopt when it
  // was never built.
  virtual Result<std::optional<Timestamp>> rolled_up_until() = 0;
  // The earliest session start of any project; nullopt when there are no sessions.
  virtual Result<std::optional<Timestamp>> first_session_start() = 0;
  // Hourly rollup rows of every project's sessions started in [from, to) (hour boundaries).
  virtual Result<std::vector<SessionRollupRow>> aggregate_sessions(Timestamp from, Timestamp to) = 0;
  // Appends `rows` and moves the watermark from `from` to `to`, in the unit of work. Error{conflict} when the
  // watermark is not at `from` (another roll-up got there first): nothing is written.
  virtual Result<void> append_rollup(const std::vector<SessionRollupRow>& rows, std::optional<Timestamp> from,
                                     Timestamp to) = 0;
  // The project's hourly (campaign-level) rollup over [from, to) summed per combination; rows' day is left 0.
  virtual Result<std::vector<DailyRollupRow>> sum_hourly(const std::string& project_id, Timestamp from,
                                                         Timestamp to) = 0;
  // Adds the days [from_day, until_day) (their `rows`) to the project's daily rollup in `timezone`. A coverage in
  // another timezone (or none) is dropped first and the new one starts at from_day; otherwise from_day must be its
  // until_day (Error{conflict} if not: nothing is written).
  virtual Result<void> append_daily(const std::string& project_id, const std::string& timezone, std::int64_t from_day,
                                    std::int64_t until_day, const std::vector<DailyRollupRow>& rows) = 0;
  // The pool sizing advisor's input: the project's sessions started in [since, until) (each marked when it held
  // one of the pool's numbers) with the calls to the pool's numbers started in [since, until) attributed to them;
  // calls naming no session of the window go to `unmatched`. Pool ids of another project give no calls.
  virtual Result<RecordedPoolTraffic> recent_visits(const std::string& project_id, const std::string& pool_id,
                                                    Timestamp since, Timestamp until) = 0;
};

// The daily rollup of calls (domain/call_rollup.hpp). Reads see one snapshot, so a report that reads the dirty
// hours, the rollup and the raw calls through one Repositories sees them consistent.
class CallRollupRepository {
 public:
  virtual ~CallRollupRepository() = default;
  // What the project's rollup was computed with and how far it reaches; nullopt when it was never started.
  virtual Result<std::optional<CallRollupBasis>> basis(const std::string& project_id) = 0;
  // The project's dirty hours that overlap [from, to), oldest first.
  virtual Result<std::vector<DirtyHour>> dirty_hours(const std::string& project_id, Timestamp from, Timestamp to) = 0;
  // The start of the project's first call; nullopt when it has none.
  virtual Result<std::optional<Timestamp>> first_call_start(const std::string& project_id) = 0;
  // The rollup's rows of the local days [from_day, until_day) summed per day and `dimensions` (among channel,
  // source, medium, campaign; the other values are left ""), keeping the rows whose values match every filter
  // (dimension among the same four = value). Several rows may share a day and values: add them up. Dirty days
  // are included as they were last computed. By day.
  virtual Result<std::vector<CallRollupRow>> rows(const std::string& project_id, std::int64_t from_day,
                                                  std::int64_t until_day, const std::vector<ReportDimension>& dimensions,
                                                  const std::vector<std::pair<ReportDimension, std::string>>& filters) = 0;
  // Starts the project's rollup over: drops its rows and dirty marks and records `basis` (whose until_day should
  // be nullopt: no day computed).
  virtual Result<void> reset(const std::string& project_id, const CallRollupBasis& basis) = 0;
  // Writes one step of the job. Error{conflict} (nothing written) when the project's basis is no longer
  // update.basis.
  virtual Result<void> apply(const std::string& project_id, const CallRollupUpdate& update) = 0;
};

// Webhook subscriptions and the outbox of outbound events (domain/outbound.hpp). Lookups are scoped to a project.
struct PruneStep {
  std::int64_t last_seq = 0;        // the last event looked at (the cursor for the next step)
  std::size_t events_removed = 0;
  std::size_t deliveries_removed = 0;
  bool done = true;
};

class OutboxRepository {
 public:
  virtual ~OutboxRepository() = default;

  // Error{not_found} for an unknown project.
  virtual Result<void> insert_webhook(const WebhookSubscription& webhook) = 0;
  // url, events, secret and active, by (project_id, id). Error{not_found} when absent.
  virtual Result<void> update_webhook(const WebhookSubscription& webhook) = 0;
  // False when absent. Its pending deliveries are dead-lettered ("webhook deleted").
  virtual Result<bool> remove_webhook(const std::string& project_id, const std::string& webhook_id) = 0;
  virtual Result<std::optional<WebhookSubscription>> find_webhook(const std::string& project_id,
                                                                  const std::string& webhook_id) = 0;
  virtual Result<std::vector<WebhookSubscription>> list_webhooks(const std::string& project_id) = 0;  // oldest first
  // Ids of the project's active webhooks subscribed to `type` (cheap: asked on every change of a call).
  virtual Result<std::vector<std::string>> subscribers(const std::string& project_id, EventType type) = 0;

  // Stores the event and one pending delivery per destination (webhook ids and/or kGa4Destination, which takes
  // `ga4`), due at once. Ordering: deliveries are numbered in the order they are published.
  virtual Result<void> publish(const OutboundEvent& event, const std::vector<std::string>& destinations,
                               const std::optional<Ga4Visitor>& ga4) = 0;
  // Pending deliveries with next_attempt_at <= now, oldest first, at most `limit`; only the oldest pending one of
  // each (destination, subject), so one call's events reach a destination in order.
  virtual Result<std::vector<Delivery>> due(Timestamp now, std::size_t limit) = 0;
  // The earliest next_attempt_at of any pending delivery; nullopt when none is pending.
  virtual Result<std::optional<Timestamp>> next_due() = 0;
  // Records an attempt: delivered, pending again at retry_at, or dead. An attempt on a delivery that is no longer
  // pending (redelivered or removed meanwhile) changes nothing.
  virtual Result<void> record(const DeliveryAttempt& attempt) = 0;
  // The project's deliveries, newest first, optionally of one status; at most `limit`.
  virtual Result<std::vector<Delivery>> list_deliveries(const std::string& project_id,
                                                        std::optional<DeliveryStatus> status, std::size_t limit) = 0;
  virtual Result<std::optional<Delivery>> find_delivery(const std::string& project_id,
                                                        const std::string& delivery_id) = 0;
  // Makes the delivery pending and due at `now`, with a fresh retry window starting now. False when absent.
  virtual Result<bool> redeliver(const std::string& project_id, const std::string& delivery_id, Timestamp now) = 0;

  // One step of pruning history: looks at up to `limit` events after `after_seq` (publication order) and, among
  // those published before `before`, removes their delivered and dead deliveries, then the events left with no
  // delivery. Pending deliveries (a manual redelivery of an old event) and their events stay. The next step
  // starts after `PruneStep::last_seq`; `done` once an event published at or after `before`, or the end, is reached.
  virtual Result<PruneStep> prune(Timestamp before, std::int64_t after_seq, std::size_t limit) = 0;
};

// The repositories of one unit of work (a read snapshot, or one write transaction).
class Repositories {
 public:
  virtual ~Repositories() = default;
  virtual ProjectRepository& projects() = 0;
  virtual NumberRepository& numbers() = 0;
  virtual CallRepository& calls() = 0;
  virtual PoolRepository& pools() = 0;
  virtual SessionRepository& sessions() = 0;
  virtual LeaseRepository& leases() = 0;
  virtual RoutingRepository& routing() = 0;
  virtual TelephonyEventRepository& telephony_events() = 0;
  virtual CostRepository& costs() = 0;
  virtual DealRepository& deals() = 0;
  virtual ReportRepository& reports() = 0;
  virtual CallRollupRepository& call_rollup() = 0;
  virtual OutboxRepository& outbox() = 0;
};

}  // namespace callsign::domain
