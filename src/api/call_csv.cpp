#include "api/call_csv.hpp"

#include <array>
#include <string_view>

#include "api/encoders.hpp"
#include "common/csv.hpp"

namespace callsign::api {
namespace {

// Column → where it sits in the call's JSON (API.md's call object), so the CSV never drifts from the JSON.
struct Column {
  std::string_view name;
  std::string_view pointer;
};

constexpr std::array kColumns{
    Column{"id", "/id"}, Column{"external_id", "/external_id"}, Column{"started_at", "/started_at"},
    Column{"answered_at", "/answered_at"}, Column{"ended_at", "/ended_at"},
    Column{"tracking_number", "/tracking_number"}, Column{"caller", "/caller"},
    Column{"caller_region", "/caller_region"}, Column{"caller_line_type", "/caller_line_type"},
    Column{"status", "/status"}, Column{"wait_seconds", "/wait_seconds"}, Column{"talk_seconds", "/talk_seconds"},
    Column{"operator", "/operator"}, Column{"attribution_method", "/attribution/method"},
    Column{"confidence", "/attribution/confidence"}, Column{"channel", "/attribution/channel"},
    Column{"source", "/attribution/source"}, Column{"medium", "/attribution/medium"},
    Column{"campaign", "/attribution/campaign"}, Column{"term", "/attribution/term"},
    Column{"landing_page", "/attribution/landing_page"}, Column{"target", "/flags/target"},
    Column{"unique", "/flags/unique"}, Column{"first_time", "/flags/first_time"},
    Column{"missed", "/flags/missed"}, Column{"off_hours", "/flags/off_hours"}, Column{"spam", "/flags/spam"},
    Column{"recording_url", "/recording_url"}};

}  // namespace

std::string calls_csv(const std::vector<domain::Call>& calls) {
  std::string out;
  for (std::size_t i = 0; i < kColumns.size(); ++i) out.append(i ? "," : "").append(kColumns[i].name);
  out += "\r\n";
  for (const auto& call : calls) {
    const auto json = encode_call(call);
    for (std::size_t i = 0; i < kColumns.size(); ++i) {
      const nlohmann::json::json_pointer pointer{std::string(kColumns[i].pointer)};
      out.append(i ? "," : "").append(json.contains(pointer) ? csv_cell(json.at(pointer)) : "");
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace callsign::api
