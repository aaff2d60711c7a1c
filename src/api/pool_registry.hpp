#pragma once
// PoolRegistry: the live allocator of every pool (DESIGN.md §4: allocation is in memory, per pool), loaded from
// the store the first time a project's pool is needed and rebuilt when its pools or numbers change.
//
// It decides which numbers a session sees and reports the lease events that decision caused; the caller
// persists them through the group commit before answering (a lease the visitor saw is a lease on disk).
// Restart-safe: a freshly loaded pool restores its leases from the store's lease history.
//
// Thread-safe. Each pool has its own mutex, so sessions of different pools never wait for each other.
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/result.hpp"
#include "common/time.hpp"
#include "domain/lease.hpp"
#include "domain/pool.hpp"
#include "domain/project.hpp"
#include "storage/store.hpp"

namespace callsign::api {

// One lease event to persist, with the pool it belongs to and that pool's hold.
struct LeaseWrite {
  std::string pool_id;
  std::chrono::milliseconds hold{};
  domain::LeaseEvent event;
};

// A number shown to a session, and the site numbers it stands in for.
struct ShownNumber {
  std::string pool_id;
  std::string number;  // E.164
  std::vector<std::string> replace;
};

struct PoolDecision {
  std::vector<ShownNumber> shown;          // one per pool that gave the session a number
  std::vector<LeaseWrite> writes;          // in the order they happened
  std::vector<std::string> exhausted;      // pools with no free number (none given, or one handed over)
  bool held_any = false;                   // touch(): the session held a live lease in some pool
  std::size_t pools = 0;                   // how many pools the project has
  std::chrono::milliseconds hold{};        // the longest hold among the project's pools; the project's when none
};

struct PoolGauge {
  std::string project_id;
  std::string pool_id;
  domain::PoolStats stats;
};

class PoolRegistry {
 public:
  // A number from every pool of the project for `session_id` (its own, if it still holds one).
  // Errors: the store's, when the project's pools must be loaded and cannot be.
  Result<PoolDecision> allocate(const domain::Project& project, const std::string& session_id, Timestamp now,
                                storage::Store& store);
  // A ping: extends the session's live leases in every pool of the project (held_any says whether it had one).
  Result<PoolDecision> touch(const domain::Project& project, const std::string& session_id, Timestamp now,
                             storage::Store& store);
  // The project's pools, numbers or hold changed: the next use rebuilds its allocators, carrying over the
  // leases they hold (numbers no longer in a pool lose theirs).
  void forget(const std::string& project_id);

  // Live figures of the pools loaded so far (for /metrics).
  std::vector<PoolGauge> gauges(Timestamp now) const;
  // Live figures of one pool of the project, loading the project's pools if needed; nullopt when no such pool.
  Result<std::optional<domain::PoolStats>> live_stats(const domain::Project& project, const std::string& pool_id,
                                                      Timestamp now, storage::Store& store);

 private:
  struct PoolState;
  struct ProjectPools;
  // Runs per_pool(state, events, decision) on every pool of the project under the pool's lock, collecting the
  // lease events each caused into decision.writes.
  template <class PerPool>
  Result<PoolDecision> decide(const domain::Project& project, storage::Store& store, PerPool per_pool);
  Result<std::shared_ptr<ProjectPools>> pools_of(const domain::Project& project, storage::Store& store);
  Result<std::shared_ptr<ProjectPools>> load(const domain::Project& project, storage::Store& store,
                                             const ProjectPools* previous);

  mutable std::mutex mutex_;  // guards the maps; held while a project loads (rare), never while allocating
  std::unordered_map<std::string, std::shared_ptr<ProjectPools>> projects_;
  std::unordered_map<std::string, std::shared_ptr<ProjectPools>> stale_;  // forgotten, to carry leases over
};

}  // namespace callsign::api
