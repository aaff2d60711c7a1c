#pragma once
// Replays simulated traffic through a pool of tracking numbers on a simulated clock and records, for every
// call, who it was attributed to — next to who truly made it (the traffic's ground truth).
//
// run_callsign() drives Callsign's real code: domain::PoolAllocator hands out the numbers (sessions start,
// ping every ping_seconds and leave as the snippet does; automated visits get none, by the real user-agent
// check), the lease events go to a LeaseRepository exactly as the API persists them, tel: taps become session
// events, and every call goes through domain::record_call() — the real attribution and classification —
// against in-memory repositories. run_baseline() does what simple implementations do (baseline_allocator.hpp).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "domain/call.hpp"
#include "domain/pool_allocator.hpp"
#include "sim/timeline.hpp"  // ping_interval
#include "sim/traffic.hpp"

namespace callsign::sim {

struct PoolConfig {
  std::size_t size = 50;
  domain::WhenExhausted when_exhausted = domain::WhenExhausted::reuse_oldest;
};

struct CallOutcome {
  std::int32_t attributed_session = -1;  // index into Traffic::sessions; -1 when not attributed to a visit
  std::int32_t attributed_channel = -1;  // a SimChannel; -1 for none (or a channel no visit has)
  domain::AttributionMethod method = domain::AttributionMethod::none;
  double confidence = 0;
  bool dialled_pool = false;  // the number dialled was a pool number (not the site's own, not a static one)
};

struct RunResult {
  std::vector<CallOutcome> outcomes;  // one per Traffic::calls, same order
  std::size_t sessions_shown = 0;     // sessions given a pool number
  std::uint64_t exhausted = 0;        // sessions that found no free number
  std::size_t peak_in_use = 0;
};

// Errors: a call the real recorder refuses (a bug in the simulator or a regression in the recorder).
Result<RunResult> run_callsign(const Traffic& traffic, const PoolConfig& pool);
RunResult run_baseline(const Traffic& traffic, const PoolConfig& pool);

}  // namespace callsign::sim
