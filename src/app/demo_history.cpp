#include "app/demo_history.hpp"

#include <algorithm>
#include <date/date.h>

#include "app/demo_shop.hpp"
#include "domain/local_days.hpp"
#include "sim/random.hpp"
#include "sim/timeline.hpp"

namespace callsign::app {
namespace {

// The simulator's days run from UTC midnight; moving every instant by the zone's offset makes them the shop's
// local days (its busy hours during opening hours). One offset for the whole run: a DST change shifts an hour.
void shift(sim::Traffic& traffic, std::chrono::milliseconds by) {
  traffic.start += by;
  for (auto& s : traffic.sessions) {
    s.start += by;
    s.end += by;
  }
  for (auto& c : traffic.calls) {
    c.start += by;
    c.ended_at += by;
    if (c.answered_at) *c.answered_at += by;
    if (c.tel_click) *c.tel_click += by;
  }
}

// A share of target calls become deals a few hours to two days later: most won, some lost, a few refunded;
// the newest may still be open.
StoreReplay::DealFor deals(std::uint64_t seed, Timestamp now) {
  auto rng = std::make_shared<sim::Random>(seed ^ 0x9e3779b97f4a7c15ULL);
  return [rng, now](const domain::Call& call) -> std::optional<domain::Deal> {
    if (!call.flags.target || !rng->chance(demo_shop::kDealShare)) return std::nullopt;
    domain::Deal deal;
    deal.external_id = "demo-deal-" + call.external_id;
    deal.created_at = std::min(now, call.ended_at.value_or(call.started_at) +
                                        std::chrono::minutes(30 + rng->below(48 * 60)));
    deal.updated_at = deal.created_at;
    deal.amount = demo_shop::kDealSizes[rng->below(demo_shop::kDealSizes.size())];
    const double outcome = rng->uniform();
    if (outcome < demo_shop::kRefundShare) deal.status = domain::DealStatus::refunded;
    else if (outcome < demo_shop::kRefundShare + demo_shop::kLostShare) deal.status = domain::DealStatus::lost;
    else if (now - deal.created_at < std::chrono::days(2) && rng->chance(0.5)) deal.status = domain::DealStatus::open;
    else deal.status = domain::DealStatus::won;
    return deal;
  };
}

std::string day_text(std::int64_t day) {
  return date::format("%F", date::sys_days{date::days{day}});
}

Result<void> add_costs(StoreReplay& replay, std::int64_t first_day, std::int64_t last_day) {
  for (std::int64_t day = first_day; day <= last_day; ++day) {
    for (const auto& paid : demo_shop::kPaidChannels)
      if (auto r = replay.add_cost({"", day_text(day), paid.source, paid.medium, "", "", paid.cost_per_day}); !r) return r;
    for (const auto& line : demo_shop::kStaticLines) {
      if (line.cost_per_day <= 0) continue;
      domain::CostEntry cost{"", day_text(day), line.channel, demo_shop::kOfflineMedium, "", "", line.cost_per_day};
      if (auto r = replay.add_cost(std::move(cost)); !r) return r;
    }
  }
  return {};
}

Result<void> block_known_robocallers(storage::Store& store, domain::Project& project, const sim::Traffic& traffic) {
  auto& blocked = project.settings.blocked_callers;
  for (const auto& c : traffic.calls)
    if (c.kind == sim::CallKind::spam && c.blocked) blocked.push_back(sim::caller_phone(c.caller));
  std::sort(blocked.begin(), blocked.end());
  blocked.erase(std::unique(blocked.begin(), blocked.end()), blocked.end());
  auto r = store.write_blocking<bool>([&](domain::Repositories& repos) -> Result<bool> {
    if (auto u = repos.projects().update(project); !u) return fail(u.error());
    return true;
  });
  if (!r) return fail(r.error());
  return {};
}

}  // namespace

ReplayNumbers demo_numbers() {
  ReplayNumbers numbers;
  numbers.site = demo_shop::kSiteNumber;
  for (const auto& line : demo_shop::kStaticLines) numbers.statics.push_back(line.number);
  for (int i = 0; i < demo_shop::kPoolSize; ++i) numbers.pool.push_back(demo_shop::pool_number(i));
  return numbers;
}

Result<ReplayFigures> backfill_history(storage::Store& store, api::PoolRegistry& pools, domain::Project& project,
                                       const HistoryOptions& options, Timestamp now,
                                       const std::function<void(std::uint64_t, std::uint64_t)>& progress) {
  const date::time_zone* zone = domain::find_zone(project.settings.timezone);
  if (!zone) zone = domain::find_zone("UTC");
  const std::int64_t today = domain::local_day_of(*zone, now);
  const std::int64_t first_day = today - options.days;
  const Timestamp utc_midnight{std::chrono::days{first_day}};

  sim::SimParams params;
  params.seed = options.seed;
  params.days = options.days + 1;
  params.sessions_per_day = options.sessions_per_day;
  params.hold_seconds = project.settings.session_hold_seconds;
  sim::Traffic traffic = sim::generate_traffic(params, utc_midnight);
  shift(traffic, domain::local_day_start(*zone, first_day) - utc_midnight);
  if (auto r = block_known_robocallers(store, project, traffic); !r) return fail(r.error());

  StoreReplay replay(store, pools, project, demo_numbers(), "demo-h-", deals(options.seed, now));
  const auto events = sim::timeline(traffic, std::chrono::seconds(params.hold_seconds));
  const auto total = static_cast<std::uint64_t>(
      std::upper_bound(events.begin(), events.end(), now, [](Timestamp t, const sim::TimelineEvent& e) { return t < e.at; }) -
      events.begin());
  for (std::uint64_t i = 0; i < total; ++i) {
    if (auto r = replay.apply(traffic, events[i]); !r) return fail(r.error());
    if (progress && i % 512 == 0) progress(i, total);
  }
  if (auto r = add_costs(replay, first_day, today); !r) return fail(r.error());
  if (auto r = replay.flush(); !r) return fail(r.error());
  if (progress) progress(total, total);
  return replay.figures();
}

}  // namespace callsign::app
