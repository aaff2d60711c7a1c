#include "reports/attribution_model.hpp"

#include <array>
#include <cmath>
#include <numeric>
#include <utility>

namespace callsign::reports {
namespace {

constexpr std::array<std::pair<AttributionModel, std::string_view>, 6> kNames{{
    {AttributionModel::last_click, "last_click"},
    {AttributionModel::first_click, "first_click"},
    {AttributionModel::last_non_direct, "last_non_direct"},
    {AttributionModel::linear, "linear"},
    {AttributionModel::time_decay, "time_decay"},
    {AttributionModel::position_based, "position_based"},
}};

constexpr double kPositionEnds = 0.4;  // first and last touch each, when there are three or more

}  // namespace

std::string_view to_string(AttributionModel model) {
  for (const auto& [m, name] : kNames)
    if (m == model) return name;
  return "last_click";
}

std::optional<AttributionModel> attribution_model_from_string(std::string_view name) {
  for (const auto& [m, n] : kNames)
    if (n == name) return m;
  return std::nullopt;
}

std::vector<double> touch_credit(AttributionModel model, const std::vector<domain::SessionTouch>& touches,
                                 Timestamp call_time, double half_life_days) {
  const std::size_t n = touches.size();
  std::vector<double> credit(n, 0.0);
  if (n == 0) return credit;
  switch (model) {
    case AttributionModel::last_click:
      credit.back() = 1;
      break;
    case AttributionModel::first_click:
      credit.front() = 1;
      break;
    case AttributionModel::last_non_direct: {
      std::size_t chosen = n - 1;
      for (std::size_t i = n; i-- > 0;)
        if (touches[i].values[static_cast<std::size_t>(domain::ReportDimension::channel)] != "direct") {
          chosen = i;
          break;
        }
      credit[chosen] = 1;
      break;
    }
    case AttributionModel::linear:
      for (auto& c : credit) c = 1.0 / static_cast<double>(n);
      break;
    case AttributionModel::time_decay: {
      const double half_life_ms = half_life_days * 86'400'000.0;
      for (std::size_t i = 0; i < n; ++i) {
        const double age = static_cast<double>(to_unix_ms(call_time) - to_unix_ms(touches[i].started_at));
        credit[i] = std::exp2(-std::max(age, 0.0) / half_life_ms);
      }
      const double sum = std::accumulate(credit.begin(), credit.end(), 0.0);
      for (auto& c : credit) c /= sum;
      break;
    }
    case AttributionModel::position_based:
      if (n == 1) {
        credit[0] = 1;
      } else if (n == 2) {
        credit[0] = credit[1] = 0.5;
      } else {
        credit.front() = credit.back() = kPositionEnds;
        for (std::size_t i = 1; i + 1 < n; ++i) credit[i] = (1 - 2 * kPositionEnds) / static_cast<double>(n - 2);
      }
      break;
  }
  return credit;
}

}  // namespace callsign::reports
