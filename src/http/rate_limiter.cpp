#include "http/rate_limiter.hpp"

#include <algorithm>
#include <iterator>

namespace callsign::http {

RateLimiter::RateLimiter(unsigned per_minute, std::size_t max_keys)
    : capacity_(per_minute), per_second_(per_minute / 60.0), max_keys_(std::max<std::size_t>(max_keys, 1)) {}

double RateLimiter::refill(Bucket& bucket, Clock::time_point now) const {
  const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
  if (elapsed > 0) {
    bucket.tokens = std::min(capacity_, bucket.tokens + elapsed * per_second_);
    bucket.updated = now;
  }
  return bucket.tokens;
}

void RateLimiter::make_room(Clock::time_point now) {
  for (auto it = buckets_.begin(); it != buckets_.end();)
    it = refill(it->second, now) >= capacity_ ? buckets_.erase(it) : std::next(it);
  if (buckets_.size() >= max_keys_) buckets_.clear();
}

bool RateLimiter::allow(std::string_view key, Clock::time_point now) {
  if (capacity_ <= 0) return true;
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(std::string(key));
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_keys_) make_room(now);
    it = buckets_.emplace(std::string(key), Bucket{capacity_, now}).first;
  }
  if (refill(it->second, now) < 1) return false;
  it->second.tokens -= 1;
  return true;
}

}  // namespace callsign::http
