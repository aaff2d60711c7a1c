#include "api/pool_registry.hpp"

#include <algorithm>

namespace callsign::api {

struct PoolRegistry::PoolState {
  domain::Pool pool;
  std::chrono::milliseconds hold{};
  mutable std::mutex mutex;  // guards allocator
  domain::PoolAllocator allocator;

  PoolState(domain::Pool p, std::chrono::milliseconds h, domain::PoolAllocator a)
      : pool(std::move(p)), hold(h), allocator(std::move(a)) {}
};

struct PoolRegistry::ProjectPools {
  std::vector<std::shared_ptr<PoolState>> pools;
  std::chrono::milliseconds hold{};  // the longest hold, or the project's when it has no pools
};

namespace {

std::vector<LeaseWrite> as_writes(const std::string& pool_id, std::chrono::milliseconds hold,
                                  std::vector<domain::LeaseEvent>& events) {
  std::vector<LeaseWrite> out;
  out.reserve(events.size());
  for (auto& e : events) out.push_back(LeaseWrite{pool_id, hold, std::move(e)});
  events.clear();
  return out;
}

void append(std::vector<LeaseWrite>& to, std::vector<LeaseWrite> from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

}  // namespace

Result<std::shared_ptr<PoolRegistry::ProjectPools>> PoolRegistry::load(const domain::Project& project,
                                                                        storage::Store& store,
                                                                        const ProjectPools* previous) {
  struct Loaded {
    std::vector<domain::Pool> pools;
    std::vector<domain::TrackingNumber> numbers;
  };
  auto loaded = store.read([&](domain::Repositories& repos) -> Result<Loaded> {
    auto pools = repos.pools().list(project.id);
    if (!pools) return fail(pools.error());
    auto numbers = repos.numbers().list(project.id);
    if (!numbers) return fail(numbers.error());
    return Loaded{std::move(*pools), std::move(*numbers)};
  });
  if (!loaded) return fail(loaded.error());

  auto out = std::make_shared<ProjectPools>();
  const std::chrono::milliseconds project_hold = std::chrono::seconds(project.settings.session_hold_seconds);
  for (auto& pool : loaded->pools) {
    std::vector<std::string> numbers;
    for (const auto& n : loaded->numbers)
      if (n.kind == domain::NumberKind::pool && n.pool_id == pool.id) numbers.push_back(n.number);
    const std::chrono::milliseconds hold =
        pool.hold_seconds ? std::chrono::milliseconds(std::chrono::seconds(*pool.hold_seconds)) : project_hold;
    auto allocator = domain::PoolAllocator::create(numbers, domain::PoolPolicy{hold, pool.when_exhausted});
    if (!allocator) return fail(allocator.error());

    // Leases carry over from the allocator being replaced (it knows leases not yet on disk); a pool loaded for
    // the first time since the start reads them from the lease history.
    std::optional<domain::PoolSnapshot> snapshot;
    if (previous) {
      for (const auto& old : previous->pools) {
        if (old->pool.id != pool.id) continue;
        std::lock_guard lock(old->mutex);
        snapshot = old->allocator.snapshot();
      }
    }
    if (!snapshot) {
      auto stored = store.read([&](domain::Repositories& repos) { return repos.leases().snapshot(pool.id, numbers); });
      if (!stored) return fail(stored.error());
      snapshot = std::move(*stored);
    }
    if (auto restored = allocator->restore(*snapshot); !restored) return fail(restored.error());
    out->hold = std::max(out->hold, hold);
    out->pools.push_back(std::make_shared<PoolState>(std::move(pool), hold, std::move(*allocator)));
  }
  if (out->pools.empty()) out->hold = project_hold;
  return out;
}

Result<std::shared_ptr<PoolRegistry::ProjectPools>> PoolRegistry::pools_of(const domain::Project& project,
                                                                            storage::Store& store) {
  std::lock_guard lock(mutex_);
  if (auto it = projects_.find(project.id); it != projects_.end()) return it->second;
  std::shared_ptr<ProjectPools> previous;
  if (auto it = stale_.find(project.id); it != stale_.end()) previous = it->second;
  auto loaded = load(project, store, previous.get());
  if (!loaded) return fail(loaded.error());
  stale_.erase(project.id);
  projects_.emplace(project.id, *loaded);
  return *loaded;
}

void PoolRegistry::forget(const std::string& project_id) {
  std::lock_guard lock(mutex_);
  auto it = projects_.find(project_id);
  if (it == projects_.end()) return;
  stale_[project_id] = std::move(it->second);
  projects_.erase(it);
}

template <class PerPool>
Result<PoolDecision> PoolRegistry::decide(const domain::Project& project, storage::Store& store, PerPool per_pool) {
  auto pools = pools_of(project, store);
  if (!pools) return fail(pools.error());
  PoolDecision decision;
  decision.hold = (*pools)->hold;
  decision.pools = (*pools)->pools.size();
  std::vector<domain::LeaseEvent> events;
  for (const auto& state : (*pools)->pools) {
    std::lock_guard lock(state->mutex);
    per_pool(*state, events, decision);
    append(decision.writes, as_writes(state->pool.id, state->hold, events));
  }
  return decision;
}

Result<PoolDecision> PoolRegistry::allocate(const domain::Project& project, const std::string& session_id,
                                            Timestamp now, storage::Store& store) {
  const bool site_number_known = project.settings.default_number.has_value();
  return decide(project, store, [&](PoolState& state, std::vector<domain::LeaseEvent>& events, PoolDecision& decision) {
    // A number that would replace nothing on the page would be leased and never shown: keep it for others.
    if (state.pool.replace.empty() && !site_number_known) return;
    auto got = state.allocator.allocate(session_id, now, events);
    if (got) {
      decision.shown.push_back(ShownNumber{state.pool.id, got->number, state.pool.replace});
      if (got->evicted_session) decision.exhausted.push_back(state.pool.id);  // no free number: a handover
    } else if (got.error().reason == domain::NoNumberReason::exhausted) {
      decision.exhausted.push_back(state.pool.id);
    }
  });
}

Result<PoolDecision> PoolRegistry::touch(const domain::Project& project, const std::string& session_id,
                                         Timestamp now, storage::Store& store) {
  return decide(project, store, [&](PoolState& state, std::vector<domain::LeaseEvent>& events, PoolDecision& decision) {
    decision.held_any = state.allocator.touch(session_id, now, events) || decision.held_any;
  });
}

std::vector<PoolGauge> PoolRegistry::gauges(Timestamp now) const {
  std::vector<PoolGauge> out;
  std::lock_guard lock(mutex_);
  for (const auto& [project_id, pools] : projects_) {
    for (const auto& state : pools->pools) {
      std::lock_guard pool_lock(state->mutex);
      out.push_back(PoolGauge{project_id, state->pool.id, state->allocator.stats(now)});
    }
  }
  return out;
}

Result<std::optional<domain::PoolStats>> PoolRegistry::live_stats(const domain::Project& project,
                                                                  const std::string& pool_id, Timestamp now,
                                                                  storage::Store& store) {
  auto pools = pools_of(project, store);
  if (!pools) return fail(pools.error());
  for (const auto& state : (*pools)->pools) {
    if (state->pool.id != pool_id) continue;
    std::lock_guard pool_lock(state->mutex);
    return std::optional<domain::PoolStats>(state->allocator.stats(now));
  }
  return std::optional<domain::PoolStats>{};
}

}  // namespace callsign::api
