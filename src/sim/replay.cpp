#include "sim/replay.hpp"

#include <algorithm>
#include <charconv>
#include <string>
#include <unordered_map>

#include "domain/call_recorder.hpp"
#include "domain/user_agent.hpp"
#include "sim/baseline_allocator.hpp"
#include "sim/memory_repositories.hpp"
#include "sim/timeline.hpp"

namespace callsign::sim {
namespace {

using std::chrono::milliseconds;

constexpr const char* kPoolId = "pool_sim";
constexpr const char* kProjectId = "prj_sim";

std::string session_id(std::uint32_t index) { return "ses_" + std::to_string(index); }
std::string visitor_id(std::uint32_t visitor) { return "vis_" + std::to_string(visitor); }

std::int32_t session_index(const std::optional<std::string>& id) {
  if (!id || id->size() < 5) return -1;
  std::int32_t n = -1;
  std::from_chars(id->data() + 4, id->data() + id->size(), n);
  return n;
}

std::int32_t channel_index(const std::optional<std::string>& channel) {
  if (!channel) return -1;
  for (std::size_t i = 0; i < kSimChannels; ++i)
    if (to_string(static_cast<SimChannel>(i)) == *channel) return static_cast<std::int32_t>(i);
  return -1;
}

// The number a call dials: the one its session was shown (the site's own when none), a static one, or any.
std::string dialled(const Traffic& traffic, const SimCall& call, const std::vector<std::int32_t>& shown,
                    std::size_t pool_size) {
  switch (call.kind) {
    case CallKind::web:
    case CallKind::repeat: {
      const std::int32_t slot = shown[static_cast<std::size_t>(call.session)];
      return slot < 0 ? kSiteNumber : pool_number(static_cast<std::uint32_t>(slot));
    }
    case CallKind::static_number: return static_number(call.target);
    case CallKind::spam:
      if (call.spam_to_pool && pool_size > 0) return pool_number(static_cast<std::uint32_t>(call.target % pool_size));
      return static_number(call.target);
  }
  (void)traffic;
  return kSiteNumber;
}

domain::Project sim_project(const Traffic& traffic) {
  domain::Project project;
  project.id = kProjectId;
  project.name = "Simulated tyre shop";
  project.settings.default_number = kSiteNumber;
  project.settings.session_hold_seconds = traffic.params.hold_seconds;
  for (const auto& c : traffic.calls)
    if (c.kind == CallKind::spam && c.blocked) project.settings.blocked_callers.push_back(caller_phone(c.caller));
  std::sort(project.settings.blocked_callers.begin(), project.settings.blocked_callers.end());
  return project;
}

std::vector<domain::TrackingNumber> sim_numbers(std::size_t pool_size) {
  std::vector<domain::TrackingNumber> numbers;
  const char* channels[kStaticNumbers] = {"radio", "billboard", "google_business"};
  for (std::uint32_t i = 0; i < kStaticNumbers; ++i) {
    domain::TrackingNumber n;
    n.id = "num_static_" + std::to_string(i);
    n.project_id = kProjectId;
    n.number = static_number(i);
    n.channel = channels[i];
    numbers.push_back(n);
  }
  for (std::uint32_t i = 0; i < pool_size; ++i) {
    domain::TrackingNumber n;
    n.id = "num_pool_" + std::to_string(i);
    n.project_id = kProjectId;
    n.number = pool_number(i);
    n.kind = domain::NumberKind::pool;
    n.pool_id = kPoolId;
    n.channel = "dni";
    numbers.push_back(n);
  }
  return numbers;
}

domain::CallInput call_input(const SimCall& call, std::uint32_t index, std::string number) {
  domain::CallInput in;
  in.external_id = "sim-" + std::to_string(index);
  in.tracking_number = std::move(number);
  in.caller = caller_phone(call.caller);
  in.started_at = call.start;
  in.answered_at = call.answered_at;
  in.ended_at = call.ended_at;
  return in;
}

}  // namespace

Result<RunResult> run_callsign(const Traffic& traffic, const PoolConfig& config) {
  const milliseconds hold = std::chrono::seconds(traffic.params.hold_seconds);
  const domain::Project project = sim_project(traffic);
  std::vector<std::string> numbers;
  std::unordered_map<std::string, std::int32_t> slot_of;
  for (std::uint32_t i = 0; i < config.size; ++i) {
    numbers.push_back(pool_number(i));
    slot_of.emplace(numbers.back(), static_cast<std::int32_t>(i));
  }
  auto allocator = domain::PoolAllocator::create(numbers, domain::PoolPolicy{hold, config.when_exhausted});
  if (!allocator) return fail(allocator.error());

  MemoryRepositories repos(sim_numbers(config.size), [&](const std::string& id) -> std::optional<domain::VisitorSession> {
    const std::int32_t i = session_index(id);
    if (i < 0 || static_cast<std::size_t>(i) >= traffic.sessions.size()) return std::nullopt;
    const SimSession& s = traffic.sessions[static_cast<std::size_t>(i)];
    const VisitRequest request = visit_request(s);
    domain::VisitorSession v;
    v.id = id;
    v.project_id = kProjectId;
    v.visitor_id = visitor_id(s.visitor);
    v.started_at = s.start;
    v.last_seen_at = s.end;
    v.page_url = request.page_url;
    if (!request.referrer.empty()) v.referrer = request.referrer;
    v.source = domain::read_traffic_source(request.page_url, request.referrer, kSimSiteHost);
    v.user_agent = request.user_agent;
    return v;
  });

  RunResult result;
  result.outcomes.resize(traffic.calls.size());
  std::vector<std::int32_t> shown(traffic.sessions.size(), -1);
  std::vector<domain::LeaseEvent> lease_events;
  auto persist = [&]() -> Result<void> {
    for (const auto& e : lease_events) {
      const std::int32_t i = session_index(e.session_id);
      const auto visitor = visitor_id(traffic.sessions[static_cast<std::size_t>(i)].visitor);
      if (auto r = repos.leases().apply(kPoolId, visitor, e, hold); !r) return r;
    }
    lease_events.clear();
    return {};
  };

  for (const TimelineEvent& ev : timeline(traffic, hold)) {
    switch (ev.step) {
      case Step::arrive: {
        const SimSession& s = traffic.sessions[ev.index];
        if (domain::is_automated_user_agent(visit_request(s).user_agent)) break;
        auto got = allocator->allocate(session_id(ev.index), ev.at, lease_events);
        if (got) {
          shown[ev.index] = slot_of.at(got->number);
          ++result.sessions_shown;
        }
        break;
      }
      case Step::ping: allocator->touch(session_id(ev.index), ev.at, lease_events); break;
      case Step::leave: allocator->release(session_id(ev.index), ev.at, lease_events); break;
      case Step::tel_click: {
        domain::SessionEvent click{session_id(ev.index), domain::SessionEventType::tel_click, ev.at, std::nullopt};
        if (auto r = repos.sessions().add_event(click); !r) return fail(r.error());
        break;
      }
      case Step::call: {
        const SimCall& call = traffic.calls[ev.index];
        std::string number = dialled(traffic, call, shown, config.size);
        CallOutcome& out = result.outcomes[ev.index];
        out.dialled_pool = slot_of.contains(number);
        auto recorded = domain::record_call(repos, project, call_input(call, ev.index, std::move(number)), ev.at);
        if (!recorded) return fail(recorded.error());
        const domain::Attribution& a = recorded->call.attribution;
        out.method = a.method;
        out.confidence = a.confidence;
        out.attributed_session = session_index(a.session_id);
        out.attributed_channel = channel_index(a.channel);
        break;
      }
    }
    if (auto r = persist(); !r) return fail(r.error());
  }
  const auto stats = allocator->stats(traffic.end());
  result.exhausted = stats.exhausted_total;
  result.peak_in_use = stats.peak_in_use;
  return result;
}

RunResult run_baseline(const Traffic& traffic, const PoolConfig& config) {
  const milliseconds hold = std::chrono::minutes(15);  // what simple implementations fix
  BaselineAllocator allocator(config.size, hold, traffic.sessions.size());
  RunResult result;
  result.outcomes.resize(traffic.calls.size());
  std::vector<std::int32_t> shown(traffic.sessions.size(), -1);
  for (const TimelineEvent& ev : timeline(traffic, hold)) {
    switch (ev.step) {
      case Step::arrive: {
        const SimSession& s = traffic.sessions[ev.index];
        if (s.bot) break;  // the baseline is granted the same bot filter
        if (auto slot = allocator.allocate(static_cast<std::int32_t>(ev.index), ev.at)) {
          shown[ev.index] = static_cast<std::int32_t>(*slot);
          ++result.sessions_shown;
        }
        break;
      }
      case Step::ping:
      case Step::leave: allocator.touch(static_cast<std::int32_t>(ev.index), ev.at); break;
      case Step::tel_click: break;
      case Step::call: {
        const SimCall& call = traffic.calls[ev.index];
        CallOutcome& out = result.outcomes[ev.index];
        if (call.kind == CallKind::static_number || (call.kind == CallKind::spam && !call.spam_to_pool)) {
          out.method = domain::AttributionMethod::static_number;
          out.confidence = 1;
          break;
        }
        const std::uint32_t slot = call.kind == CallKind::spam
                                       ? static_cast<std::uint32_t>(config.size ? call.target % config.size : 0)
                                       : static_cast<std::uint32_t>(shown[static_cast<std::size_t>(call.session)]);
        if (config.size == 0 || (call.kind != CallKind::spam && shown[static_cast<std::size_t>(call.session)] < 0)) break;
        out.dialled_pool = true;
        const std::int32_t holder = allocator.last_holder(slot, ev.at);
        if (holder < 0) break;
        out.method = domain::AttributionMethod::session;
        out.confidence = 1;
        out.attributed_session = holder;
        out.attributed_channel = static_cast<std::int32_t>(traffic.sessions[static_cast<std::size_t>(holder)].channel);
        break;
      }
    }
  }
  result.exhausted = allocator.exhausted();
  result.peak_in_use = allocator.peak_in_use();
  return result;
}

}  // namespace callsign::sim
