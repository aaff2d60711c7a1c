#include "sim/sim_params.hpp"

#include <cmath>
#include <functional>
#include <map>
#include <string>

#include <toml++/toml.h>

namespace callsign::sim {

std::string_view to_string(SimChannel c) {
  switch (c) {
    case SimChannel::paid_search: return "paid_search";
    case SimChannel::organic: return "organic";
    case SimChannel::social: return "social";
    case SimChannel::referral: return "referral";
    case SimChannel::direct: return "direct";
    case SimChannel::email: return "email";
    case SimChannel::display: return "display";
  }
  return "direct";
}

namespace {

Error bad(std::string_view key, std::string_view why) {
  return Error::invalid(std::string(key), "Simulator parameter \"" + std::string(key) + "\" " + std::string(why));
}

// A number in [lo, hi] (integers are accepted where a float is expected).
Result<double> number_in(const toml::node& node, std::string_view key, double lo, double hi) {
  std::optional<double> v;
  if (auto f = node.value<double>()) v = *f;
  if (!v) return fail(bad(key, "must be a number."));
  if (!std::isfinite(*v) || *v < lo || *v > hi)
    return fail(bad(key, "must be from " + std::to_string(lo) + " to " + std::to_string(hi) + "."));
  return *v;
}

template <std::size_t N>
Result<void> array_of(const toml::node& node, std::string_view key, std::array<double, N>& out) {
  const auto* arr = node.as_array();
  if (!arr || arr->size() != N) return fail(bad(key, "must be an array of " + std::to_string(N) + " numbers."));
  double sum = 0;
  for (std::size_t i = 0; i < N; ++i) {
    auto v = number_in((*arr)[i], key, 0, 1e6);
    if (!v) return fail(v.error());
    out[i] = *v;
    sum += *v;
  }
  if (sum <= 0) return fail(bad(key, "must not be all zero."));
  return {};
}

}  // namespace

Result<SimParams> parse_sim_params(std::string_view text) {
  toml::table table;
  try {
    table = toml::parse(text);
  } catch (const toml::parse_error& e) {
    return fail(Error::invalid("toml", std::string("The simulator parameters are not valid TOML: ") +
                                           std::string(e.description())));
  }
  SimParams p;
  using Setter = std::function<Result<void>(const toml::node&, std::string_view)>;
  auto real = [](double& field, double lo, double hi) -> Setter {
    return [&field, lo, hi](const toml::node& n, std::string_view key) -> Result<void> {
      auto v = number_in(n, key, lo, hi);
      if (!v) return fail(v.error());
      field = *v;
      return {};
    };
  };
  auto whole = [](auto& field, double lo, double hi) -> Setter {
    return [&field, lo, hi](const toml::node& n, std::string_view key) -> Result<void> {
      auto i = n.value<std::int64_t>();
      if (!n.is_integer() || !i || *i < lo || *i > hi)
        return fail(bad(key, "must be a whole number from " + std::to_string(static_cast<long long>(lo)) + " to " +
                                 std::to_string(static_cast<long long>(hi)) + "."));
      field = static_cast<std::remove_reference_t<decltype(field)>>(*i);
      return {};
    };
  };
  const std::map<std::string, Setter, std::less<>> setters{
      {"seed", whole(p.seed, 0, 9e15)},
      {"days", whole(p.days, 1, 366)},
      {"sessions_per_day", real(p.sessions_per_day, 0, 1e7)},
      {"diurnal", [&](const toml::node& n, std::string_view k) { return array_of(n, k, p.diurnal); }},
      {"weekend_factor", real(p.weekend_factor, 0, 10)},
      {"channel_shares", [&](const toml::node& n, std::string_view k) { return array_of(n, k, p.channel_shares); }},
      {"bounce_share", real(p.bounce_share, 0, 1)},
      {"bounce_max_seconds", real(p.bounce_max_seconds, 1, 600)},
      {"session_median_seconds", real(p.session_median_seconds, 1, 86400)},
      {"session_sigma", real(p.session_sigma, 0, 5)},
      {"returning_share", real(p.returning_share, 0, 1)},
      {"bot_share", real(p.bot_share, 0, 1)},
      {"call_rate_bounce", real(p.call_rate_bounce, 0, 1)},
      {"call_rate_engaged", real(p.call_rate_engaged, 0, 1)},
      {"call_during_share", real(p.call_during_share, 0, 1)},
      {"call_soon_share", real(p.call_soon_share, 0, 1)},
      {"call_soon_mean_minutes", real(p.call_soon_mean_minutes, 0.01, 10000)},
      {"call_late_median_hours", real(p.call_late_median_hours, 0.01, 10000)},
      {"call_late_sigma", real(p.call_late_sigma, 0, 5)},
      {"tel_click_share", real(p.tel_click_share, 0, 1)},
      {"repeat_share", real(p.repeat_share, 0, 1)},
      {"repeat_median_hours", real(p.repeat_median_hours, 0.01, 10000)},
      {"static_calls_per_day", real(p.static_calls_per_day, 0, 1e6)},
      {"spam_calls_per_day", real(p.spam_calls_per_day, 0, 1e6)},
      {"spam_blocked_share", real(p.spam_blocked_share, 0, 1)},
      {"answer_rate", real(p.answer_rate, 0, 1)},
      {"talk_median_seconds", real(p.talk_median_seconds, 1, 86400)},
      {"hold_seconds", whole(p.hold_seconds, 10, 604800)},
  };
  for (const auto& [key, node] : table) {
    const auto it = setters.find(key.str());
    if (it == setters.end()) return fail(bad(key.str(), "is not a simulator parameter."));
    if (auto r = it->second(node, key.str()); !r) return fail(r.error());
  }
  if (p.call_during_share + p.call_soon_share > 1.0 + 1e-9)
    return fail(bad("call_soon_share", "plus call_during_share must not exceed 1."));
  return p;
}

}  // namespace callsign::sim
