#pragma once
// When a failed delivery is tried again: exponential backoff with jitter, capped, until the retry window (24 h by
// default) is over — then the delivery is dead-lettered and waits for a manual redelivery.
#include <chrono>
#include <optional>

#include "common/time.hpp"

namespace callsign::integrations {

struct RetryPolicy {
  std::chrono::milliseconds first_delay{std::chrono::seconds(30)};  // after the first failure
  double factor = 2.0;                                              // each later delay × factor …
  std::chrono::milliseconds max_delay{std::chrono::hours(1)};       // … up to this
  std::chrono::milliseconds give_up_after{std::chrono::hours(24)};  // retry window, from the delivery's creation
  double jitter = 0.2;  // each delay is spread uniformly over ±jitter of itself, so retries of a burst spread out
};

// The delay after `failed_attempts` (>= 1) failures: min(max_delay, first_delay × factor^(failed_attempts−1)),
// then scaled by 1 + jitter × (2 × unit_random − 1). `unit_random` is in [0, 1) (injected so tests are exact).
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int failed_attempts, double unit_random);

// When to try again after the attempt at `now` failed (the delivery's `failed_attempts`-th failure), or nullopt
// when that retry would fall after retry_since + give_up_after: dead-letter it.
std::optional<Timestamp> next_attempt_at(const RetryPolicy& policy, int failed_attempts, Timestamp now,
                                         Timestamp retry_since, double unit_random);

}  // namespace callsign::integrations
