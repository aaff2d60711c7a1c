#include "api/pool_advice_json.hpp"

#include <charconv>
#include <cmath>

#include "common/time.hpp"

namespace callsign::api {
namespace {

using nlohmann::json;

double share(double v) { return std::round(v * 1e4) / 1e4; }  // dividing: 0.147, not 0.14700000000000002
double tenths(double v) { return std::round(v * 10) / 10; }

}  // namespace

Result<double> parse_advice_target(std::string_view text) {
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc{} || ptr != end || !std::isfinite(value))
    return fail(Error::malformed("target must be a number, e.g. 0.95", "target"));
  if (value <= 0 || value >= 1)
    return fail(Error::invalid("target", "target must be a share of calls between 0 and 1 (exclusive), e.g. 0.95"));
  return value;
}

json encode_pool_advice(const std::string& pool_id, const sim::RecordedAdvice& r) {
  const sim::PoolAdvice& a = r.advice;
  json curve = json::array();
  for (const auto& p : a.curve)
    curve.push_back({{"pool_size", p.pool_size},
                     {"channel_accuracy", share(p.channel_level)},
                     {"call_accuracy", share(p.call_level)},
                     {"wrong", share(p.wrong)},
                     {"unattributed", share(p.unattributed)},
                     {"number_months", tenths(p.number_months)}});
  return {{"pool_id", pool_id},
          {"status", std::string(sim::to_string(a.status))},
          {"target", a.target},
          {"current_size", a.current_size},
          {"recommended_size", a.recommended_size ? json(*a.recommended_size) : json(nullptr)},
          {"from", format_rfc3339(r.from)},
          {"to", format_rfc3339(r.to)},
          {"days", a.days},
          {"hold_seconds", r.hold_seconds},
          {"sessions", a.sessions},
          {"calls", a.calls},
          {"excluded_calls", r.excluded_calls},
          {"min_sessions", sim::kMinAdviceSessions},
          {"min_calls", sim::kMinAdviceCalls},
          {"curve", std::move(curve)}};
}

}  // namespace callsign::api
