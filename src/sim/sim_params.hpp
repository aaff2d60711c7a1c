#pragma once
// The simulator's parameters: the shape of a site's traffic and of its callers (docs/simulator.md). Every
// field has a realistic default; a TOML file overrides any of them (bench/workloads/*.toml).
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace callsign::sim {

// The channels a simulated visit comes from. Each maps to the page URL / referrer that the real traffic
// source reader turns into the channel of the same name.
enum class SimChannel { paid_search, organic, social, referral, direct, email, display };
inline constexpr std::size_t kSimChannels = 7;
std::string_view to_string(SimChannel);  // "paid_search", … — the names of domain::TrafficChannel

struct SimParams {
  std::uint64_t seed = 1;
  int days = 7;
  double sessions_per_day = 2000;  // mean over the whole week, bots included
  // Relative arrival rate per hour of the day (0 = midnight to 1 am, site's local time = UTC in the
  // simulation); normalised to mean 1. Default: night ≈ 0.1×, working-hours peak ≈ 2×.
  std::array<double, 24> diurnal{0.1, 0.1, 0.1, 0.1, 0.1, 0.15, 0.3, 0.6, 1.2, 1.8, 2.0, 2.0,
                                 1.9, 2.0, 2.0, 2.0, 1.9, 1.7, 1.4, 1.2, 1.0, 0.7, 0.4, 0.2};
  double weekend_factor = 0.5;  // Saturday and Sunday rate relative to a weekday
  // Share of (human) sessions per channel, in SimChannel order; normalised.
  std::array<double, kSimChannels> channel_shares{0.35, 0.25, 0.10, 0.07, 0.15, 0.04, 0.04};
  double bounce_share = 0.40;            // sessions shorter than bounce_max_seconds
  double bounce_max_seconds = 10;
  double session_median_seconds = 90;    // the others: log-normal
  double session_sigma = 1.0;            // of the log-normal (natural log)
  double returning_share = 0.25;         // sessions of a visitor seen before
  double bot_share = 0.05;               // automated visits (never get a number, never call)
  // Probability that a session leads to a call: bounces rarely, engaged visits more (0.5–3 % overall).
  double call_rate_bounce = 0.003;
  double call_rate_engaged = 0.025;
  // When the call comes: during the session, soon after (exponential), or hours/days later (log-normal).
  double call_during_share = 0.5;
  double call_soon_share = 0.33;
  double call_soon_mean_minutes = 8;
  double call_late_median_hours = 6;
  double call_late_sigma = 1.2;
  double tel_click_share = 0.4;  // calls during the session dialled by tapping the tel: link
  double repeat_share = 0.2;     // callers who call the same number again
  double repeat_median_hours = 48;
  double static_calls_per_day = 6;  // calls to static numbers (radio, billboard, listings)
  double spam_calls_per_day = 2;    // robocalls to any tracking number
  double spam_blocked_share = 0.5;  // robocallers already on the project's blocklist
  double answer_rate = 0.85;
  double talk_median_seconds = 100;
  int hold_seconds = 900;  // the pool's hold
};

// Reads `toml` over the defaults. Unknown keys are errors (a typo must not silently keep a default).
// Errors: Error{invalid, field} naming the key, for a bad value, a wrong type, an unknown key or bad TOML.
Result<SimParams> parse_sim_params(std::string_view toml);

}  // namespace callsign::sim
