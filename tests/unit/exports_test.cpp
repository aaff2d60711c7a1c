// Offline-conversion CSV files against their golden files (tests/golden/exports/).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "domain/local_days.hpp"
#include "integrations/exports.hpp"

namespace callsign {
namespace {

using namespace std::chrono_literals;

std::string golden(const std::string& name) {
  std::ifstream in(std::string(CALLSIGN_GOLDEN_DIR) + "/exports/" + name);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

integrations::ExportedCall exported(const char* start, int wait, std::optional<int> talk, bool target) {
  integrations::ExportedCall e;
  auto& c = e.call;
  c.started_at = *parse_rfc3339(start);
  if (talk) {
    c.answered_at = c.started_at + std::chrono::seconds(wait);
    c.ended_at = *c.answered_at + std::chrono::seconds(*talk);
    c.flags.answered = true;
  } else {
    c.ended_at = c.started_at + std::chrono::seconds(wait);
    c.flags.missed = true;
  }
  c.flags.target = target;
  c.attribution.method = domain::AttributionMethod::session;
  return e;
}

std::vector<integrations::ExportedCall> fixture() {
  std::vector<integrations::ExportedCall> calls;
  // winter, target, gclid and yclid, first-time
  calls.push_back(exported("2026-01-15T14:30:00Z", 5, 95, true));
  calls.back().call.attribution.gclid = "Cj0KCQ-first";
  calls.back().call.flags.first_time = true;
  calls.back().yclid = "5738291045";
  // summer, missed, yclid only: not in Google Ads
  calls.push_back(exported("2026-07-01T18:00:05Z", 25, std::nullopt, false));
  calls.back().yclid = "5738291046";
  // summer, static number, target, gclid, a won deal
  calls.push_back(exported("2026-07-01T18:00:05Z", 3, 120, true));
  calls.back().call.attribution.method = domain::AttributionMethod::static_number;
  calls.back().call.attribution.gclid = "Cj0KCQ-summer";
  calls.back().yclid = "5738291047";
  calls.back().value = 1250.5;
  // answered but not target, with a gclid: not a conversion; no yclid: not in Metrica
  calls.push_back(exported("2026-07-02T10:00:00Z", 2, 10, false));
  calls.back().call.attribution.gclid = "Cj0KCQ-short";
  return calls;
}

TEST(Exports, GoogleAdsConversionsMatchTheGoldenFile) {
  const auto* zone = domain::find_zone("America/New_York");
  ASSERT_NE(zone, nullptr);
  EXPECT_EQ(integrations::google_ads_conversions_csv(fixture(), "Phone call, 60 s", *zone, "USD"),
            golden("google_ads_conversions.csv"));
}

TEST(Exports, YandexMetricaCallsMatchTheGoldenFile) {
  EXPECT_EQ(integrations::yandex_metrica_calls_csv(fixture(), "USD"), golden("yandex_metrica_calls.csv"));
}

TEST(Exports, HeadersAreTheDocumentedColumnSets) {
  const auto* zone = domain::find_zone("UTC");
  ASSERT_NE(zone, nullptr);
  EXPECT_EQ(integrations::google_ads_conversions_csv({}, "Calls", *zone, "EUR"),
            "Parameters:TimeZone=UTC\n"
            "Google Click ID,Conversion Name,Conversion Time,Conversion Value,Conversion Currency\n");
  EXPECT_EQ(integrations::yandex_metrica_calls_csv({}, "RUB"),
            "Yclid,DateTime,StaticCall,TalkDuration,HoldDuration,CallMissed,FirstTimeCaller,Tag,Price,Currency\n");
}

}  // namespace
}  // namespace callsign
