#include "sim/memory_repositories.hpp"

#include <algorithm>
#include <utility>

namespace callsign::sim {
namespace {

using domain::Call;
using domain::LeaseRecord;

Error unsupported() { return Error::internal("not available in the simulator's in-memory store"); }

class Numbers final : public domain::NumberRepository {
 public:
  explicit Numbers(std::vector<domain::TrackingNumber> numbers) {
    for (auto& n : numbers) by_number_.emplace(n.number, std::move(n));
  }
  Result<void> insert(const domain::TrackingNumber& n) override {
    if (!by_number_.emplace(n.number, n).second) return fail(Error::conflict("number", "number in use"));
    return {};
  }
  Result<void> update(const domain::TrackingNumber& n) override {
    by_number_[n.number] = n;
    return {};
  }
  Result<bool> remove(const std::string&, const std::string&) override { return fail(unsupported()); }
  Result<std::optional<domain::TrackingNumber>> find(const std::string&, const std::string&) override {
    return fail(unsupported());
  }
  Result<std::optional<domain::TrackingNumber>> find_by_number(const std::string& e164) override {
    const auto it = by_number_.find(e164);
    if (it == by_number_.end()) return std::nullopt;
    return it->second;
  }
  Result<std::vector<domain::TrackingNumber>> list(const std::string&) override { return fail(unsupported()); }

 private:
  std::unordered_map<std::string, domain::TrackingNumber> by_number_;
};

// Calls, indexed by id, external id and caller (each caller's calls kept in starts_before order).
class Calls final : public domain::CallRepository {
 public:
  Result<void> insert(const Call& call) override {
    if (!by_external_.emplace(call.external_id, call.id).second)
      return fail(Error::conflict("external_id", "external_id exists"));
    calls_.emplace(call.id, call);
    auto& mine = by_caller_[call.caller];
    mine.insert(std::upper_bound(mine.begin(), mine.end(), call.id,
                                 [&](const std::string& id, const std::string& other) {
                                   return domain::starts_before(calls_.at(id), calls_.at(other));
                                 }),
                call.id);
    return {};
  }
  Result<void> update(const Call&, const Call& call) override {
    const auto it = calls_.find(call.id);
    if (it == calls_.end()) return fail(Error::not_found("no such call"));
    if (it->second.caller != call.caller || it->second.started_at != call.started_at) {
      std::erase(by_caller_[it->second.caller], call.id);
      it->second = call;
      calls_.erase(call.id);
      by_external_.erase(call.external_id);
      return insert(call);
    }
    it->second = call;
    return {};
  }
  Result<std::optional<Call>> find(const std::string&, const std::string& call_id) override {
    const auto it = calls_.find(call_id);
    if (it == calls_.end()) return std::nullopt;
    return it->second;
  }
  Result<std::optional<Call>> find_by_external_id(const std::string&, const std::string& external_id) override {
    const auto it = by_external_.find(external_id);
    if (it == by_external_.end()) return std::nullopt;
    return calls_.at(it->second);
  }
  Result<std::vector<Call>> caller_calls_since(const std::string&, const std::string& caller,
                                               Timestamp since) override {
    std::vector<Call> out;
    for (const auto& id : of(caller))
      if (const Call& c = calls_.at(id); c.started_at >= since) out.push_back(c);
    return out;
  }
  Result<bool> caller_has_call_before(const std::string&, const std::string& caller, Timestamp before) override {
    const auto& mine = of(caller);
    return !mine.empty() && calls_.at(mine.front()).started_at < before;
  }
  Result<std::vector<Call>> list(const std::string&, const domain::CallQuery&) override { return fail(unsupported()); }
  Result<std::optional<Call>> remembered_call(const std::string&, const std::string& caller,
                                              const std::string& tracking_number, Timestamp since,
                                              Timestamp before) override {
    const auto& mine = of(caller);
    for (auto it = mine.rbegin(); it != mine.rend(); ++it) {
      const Call& c = calls_.at(*it);
      if (c.started_at >= before) continue;
      if (c.started_at < since) break;
      if (c.tracking_number != tracking_number) continue;
      if (c.attribution.method == domain::AttributionMethod::session ||
          c.attribution.method == domain::AttributionMethod::caller_memory)
        return c;
    }
    return std::nullopt;
  }
  Result<std::optional<std::string>> last_operator(const std::string&, const std::string&, Timestamp) override {
    return std::nullopt;
  }
  Result<std::vector<std::string>> operators_on_call(const std::string&, Timestamp) override {
    return std::vector<std::string>{};
  }
  Result<std::optional<std::string>> latest_call_before(const std::string&, const std::string&, Timestamp) override {
    return fail(unsupported());  // deals are not simulated
  }

