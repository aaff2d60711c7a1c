#include "app/demo_replay.hpp"

#include "api/session_writes.hpp"
#include "app/demo_shop.hpp"
#include "common/crypto.hpp"
#include "domain/call_recorder.hpp"
#include "domain/deal_recorder.hpp"
#include "domain/traffic_source.hpp"
#include "domain/user_agent.hpp"

namespace callsign::app {

StoreReplay::StoreReplay(storage::Store& store, api::PoolRegistry& pools, domain::Project project,
                         ReplayNumbers numbers, std::string external_prefix, DealFor deal_for, std::size_t batch)
    : store_(store),
      pools_(pools),
      project_(std::move(project)),
      numbers_(std::move(numbers)),
      external_prefix_(std::move(external_prefix)),
      deal_for_(std::move(deal_for)),
      batch_(batch) {}

Result<void> StoreReplay::apply(const sim::Traffic& traffic, const sim::TimelineEvent& event) {
  switch (event.step) {
    case sim::Step::arrive: return arrive(traffic.sessions[event.index], event.index, event.at);
    case sim::Step::ping: return ping(event.index, event.at);
    case sim::Step::leave: return {};
    case sim::Step::tel_click: {
      auto visit = visits_.find(event.index);
      if (visit == visits_.end()) return {};
      return queue([click = domain::SessionEvent{visit->second.session_id, domain::SessionEventType::tel_click,
                                                 event.at, std::nullopt}](domain::Repositories& repos) -> Result<void> {
        if (auto r = repos.sessions().add_event(click); !r) return r;
        if (auto r = repos.sessions().touch(click.session_id, click.at); !r) return fail(r.error());
        return {};
      });
    }
    case sim::Step::call: return call(traffic.calls[event.index], event.index, true);
  }
  return {};
}

Result<void> StoreReplay::arrive(const sim::SimSession& s, std::uint32_t index, Timestamp at) {
  const sim::VisitRequest request = sim::visit_request(s);
  // Programs get no session and no number (the session handler's user-agent check).
  if (domain::is_automated_user_agent(request.user_agent)) {
    ++figures_.automated;
    return {};
  }
  domain::VisitorSession session;
  session.id = new_id("ses");
  session.project_id = project_.id;
  auto [visitor, fresh] = visitors_.try_emplace(s.visitor);
  if (fresh) visitor->second = new_id("vis");
  session.visitor_id = visitor->second;
  session.page_url = request.page_url;
  if (!request.referrer.empty()) session.referrer = request.referrer;
  session.source = domain::read_traffic_source(request.page_url, request.referrer);
  session.user_agent = request.user_agent;
  session.started_at = session.last_seen_at = at;

  auto decision = pools_.allocate(project_, session.id, at, store_);
  if (!decision) return fail(decision.error());
  Visit& visit = visits_[index];
  visit.session_id = session.id;
  visit.visitor_id = session.visitor_id;
  if (!decision->shown.empty()) {
    visit.shown = decision->shown.front().number;
    ++figures_.shown;
  }
  ++figures_.sessions;
  return queue([session = std::move(session), decision = std::move(*decision), at](domain::Repositories& repos) {
    return api::persist_session(repos, session, session.id, session.visitor_id, at, decision);
  });
}

Result<void> StoreReplay::ping(std::uint32_t index, Timestamp at) {
  auto visit = visits_.find(index);
  if (visit == visits_.end()) return {};
  auto held = pools_.touch(project_, visit->second.session_id, at, store_);
  if (!held) return fail(held.error());
  // The ping handler answers 404 to a session that holds no number any more, and writes nothing.
  if (!held->held_any) return {};
  ++figures_.pings;
  return queue([id = visit->second.session_id, visitor = visit->second.visitor_id, at,
                decision = std::move(*held)](domain::Repositories& repos) {
    return api::persist_session(repos, std::nullopt, id, visitor, at, decision);
  });
}

std::string StoreReplay::dialled(const sim::SimCall& call) const {
  switch (call.kind) {
    case sim::CallKind::web:
    case sim::CallKind::repeat: {
      auto visit = visits_.find(static_cast<std::uint32_t>(call.session));
      return visit != visits_.end() && visit->second.shown ? *visit->second.shown : numbers_.site;
    }
    case sim::CallKind::static_number:
      if (!numbers_.statics.empty()) return numbers_.statics[call.target % numbers_.statics.size()];
      break;
    case sim::CallKind::spam:
      if (call.spam_to_pool && !numbers_.pool.empty()) return numbers_.pool[call.target % numbers_.pool.size()];
      if (!numbers_.statics.empty()) return numbers_.statics[call.target % numbers_.statics.size()];
      break;
  }
  return numbers_.site;
}

Result<void> StoreReplay::answer(const sim::Traffic& traffic, std::uint32_t call_index) {
  return call(traffic.calls[call_index], call_index, false);
}

Result<void> StoreReplay::call(const sim::SimCall& c, std::uint32_t index, bool ended) {
  domain::CallInput in;
  in.external_id = external_prefix_ + std::to_string(index);
  in.tracking_number = dialled(c);
  in.caller = sim::caller_phone(c.caller);
  in.started_at = c.start;
  in.answered_at = c.answered_at;
  if (ended) in.ended_at = c.ended_at;
  if (c.answered_at) in.operator_name = demo_shop::kOperators[index % demo_shop::kOperators.size()].name;
  const Timestamp now = ended ? c.ended_at : c.answered_at.value_or(c.start);
  return queue([this, in = std::move(in), now, ended](domain::Repositories& repos) -> Result<void> {
    auto recorded = domain::record_call(repos, project_, in, now);
    if (!recorded) return fail(recorded.error());
    if (!ended) return {};
    ++figures_.calls;
    if (recorded->call.attribution.method == domain::AttributionMethod::session) ++figures_.session_calls;
    if (!deal_for_) return {};
    auto deal = deal_for_(recorded->call);
    if (!deal) return {};
    deal->project_id = project_.id;
    deal->call_id = recorded->call.id;
    auto stored = domain::record_deal(repos, *deal);
    if (!stored) return fail(stored.error());
    ++figures_.deals;
    if (stored->first.status == domain::DealStatus::refunded) ++figures_.refunds;
    return {};
  });
}

Result<void> StoreReplay::add_cost(domain::CostEntry cost) {
  cost.project_id = project_.id;
  return queue([this, cost = std::move(cost)](domain::Repositories& repos) -> Result<void> {
    auto r = repos.costs().upsert(cost);
    if (!r) return fail(r.error());
    ++figures_.cost_rows;
    return {};
  });
}

Result<void> StoreReplay::queue(Write write) {
  pending_.push_back(std::move(write));
  if (pending_.size() >= batch_) return flush();
  return {};
}

Result<void> StoreReplay::flush() {
  if (pending_.empty()) return {};
  std::vector<Write> writes;
  writes.swap(pending_);
  auto r = store_.write_blocking<bool>([&writes](domain::Repositories& repos) -> Result<bool> {
    for (auto& write : writes)
      if (auto w = write(repos); !w) return fail(w.error());
    return true;
  });
  if (!r) return fail(r.error());
  return {};
}

}  // namespace callsign::app
