#pragma once
// RateLimiter: at most `per_minute` events per key (a client IP) with bursts up to the same number — a token
// bucket per key, refilled continuously. Used for the public endpoints (session creation), where a key is the
// only thing known about the caller. Thread-safe.
//
// Memory is bounded: at most `max_keys` buckets are kept; when full, buckets that have refilled completely
// (nothing to remember) are dropped first, and if none has, the whole table starts over — a flood of distinct
// keys then briefly limits nobody rather than everybody.
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace callsign::http {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  // per_minute == 0: unlimited (allow() is always true).
  explicit RateLimiter(unsigned per_minute, std::size_t max_keys = 100000);

  // Takes one token from `key`'s bucket at `now`; false when the bucket is empty (the caller answers 429).
  bool allow(std::string_view key, Clock::time_point now = Clock::now());

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point updated{};
  };
  double refill(Bucket& bucket, Clock::time_point now) const;
  void make_room(Clock::time_point now);

  const double capacity_;
  const double per_second_;
  const std::size_t max_keys_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace callsign::http
