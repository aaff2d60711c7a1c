#include "integrations/retry_policy.hpp"

#include <algorithm>
#include <cmath>

namespace callsign::integrations {

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int failed_attempts, double unit_random) {
  const int exponent = std::clamp(failed_attempts - 1, 0, 62);
  const double base = static_cast<double>(policy.first_delay.count()) * std::pow(policy.factor, exponent);
  const double capped = std::min(base, static_cast<double>(policy.max_delay.count()));
  const double spread = 1.0 + policy.jitter * (2.0 * std::clamp(unit_random, 0.0, 1.0) - 1.0);
  return std::chrono::milliseconds(std::max<std::int64_t>(1, std::llround(capped * spread)));
}

std::optional<Timestamp> next_attempt_at(const RetryPolicy& policy, int failed_attempts, Timestamp now,
                                         Timestamp retry_since, double unit_random) {
  const Timestamp at = now + backoff_delay(policy, failed_attempts, unit_random);
  if (at > retry_since + policy.give_up_after) return std::nullopt;
  return at;
}

}  // namespace callsign::integrations
