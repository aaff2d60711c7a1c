#pragma once
// The demo's business: Acme Tyres, a tyre shop in New York that advertises on the radio, on a billboard and on
// Google (Ads and its Business Profile), e-mails a newsletter and shows display ads. Every figure the demo
// invents lives here, so what the dashboard shows can be traced back to one page.
#include <array>
#include <string>
#include <string_view>

namespace callsign::app::demo_shop {

inline constexpr const char* kProjectName = "Acme Tyres (demo)";
inline constexpr const char* kSiteHost = "acme-tyres.example";
inline constexpr const char* kSiteNumber = "+12125550100";  // the number printed on the shop's site

// America/New_York, the shop's week (closed on Sundays and holidays); margin: a third of a deal is profit.
inline constexpr const char* kSettings = R"({
    "timezone": "America/New_York", "country": "US", "default_number": "+12125550100", "margin_percent": 35,
    "working_hours": {"mon": [["09:00", "18:00"]], "tue": [["09:00", "18:00"]], "wed": [["09:00", "18:00"]],
                      "thu": [["09:00", "18:00"]], "fri": [["09:00", "17:00"]], "sat": [["10:00", "14:00"]], "sun": []},
    "holidays": ["2026-12-25", "2027-01-01"]})";

// Static numbers, in the simulator's order of static numbers (sim::static_number(i): radio, billboard, listing).
// An offline channel is its own source with medium "offline"; cost_per_day is what the channel costs a day.
struct StaticLine {
  const char* number;
  const char* channel;
  const char* label;
  double cost_per_day;
};
inline constexpr std::array<StaticLine, 3> kStaticLines{{
    {"+12125550102", "radio", "Radio spot, morning show", 55},
    {"+12125550101", "billboard", "Billboard on I-95", 20},
    {"+12125550103", "google_business", "Google Business Profile", 0},
}};
inline constexpr const char* kOfflineMedium = "offline";

// The website's DNI pool: numbers +12125550110… stand in for the site's own number on every visit.
inline constexpr int kPoolSize = 10;
inline constexpr const char* kPoolName = "Website";
inline std::string pool_number(int i) { return "+121255501" + std::to_string(10 + i); }  // i < kPoolSize

// Who answers: the "Sales line" plan rings them in turn, voicemail when neither answers or the shop is closed.
struct Operator {
  const char* name;
  const char* phone;
};
inline constexpr std::array<Operator, 2> kOperators{{{"Dana", "+12125550201"}, {"Lee", "+12125550202"}}};
inline constexpr const char* kRoutingPlanName = "Sales line";

// Paid web channels as the ad systems bill them: (utm_source, utm_medium) as the simulator's visits carry them,
// and the spend a day (the same every day; weekends included).
struct PaidChannel {
  const char* source;
  const char* medium;
  double cost_per_day;
};
inline constexpr std::array<PaidChannel, 3> kPaidChannels{{
    {"google", "cpc", 45},
    {"adnetwork", "display", 12},
    {"newsletter", "email", 3},
}};

// Deals: a share of target calls become a CRM deal of one of these sizes (balancing, a fitting, a set of
// tyres, a premium set); most are won, some lost, a few refunded.
inline constexpr std::array<double, 4> kDealSizes{89, 180, 420, 760};
inline constexpr double kDealShare = 0.45;    // of target calls
inline constexpr double kLostShare = 0.15;    // of deals
inline constexpr double kRefundShare = 0.08;  // of deals

}  // namespace callsign::app::demo_shop
