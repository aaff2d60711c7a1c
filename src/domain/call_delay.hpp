#pragma once
// When visitors call after seeing a number: the shape Callsign assumes when several visitors were shown the
// same pool number and it must weigh which of them is calling (docs/attribution.md, "Weighing the number's
// recent holders"). Of the visitors who call after leaving the site, two thirds call within minutes
// (exponential, mean 8 minutes) and a third hours or days later (log-normal, median 6 hours, σ 1.2) —
// the same shape the simulator generates (docs/simulator.md), so the accuracy benchmark measures the rule
// against the traffic it was made for; the pool advisor replays a project's own traffic.
#include <chrono>
#include <string>
#include <vector>

#include "common/time.hpp"
#include "domain/visitor_session.hpp"

namespace callsign::domain {

// The relative likelihood (a density per second; only ratios mean anything) that a visit whose visitor was
// last seen `since_last_seen` before a call is the one that led to it. A negative duration counts as zero.
double call_likelihood(std::chrono::milliseconds since_last_seen);

// How far back a number's holders are weighed: past this, a visit's share of late calls is negligible.
inline constexpr std::chrono::hours kRecentHoldersWindow{72};
// … and at most this many of its latest leases (a number busier than that: the latest decide).
inline constexpr std::size_t kRecentHoldersLimit = 500;

// `visitor`'s share of the likelihood that a call at `call_start` came from one of the visitors who held the
// number in `leases` (the number's leases started in the kRecentHoldersWindow before the call): their leases'
// likelihood over everyone's: 0 when `visitor` held none of them and others did, 1 when nobody else did.
double holder_share(const std::string& visitor, Timestamp call_start, const std::vector<LeaseRecord>& leases);

}  // namespace callsign::domain
