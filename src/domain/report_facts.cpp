#include "domain/report_facts.hpp"

namespace callsign::domain {
namespace {

constexpr std::array<std::string_view, 11> kDimensionNames{
    "channel", "source", "medium", "campaign", "term", "landing_page", "tracking_number", "operator",
    "date",    "hour",   "weekday"};

}  // namespace

std::string_view to_string(ReportDimension d) { return kDimensionNames[static_cast<std::size_t>(d)]; }

std::optional<ReportDimension> report_dimension_from_string(std::string_view name) {
  for (std::size_t i = 0; i < kDimensionNames.size(); ++i)
    if (kDimensionNames[i] == name) return static_cast<ReportDimension>(i);
  return std::nullopt;
}

}  // namespace callsign::domain
