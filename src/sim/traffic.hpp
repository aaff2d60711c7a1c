#pragma once
// Simulated traffic with ground truth: visits to a site (arrivals as a non-homogeneous Poisson process over a
// diurnal and weekly curve) and the calls they lead to, plus calls to static numbers and robocalls.
// Pure and seeded: the same parameters and start give the same traffic. docs/simulator.md describes the model.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/time.hpp"
#include "sim/sim_params.hpp"

namespace callsign::sim {

struct SimSession {
  Timestamp start{};
  Timestamp end{};              // the visitor's last moment on the site
  std::uint32_t visitor = 0;    // visitor index; a returning visitor keeps theirs
  SimChannel channel = SimChannel::direct;
  std::uint16_t campaign = 0;   // index into the campaign / keyword lists (paid search, email, display)
  std::uint16_t keyword = 0;
  bool bot = false;
  bool bounce = false;
  bool returning = false;
};

enum class CallKind {
  web,            // a visitor dials the number their session was shown
  repeat,         // the same caller dials that number again later (same true session)
  static_number,  // a caller dials a static number (radio, billboard, listing)
  spam,           // a robocall to any tracking number
};

struct SimCall {
  Timestamp start{};
  CallKind kind = CallKind::web;
  std::int32_t session = -1;   // web, repeat: the session that truly led to the call (its number is dialled)
  std::uint32_t caller = 0;    // caller index (caller_phone()); a visitor calls from one phone
  std::uint32_t target = 0;    // static_number: which static number; spam: any number (modulo at replay)
  bool spam_to_pool = false;   // spam: dials a pool number rather than a static one
  bool blocked = false;        // spam: the caller is on the project's blocklist
  std::optional<Timestamp> tel_click;  // web: the session tapped the tel: link at this time
  std::optional<Timestamp> answered_at;
  Timestamp ended_at{};
};

struct Traffic {
  SimParams params;
  Timestamp start{};  // the first instant simulated; the run covers [start, start + days)
  std::vector<SimSession> sessions;  // by start
  std::vector<SimCall> calls;        // by start, within the run
  std::uint32_t visitors = 0;
  Timestamp end() const { return start + std::chrono::days{params.days}; }
};

// The number of static numbers every simulated project has (radio, billboard, Google Business Profile).
inline constexpr std::uint32_t kStaticNumbers = 3;

// Generates the traffic of `params.days` days from `start` (best a Monday 00:00 UTC) with `params.seed`.
Traffic generate_traffic(const SimParams& params, Timestamp start);

// The relative arrival rate at `t` (mean 1 over a week): diurnal × weekly, both normalised.
double arrival_rate_factor(const SimParams& params, Timestamp t);

// What the visit's browser sends: the page URL (utm_*, gclid), the referrer ("" when none) and the user agent.
struct VisitRequest {
  std::string page_url;
  std::string referrer;
  std::string user_agent;
};
VisitRequest visit_request(const SimSession& session);
inline constexpr const char* kSimSiteHost = "tyres.example";

// Phone numbers (E.164, valid US numbers) of simulated callers and tracking numbers.
std::string caller_phone(std::uint32_t caller);
std::string pool_number(std::uint32_t index);
std::string static_number(std::uint32_t index);
inline constexpr const char* kSiteNumber = "+12125550100";  // the site's own number (default_number)

}  // namespace callsign::sim
