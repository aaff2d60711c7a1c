#include "domain/call_delay.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace callsign::domain {
namespace {

constexpr double kSoonShare = 2.0 / 3;
constexpr double kSoonMeanSeconds = 8 * 60;
constexpr double kLateMedianSeconds = 6 * 3600;
constexpr double kLateSigma = 1.2;

double exponential_density(double x, double mean) { return std::exp(-x / mean) / mean; }

double log_normal_density(double x, double median, double sigma) {
  if (x <= 0) return 0;
  const double z = (std::log(x) - std::log(median)) / sigma;
  return std::exp(-0.5 * z * z) / (x * sigma * std::sqrt(2 * std::numbers::pi));
}

}  // namespace

double call_likelihood(std::chrono::milliseconds since_last_seen) {
  const double x = std::max(0.0, std::chrono::duration<double>(since_last_seen).count());
  return kSoonShare * exponential_density(x, kSoonMeanSeconds) +
         (1 - kSoonShare) * log_normal_density(std::max(x, 1.0), kLateMedianSeconds, kLateSigma);
}

double holder_share(const std::string& visitor, Timestamp call_start, const std::vector<LeaseRecord>& leases) {
  double theirs = 0, everyone = 0;
  for (const LeaseRecord& lease : leases) {
    const double w = call_likelihood(std::chrono::duration_cast<std::chrono::milliseconds>(call_start - lease.last_seen));
    everyone += w;
    if (lease.visitor_id == visitor) theirs += w;
  }
  if (everyone <= theirs) return 1;  // nobody else held the number lately (or none of them counts)
  return theirs / everyone;
}

}  // namespace callsign::domain
