#pragma once
// The pool sizing advisor over a store (docs/pool-advisor.md): reads the pool's recorded traffic of the last
// 14 days through the domain's ports, turns it into simulator traffic (recorded_traffic.hpp) and advises a size
// (pool_advice.hpp). Shared by GET …/pools/{pool_id}/advice and `callsign pool advise`.
#include <chrono>
#include <cstddef>

#include "common/result.hpp"
#include "domain/pool.hpp"
#include "domain/project.hpp"
#include "domain/repositories.hpp"
#include "sim/pool_advice.hpp"

namespace callsign::sim {

inline constexpr std::chrono::days kAdviceWindow{14};

struct RecordedAdvice {
  PoolAdvice advice;
  Timestamp from{}, to{};          // the window replayed: [now - 14 days, now)
  int hold_seconds = 0;            // the pool's effective hold
  std::size_t excluded_calls = 0;  // calls to the pool whose truth is unknown (recorded_traffic.hpp)
};

// The pool's numbers now (what the advice calls current_size).
Result<std::size_t> pool_number_count(domain::Repositories& repos, const std::string& project_id,
                                      const std::string& pool_id);

// `target` in (0, 1) (the caller checks). Reads in `repos` (one read snapshot) and replays off it; takes
// seconds for a busy pool, so call it off any I/O thread. Errors: storage errors as the repositories return them.
Result<RecordedAdvice> advise_recorded_pool(domain::Repositories& repos, const domain::Project& project,
                                            const domain::Pool& pool, Timestamp now, double target);

}  // namespace callsign::sim
