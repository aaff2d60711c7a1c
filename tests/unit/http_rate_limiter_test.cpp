#include <gtest/gtest.h>

#include "http/rate_limiter.hpp"

using callsign::http::RateLimiter;
using namespace std::chrono_literals;

TEST(RateLimiter, AllowsABurstThenRefillsAtTheRate) {
  RateLimiter limiter(60);  // one per second, bursts of 60
  const auto t0 = RateLimiter::Clock::time_point{} + 1h;
  for (int i = 0; i < 60; ++i) EXPECT_TRUE(limiter.allow("1.2.3.4", t0)) << i;
  EXPECT_FALSE(limiter.allow("1.2.3.4", t0));
  EXPECT_FALSE(limiter.allow("1.2.3.4", t0 + 500ms));
  EXPECT_TRUE(limiter.allow("1.2.3.4", t0 + 1s));
  EXPECT_FALSE(limiter.allow("1.2.3.4", t0 + 1s));
  EXPECT_TRUE(limiter.allow("5.6.7.8", t0)) << "another key has its own bucket";
}

TEST(RateLimiter, ZeroMeansUnlimited) {
  RateLimiter limiter(0);
  for (int i = 0; i < 10000; ++i) ASSERT_TRUE(limiter.allow("k"));
}

TEST(RateLimiter, StaysBoundedUnderManyKeys) {
  RateLimiter limiter(10, /*max_keys=*/100);
  const auto t0 = RateLimiter::Clock::time_point{} + 1h;
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(limiter.allow("busy", t0));
  EXPECT_FALSE(limiter.allow("busy", t0));
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(limiter.allow("k" + std::to_string(i), t0));
}
