// PoolAllocator micro-benchmarks: the in-memory part of POST /v1/sessions and of pings (DESIGN.md §4).
// Target: > 1 million new-session allocations per second on one core. items_per_second is the figure.
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "common/time.hpp"
#include "domain/lease.hpp"
#include "domain/pool_allocator.hpp"

namespace {

using callsign::Timestamp;
using callsign::domain::LeaseEvent;
using callsign::domain::PoolAllocator;
using callsign::domain::PoolPolicy;
using callsign::domain::WhenExhausted;
using std::chrono::milliseconds;

const Timestamp kStart = callsign::from_unix_ms(1'772'960'400'000);

std::vector<std::string> pool_numbers(std::int64_t n) {
  std::vector<std::string> out;
  for (std::int64_t i = 0; i < n; ++i) out.push_back("+1415" + std::to_string(5000000 + i));
  return out;
}

// Session ids shaped like real ones ("ses_" + 22 characters: past the small-string buffer). A ring far larger
// than the pool, so an id comes round again only long after its lease has ended and its number moved on.
const std::vector<std::string>& session_ids() {
  static const std::vector<std::string> ids = [] {
    std::vector<std::string> out;
    std::uint64_t x = 0x9E3779B97F4A7C15ull;
    for (int i = 0; i < (1 << 16); ++i) {
      std::string id = "ses_";
      for (int c = 0; c < 22; ++c) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        id.push_back("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"[x % 62]);
      }
      out.push_back(std::move(id));
    }
    return out;
  }();
  return ids;
}

PoolAllocator make(std::int64_t size, milliseconds hold, WhenExhausted when) {
  return PoolAllocator::create(pool_numbers(size), PoolPolicy{hold, when}).value();
}

// The headline: a new session per call, the clock advancing 1 ms per allocation and expire() run as it
// advances. With a 150 ms hold about 150 numbers are live, so every allocation takes a free number and,
// in steady state, ends one lease (two events per allocation).
void BM_AllocateNewSessions(benchmark::State& state) {
  const auto& ids = session_ids();
  auto pool = make(state.range(0), milliseconds{150}, WhenExhausted::default_number);
  std::vector<LeaseEvent> events;
  events.reserve(64);
  Timestamp now = kStart;
  std::size_t i = 0;
  for (auto _ : state) {
    now += milliseconds{1};
    events.clear();
    pool.expire(now, events);
    auto a = pool.allocate(ids[i++ & 0xFFFF], now, events);
    benchmark::DoNotOptimize(a);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["in_use"] = static_cast<double>(pool.in_use(now));
  state.counters["exhausted"] = static_cast<double>(pool.stats(now).exhausted_total);
}
BENCHMARK(BM_AllocateNewSessions)->Arg(200)->Arg(10'000);

// Overloaded pool, reuse_oldest: every allocation is a handover (evicted + started events).
void BM_AllocateHandover(benchmark::State& state) {
  const auto& ids = session_ids();
  auto pool = make(state.range(0), std::chrono::hours{1}, WhenExhausted::reuse_oldest);
  std::vector<LeaseEvent> events;
  events.reserve(64);
  Timestamp now = kStart;
  std::size_t i = 0;
  for (auto _ : state) {
    now += milliseconds{1};
    events.clear();
    auto a = pool.allocate(ids[i++ & 0xFFFF], now, events);
    benchmark::DoNotOptimize(a);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AllocateHandover)->Arg(200);

// Overloaded pool, default_number: the refusal path.
void BM_AllocateExhausted(benchmark::State& state) {
  const auto& ids = session_ids();
  auto pool = make(200, std::chrono::hours{1}, WhenExhausted::default_number);
  std::vector<LeaseEvent> events;
  Timestamp now = kStart;
  for (std::size_t i = 0; i < 200; ++i) (void)pool.allocate(ids[i], now, events);
  std::size_t i = 200;
  for (auto _ : state) {
    now += milliseconds{1};
    events.clear();
    auto a = pool.allocate(ids[i++ & 0xFFFF], now, events);
    benchmark::DoNotOptimize(a);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AllocateExhausted);

// Pings and repeat page views of live sessions: touch() and allocate() of a session that holds a number.
void BM_TouchLive(benchmark::State& state) {
  const auto& ids = session_ids();
  auto pool = make(200, std::chrono::hours{1}, WhenExhausted::default_number);
  std::vector<LeaseEvent> events;
  events.reserve(64);
  Timestamp now = kStart;
  for (std::size_t i = 0; i < 200; ++i) (void)pool.allocate(ids[i], now, events);
  std::size_t i = 0;
  for (auto _ : state) {
    now += milliseconds{1};
    events.clear();
    benchmark::DoNotOptimize(pool.touch(ids[i], now, events));
    i = i + 1 == 200 ? 0 : i + 1;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TouchLive);

void BM_AllocateLiveSession(benchmark::State& state) {
  const auto& ids = session_ids();
  auto pool = make(200, std::chrono::hours{1}, WhenExhausted::default_number);
  std::vector<LeaseEvent> events;
  events.reserve(64);
  Timestamp now = kStart;
  for (std::size_t i = 0; i < 200; ++i) (void)pool.allocate(ids[i], now, events);
  std::size_t i = 0;
  for (auto _ : state) {
    now += milliseconds{1};
    events.clear();
    auto a = pool.allocate(ids[i], now, events);
    benchmark::DoNotOptimize(a);
    i = i + 1 == 200 ? 0 : i + 1;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AllocateLiveSession);

}  // namespace
