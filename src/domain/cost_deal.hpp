#pragma once
// Money the marketer feeds in: ad costs per day and campaign (from ad systems without an integration), and CRM
// deals linked to the calls that brought them (API.md "Costs and deals"). Amounts are in the project's currency.
#include <optional>
#include <string>
#include <string_view>

#include "common/time.hpp"

namespace callsign::domain {

// One day's spend on one (source, medium, campaign, term); the key is unique per project. Empty strings stand for
// "not given" (a cost for a whole source, or a campaign without keywords).
struct CostEntry {
  std::string project_id;
  std::string date;  // "YYYY-MM-DD", a day in the project's timezone
  std::string source, medium, campaign, term;
  double amount = 0;
  friend bool operator==(const CostEntry&, const CostEntry&) = default;
};

enum class DealStatus { open, won, lost, refunded };
std::string_view to_string(DealStatus);
std::optional<DealStatus> deal_status_from_string(std::string_view);

struct Deal {
  std::string id;  // "deal_…"
  std::string project_id;
  std::string external_id;             // the CRM's id; (project_id, external_id) is unique
  std::optional<std::string> call_id;  // the call it came from; nullopt when no call could be linked
  std::optional<std::string> caller;   // E.164, when the CRM named the caller instead of the call
  Timestamp created_at{};
  double amount = 0;
  std::optional<double> profit;  // when the CRM knows it; else amount × the project's margin_percent
  DealStatus status = DealStatus::open;
  Timestamp updated_at{};
  friend bool operator==(const Deal&, const Deal&) = default;
};

// A won deal with the start of the call it is linked to: reports and exports place a deal in the range of its call.
struct WonDeal {
  Deal deal;
  Timestamp call_started_at{};
};

// What a won deal earns: its own profit when given, else amount × margin_percent / 100. Lost, refunded and open
// deals earn nothing (0).
double deal_profit(const Deal& deal, double margin_percent);

}  // namespace callsign::domain
