#include "app/demo_live.hpp"

#include <queue>

#include <spdlog/spdlog.h>

#include "app/demo_history.hpp"
#include "app/demo_replay.hpp"
#include "common/thread_name.hpp"
#include "sim/timeline.hpp"

namespace callsign::app {

sim::SimParams live_params(double calls_per_minute, std::uint64_t seed) {
  sim::SimParams p;
  p.seed = seed;
  p.days = 1;
  p.diurnal.fill(1.0);
  p.weekend_factor = 1.0;
  p.call_rate_bounce = 0.1;
  p.call_rate_engaged = 0.9;
  const double calls_per_day = std::max(calls_per_minute, 0.0) * 24 * 60;
  p.static_calls_per_day = 0.4 * calls_per_day;
  p.spam_calls_per_day = 0.02 * calls_per_day;
  // Calls per human session with these rates: engaged 0.9, bounces 0.1, and a fifth of callers call again.
  const double human = 1 - p.bot_share;
  const double per_session =
      human * ((1 - p.bounce_share) * p.call_rate_engaged + p.bounce_share * p.call_rate_bounce) * (1 + p.repeat_share);
  p.sessions_per_day = std::max(1.0, 0.58 * calls_per_day / per_session);
  return p;
}

LiveTraffic::LiveTraffic(storage::Store& store, api::PoolRegistry& pools, domain::Project project,
                         const Clock& clock, LiveOptions options)
    : store_(store), pools_(pools), project_(std::move(project)), clock_(clock), options_(options) {}

LiveTraffic::~LiveTraffic() { stop(); }

void LiveTraffic::start() {
  if (thread_.joinable() || options_.calls_per_minute <= 0) return;
  thread_ = std::thread([this] {
    name_this_thread("demo-live");
    run();
  });
}

void LiveTraffic::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (!thread_.joinable()) return;
  thread_.join();
  spdlog::info("demo live traffic stopped");
}

bool LiveTraffic::wait_until(Timestamp until) {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    const auto left = until - clock_.now();
    if (left <= std::chrono::milliseconds::zero()) return true;
    wake_.wait_for(lock, left);
  }
  return false;
}

void LiveTraffic::run() {
  for (std::uint64_t chunk = 0;; ++chunk) {
    const Timestamp begin = clock_.now();
    const sim::Traffic traffic = sim::generate_traffic(live_params(options_.calls_per_minute,
                                                                   options_.seed * 1000003 + chunk + 1), begin);
    StoreReplay replay(store_, pools_, project_, demo_numbers(),
                       "demo-live-" + std::to_string(to_unix_ms(begin)) + "-");
    const auto events = sim::timeline(traffic, std::chrono::seconds(traffic.params.hold_seconds));
    // A call shows when it is answered (talking) and again when it ends, as a carrier reports it; a missed one
    // when it ends. Everything else happens when it happens.
    struct Due {
      Timestamp at;
      std::uint32_t call;
      bool ended;
      bool operator>(const Due& o) const { return at > o.at; }
    };
    std::priority_queue<Due, std::vector<Due>, std::greater<>> calls;
    std::size_t next = 0;
    while (next < events.size() || !calls.empty()) {
      const bool call_first = !calls.empty() && (next == events.size() || calls.top().at <= events[next].at);
      if (!wait_until(call_first ? calls.top().at : events[next].at)) return;
      Result<void> applied;
      if (call_first) {
        const Due due = calls.top();
        calls.pop();
        applied = due.ended ? replay.apply(traffic, {due.at, sim::Step::call, due.call})
                            : replay.answer(traffic, due.call);
      } else if (events[next].step == sim::Step::call) {
        const sim::SimCall& call = traffic.calls[events[next].index];
        if (call.answered_at) calls.push({*call.answered_at, events[next].index, false});
        calls.push({call.ended_at, events[next].index, true});
        ++next;
        continue;
      } else {
        applied = replay.apply(traffic, events[next++]);
      }
      if (applied) applied = replay.flush();
      if (!applied) {
        spdlog::error("demo live traffic stopped: {}", applied.error().message);
        return;
      }
    }
  }
}

}  // namespace callsign::app