 private:
  const std::vector<std::string>& of(const std::string& caller) {
    static const std::vector<std::string> none;
    const auto it = by_caller_.find(caller);
    return it == by_caller_.end() ? none : it->second;
  }
  std::unordered_map<std::string, Call> calls_;
  std::unordered_map<std::string, std::string> by_external_;
  std::unordered_map<std::string, std::vector<std::string>> by_caller_;
};

class Sessions final : public domain::SessionRepository {
 public:
  explicit Sessions(SessionSource source) : source_(std::move(source)) {}
  Result<void> insert(const domain::VisitorSession&) override { return {}; }  // the source has them all
  Result<bool> touch(const std::string&, Timestamp) override { return true; }
  Result<std::optional<domain::VisitorSession>> find(const std::string& session_id) override {
    return source_(session_id);
  }
  Result<void> add_event(const domain::SessionEvent& event) override {
    events_[event.session_id].push_back(event);
    return {};
  }
  Result<std::optional<Timestamp>> latest_event(const std::string& session_id, domain::SessionEventType type,
                                                Timestamp since, Timestamp until) override {
    std::optional<Timestamp> latest;
    const auto it = events_.find(session_id);
    if (it == events_.end()) return latest;
    for (const auto& e : it->second)
      if (e.type == type && e.at >= since && e.at <= until && (!latest || e.at > *latest)) latest = e.at;
    return latest;
  }
  Result<std::uint64_t> count_visitor_sessions(const std::string&, const std::string&, Timestamp, Timestamp) override {
    return 0;
  }

 private:
  SessionSource source_;
  std::unordered_map<std::string, std::vector<domain::SessionEvent>> events_;
};

// Lease history per number, in start order (a number's leases never overlap).
class Leases final : public domain::LeaseRepository {
 public:
  Result<void> apply(const std::string& pool_id, const std::string& visitor_id, const domain::LeaseEvent& e,
                     std::chrono::milliseconds hold) override {
    auto& history = by_number_[e.number];
    if (e.kind == domain::LeaseEventKind::started) {
      history.push_back(LeaseRecord{pool_id, e.number, e.session_id, visitor_id, e.at, e.at, e.at + hold, std::nullopt});
      return {};
    }
    if (history.empty()) return {};
    LeaseRecord& open = history.back();  // the only lease of the number that can be open
    if (open.session_id != e.session_id || open.ended_at) return {};
    if (e.kind == domain::LeaseEventKind::extended) {
      open.last_seen = std::max(open.last_seen, e.at);
      open.held_until = std::max(open.held_until, e.at + hold);
    } else {
      open.ended_at = e.at;
    }
    return {};
  }
  Result<std::optional<LeaseRecord>> live_at(const std::string& number, Timestamp t) override {
    const LeaseRecord* l = started_by(number, t);
    if (l && t < l->end()) return *l;
    return std::nullopt;
  }
  Result<std::optional<LeaseRecord>> last_ended_before(const std::string& number, Timestamp t) override {
    const auto it = by_number_.find(number);
    if (it == by_number_.end()) return std::nullopt;
    const auto& h = it->second;
    // Leases end in start order too; the latest one started before t either ended by t or is the live one.
    auto pos = std::upper_bound(h.begin(), h.end(), t, [](Timestamp at, const LeaseRecord& l) { return at < l.started_at; });
    while (pos != h.begin()) {
      --pos;
      if (pos->end() <= t) return *pos;
    }
    return std::nullopt;
  }
  Result<std::vector<LeaseRecord>> started_between(const std::string& number, Timestamp from, Timestamp to,
                                                   std::size_t limit) override {
    std::vector<LeaseRecord> found;
    const auto it = by_number_.find(number);
    if (it == by_number_.end()) return found;
    const auto& h = it->second;
    auto pos = std::lower_bound(h.begin(), h.end(), to, [](const LeaseRecord& l, Timestamp at) { return l.started_at < at; });
    while (pos != h.begin() && found.size() < limit) {
      --pos;
      if (pos->started_at < from) break;
      found.push_back(*pos);
    }
    return found;
  }
  Result<domain::PoolSnapshot> snapshot(const std::string&, const std::vector<std::string>&) override {
    return fail(unsupported());
  }
  Result<void> record_exhaustion(const std::string&, Timestamp) override { return {}; }
  Result<domain::PoolUsage> usage(const std::string&, Timestamp, Timestamp) override { return fail(unsupported()); }

