#pragma once
// Offline-conversion files for ad systems, from calls (docs/integrations.md cites the formats followed):
//   * Google Ads "offline conversions" CSV: target calls with a gclid;
//   * Yandex Metrica "calls upload" CSV: calls whose visit came from a Yandex Direct click (yclid).
// Pure: the caller selects the calls of the range; these only filter and format them.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/call.hpp"

namespace date {
class time_zone;
}

namespace callsign::integrations {

struct ExportedCall {
  domain::Call call;
  std::optional<std::string> yclid;  // of the session the call is attributed to
  std::optional<double> value;       // revenue of the call's won deals, when any
};

// "Parameters:TimeZone=<timezone>", then "Google Click ID,Conversion Name,Conversion Time,Conversion Value,
// Conversion Currency", then one row per target call with a gclid, in the order given. Conversion Time is the call's
// start in `zone` as "yyyy-mm-dd hh:mm:ss+hh:mm"; Conversion Value is the call's `value` (empty when unknown).
std::string google_ads_conversions_csv(const std::vector<ExportedCall>& calls, std::string_view conversion_name,
                                       const date::time_zone& zone, std::string_view currency);

// "Yclid,DateTime,StaticCall,TalkDuration,HoldDuration,CallMissed,FirstTimeCaller,Tag,Price,Currency", then one
// row per call with a yclid: DateTime in Unix seconds (UTC), durations in seconds, flags as 1/0, Tag "target" for
// target calls, Price the call's value (empty, and no currency, when unknown).
std::string yandex_metrica_calls_csv(const std::vector<ExportedCall>& calls, std::string_view currency);

}  // namespace callsign::integrations
