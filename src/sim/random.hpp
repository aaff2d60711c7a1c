#pragma once
// The simulator's random source: a seeded 64-bit Mersenne Twister with its own transforms, so a seed gives the
// same run on every standard library (std::*_distribution are implementation-defined).
#include <cmath>
#include <cstdint>
#include <random>

namespace callsign::sim {

class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }  // [0, 1)
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : engine_() % n; }  // [0, n)
  bool chance(double p) { return uniform() < p; }
  double exponential(double mean) { return -mean * std::log1p(-uniform()); }
  double normal() {  // Box–Muller; one value per call keeps the stream simple to reason about
    const double u1 = 1.0 - uniform();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  double log_normal(double median, double sigma) { return median * std::exp(sigma * normal()); }

 private:
  std::mt19937_64 engine_;
};

}  // namespace callsign::sim