 private:
  const LeaseRecord* started_by(const std::string& number, Timestamp t) const {
    const auto it = by_number_.find(number);
    if (it == by_number_.end()) return nullptr;
    const auto& h = it->second;
    auto pos = std::upper_bound(h.begin(), h.end(), t, [](Timestamp at, const LeaseRecord& l) { return at < l.started_at; });
    return pos == h.begin() ? nullptr : &*std::prev(pos);
  }
  std::unordered_map<std::string, std::vector<LeaseRecord>> by_number_;
};

class Unsupported final : public domain::ProjectRepository,
                          public domain::PoolRepository,
                          public domain::TelephonyEventRepository,
                          public domain::RoutingRepository {
 public:
  Result<void> insert_operator(const domain::OperatorRecord&) override { return fail(unsupported()); }
  Result<void> update_operator(const domain::OperatorRecord&) override { return fail(unsupported()); }
  Result<bool> remove_operator(const std::string&, const std::string&) override { return fail(unsupported()); }
  Result<std::optional<domain::OperatorRecord>> find_operator(const std::string&, const std::string&) override {
    return fail(unsupported());
  }
  Result<std::vector<domain::OperatorRecord>> list_operators(const std::string&) override { return fail(unsupported()); }
  Result<void> insert_group(const domain::OperatorGroup&) override { return fail(unsupported()); }
  Result<void> update_group(const domain::OperatorGroup&) override { return fail(unsupported()); }
  Result<bool> remove_group(const std::string&, const std::string&) override { return fail(unsupported()); }
  Result<std::optional<domain::OperatorGroup>> find_group(const std::string&, const std::string&) override {
    return fail(unsupported());
  }
  Result<std::vector<domain::OperatorGroup>> list_groups(const std::string&) override { return fail(unsupported()); }
  Result<void> insert_plan(const domain::RoutingPlanRecord&) override { return fail(unsupported()); }
  Result<void> update_plan(const domain::RoutingPlanRecord&) override { return fail(unsupported()); }
  Result<bool> remove_plan(const std::string&, const std::string&) override { return fail(unsupported()); }
  Result<std::optional<domain::RoutingPlanRecord>> find_plan(const std::string&, const std::string&) override {
    return fail(unsupported());
  }
  Result<std::vector<domain::RoutingPlanRecord>> list_plans(const std::string&) override { return fail(unsupported()); }
  Result<std::size_t> round_robin_next(const std::string&) override { return fail(unsupported()); }
  Result<void> set_round_robin_next(const std::string&, std::size_t) override { return fail(unsupported()); }

  Result<void> insert(const domain::Project&) override { return fail(unsupported()); }
  Result<void> update(const domain::Project&) override { return fail(unsupported()); }
  Result<std::optional<domain::Project>> find(const std::string&) override { return fail(unsupported()); }
  Result<std::optional<domain::Project>> find_by_api_key_hash(const std::string&) override { return fail(unsupported()); }
  Result<std::optional<domain::Project>> find_by_public_key(const std::string&) override { return fail(unsupported()); }
  Result<std::vector<domain::Project>> list() override { return fail(unsupported()); }
  Result<void> insert(const domain::Pool&) override { return fail(unsupported()); }
  Result<void> update(const domain::Pool&) override { return fail(unsupported()); }
  Result<std::optional<domain::Pool>> find(const std::string&, const std::string&) override { return fail(unsupported()); }
  Result<std::vector<domain::Pool>> list(const std::string&) override { return fail(unsupported()); }
  Result<bool> add(const domain::TelephonyEvent&) override { return fail(unsupported()); }
  Result<std::vector<domain::TelephonyEvent>> for_call(const std::string&) override { return fail(unsupported()); }
};

// Costs, deals, reports and the outbox: nobody subscribes to a simulation's calls, so publishing finds no
// subscriber and writes nothing; the rest is never used by the recorder.
class NoMoneyNoOutbox final : public domain::CostRepository,
                              public domain::DealRepository,
                              public domain::ReportRepository,
                              public domain::OutboxRepository {
 public:
  Result<bool> upsert(const domain::CostEntry&) override { return fail(unsupported()); }
  Result<std::vector<domain::CostEntry>> in_range(const std::string&, const std::string&, const std::string&) override {
    return fail(unsupported());
  }
  Result<std::pair<domain::Deal, bool>> upsert(const domain::Deal&) override { return fail(unsupported()); }
  Result<std::optional<domain::Deal>> find_by_external_id(const std::string&, const std::string&) override {
    return fail(unsupported());
  }
  Result<std::vector<domain::WonDeal>> won_for_calls(const std::string&, Timestamp, Timestamp) override {
    return fail(unsupported());
  }

  Result<void> calls(const std::string&, const domain::CallFactFilter&,
                     const std::function<void(const domain::CallFact&)>&) override {
    return fail(unsupported());
  }
  Result<std::vector<domain::SessionTouch>> visitor_sessions(const std::string&, const std::string&, Timestamp,
                                                             Timestamp) override {
    return fail(unsupported());
  }
  Result<std::vector<domain::SessionBucket>> session_counts(const std::string&,
                                                            const domain::SessionCountQuery&) override {
    return fail(unsupported());
  }
  Result<std::optional<domain::DailyRollupCoverage>> daily_coverage(const std::string&) override {
    return fail(unsupported());
  }
  Result<std::vector<domain::SessionBucket>> daily_session_counts(const std::string&, std::int64_t, std::int64_t,
                                                                  const domain::SessionCountQuery&) override {
    return fail(unsupported());
  }
  Result<std::optional<Timestamp>> rolled_up_until() override { return fail(unsupported()); }
  Result<std::optional<Timestamp>> first_session_start() override { return fail(unsupported()); }
  Result<std::vector<domain::SessionRollupRow>> aggregate_sessions(Timestamp, Timestamp) override {
    return fail(unsupported());
  }
  Result<void> append_rollup(const std::vector<domain::SessionRollupRow>&, std::optional<Timestamp>,
                             Timestamp) override {
    return fail(unsupported());
  }
  Result<std::vector<domain::DailyRollupRow>> sum_hourly(const std::string&, Timestamp, Timestamp) override {
    return fail(unsupported());
  }
  Result<void> append_daily(const std::string&, const std::string&, std::int64_t, std::int64_t,
                            const std::vector<domain::DailyRollupRow>&) override {
    return fail(unsupported());
  }
  // The advisor reads recorded traffic from the real store; a simulation has its traffic already.
  Result<domain::RecordedPoolTraffic> recent_visits(const std::string&, const std::string&, Timestamp,
                                                    Timestamp) override {
    return fail(unsupported());
  }

  Result<void> insert_webhook(const domain::WebhookSubscription&) override { return fail(unsupported()); }
  Result<void> update_webhook(const domain::WebhookSubscription&) override { return fail(unsupported()); }
  Result<bool> remove_webhook(const std::string&, const std::string&) override { return fail(unsupported()); }
  Result<std::optional<domain::WebhookSubscription>> find_webhook(const std::string&, const std::string&) override {
    return fail(unsupported());
  }
  Result<std::vector<domain::WebhookSubscription>> list_webhooks(const std::string&) override {
    return fail(unsupported());
  }
  Result<std::vector<std::string>> subscribers(const std::string&, domain::EventType) override {
    return std::vector<std::string>{};
  }
  Result<void> publish(const domain::OutboundEvent&, const std::vector<std::string>&,
                       const std::optional<domain::Ga4Visitor>&) override {
    return fail(unsupported());
  }
  Result<std::vector<domain::Delivery>> due(Timestamp, std::size_t) override { return fail(unsupported()); }
  Result<std::optional<Timestamp>> next_due() override { return fail(unsupported()); }
  Result<void> record(const domain::DeliveryAttempt&) override { return fail(unsupported()); }
  Result<std::vector<domain::Delivery>> list_deliveries(const std::string&, std::optional<domain::DeliveryStatus>,
                                                        std::size_t) override {
    return fail(unsupported());
  }
  Result<std::optional<domain::Delivery>> find_delivery(const std::string&, const std::string&) override {
    return fail(unsupported());
  }
  Result<bool> redeliver(const std::string&, const std::string&, Timestamp) override { return fail(unsupported()); }
  Result<domain::PruneStep> prune(Timestamp, std::int64_t after_seq, std::size_t) override {
    return domain::PruneStep{after_seq, 0, 0, true};  // nothing is ever published here
  }
};

// The simulator writes no calls the reports would read: no call rollup either.
class NoCallRollup final : public domain::CallRollupRepository {
 public:
  Result<std::optional<domain::CallRollupBasis>> basis(const std::string&) override { return fail(unsupported()); }
  Result<std::vector<domain::DirtyHour>> dirty_hours(const std::string&, Timestamp, Timestamp) override {
    return fail(unsupported());
  }
  Result<std::optional<Timestamp>> first_call_start(const std::string&) override { return fail(unsupported()); }
  Result<std::vector<domain::CallRollupRow>> rows(const std::string&, std::int64_t, std::int64_t,
                                                  const std::vector<domain::ReportDimension>&,
                                                  const std::vector<std::pair<domain::ReportDimension, std::string>>&) override {
    return fail(unsupported());
  }
  Result<void> reset(const std::string&, const domain::CallRollupBasis&) override { return fail(unsupported()); }
  Result<void> apply(const std::string&, const domain::CallRollupUpdate&) override { return fail(unsupported()); }
};

}  // namespace

struct MemoryRepositories::Impl {
  Impl(std::vector<domain::TrackingNumber> n, SessionSource s) : numbers(std::move(n)), sessions(std::move(s)) {}
  Numbers numbers;
  Calls calls;
  Sessions sessions;
  Leases leases;
  Unsupported unsupported;
  NoMoneyNoOutbox no_money_no_outbox;
  NoCallRollup no_call_rollup;
};

MemoryRepositories::MemoryRepositories(std::vector<domain::TrackingNumber> numbers, SessionSource sessions)
    : impl_(std::make_unique<Impl>(std::move(numbers), std::move(sessions))) {}
MemoryRepositories::~MemoryRepositories() = default;

domain::ProjectRepository& MemoryRepositories::projects() { return impl_->unsupported; }
domain::NumberRepository& MemoryRepositories::numbers() { return impl_->numbers; }
domain::CallRepository& MemoryRepositories::calls() { return impl_->calls; }
domain::PoolRepository& MemoryRepositories::pools() { return impl_->unsupported; }
domain::SessionRepository& MemoryRepositories::sessions() { return impl_->sessions; }
domain::LeaseRepository& MemoryRepositories::leases() { return impl_->leases; }
domain::RoutingRepository& MemoryRepositories::routing() { return impl_->unsupported; }
domain::TelephonyEventRepository& MemoryRepositories::telephony_events() { return impl_->unsupported; }

domain::CostRepository& MemoryRepositories::costs() { return impl_->no_money_no_outbox; }
domain::DealRepository& MemoryRepositories::deals() { return impl_->no_money_no_outbox; }
domain::ReportRepository& MemoryRepositories::reports() { return impl_->no_money_no_outbox; }
domain::CallRollupRepository& MemoryRepositories::call_rollup() { return impl_->no_call_rollup; }
domain::OutboxRepository& MemoryRepositories::outbox() { return impl_->no_money_no_outbox; }

}  // namespace callsign::sim
