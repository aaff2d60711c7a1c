#include "domain/cost_deal.hpp"

#include <array>
#include <utility>

namespace callsign::domain {
namespace {

constexpr std::array<std::pair<DealStatus, std::string_view>, 4> kStatusNames{{
    {DealStatus::open, "open"},
    {DealStatus::won, "won"},
    {DealStatus::lost, "lost"},
    {DealStatus::refunded, "refunded"},
}};

}  // namespace

std::string_view to_string(DealStatus status) {
  for (const auto& [s, name] : kStatusNames)
    if (s == status) return name;
  return "open";
}

std::optional<DealStatus> deal_status_from_string(std::string_view name) {
  for (const auto& [s, n] : kStatusNames)
    if (n == name) return s;
  return std::nullopt;
}

double deal_profit(const Deal& deal, double margin_percent) {
  if (deal.status != DealStatus::won) return 0;
  return deal.profit ? *deal.profit : deal.amount * margin_percent / 100.0;
}

}  // namespace callsign::domain
