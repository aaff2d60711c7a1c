#pragma once
// Where a website visit came from: channel, source, medium, campaign and click ids, read from the page URL
// (utm_*, gclid, msclkid, yclid, fbclid) and the referrer, as API.md "Visitor sessions (DNI)" lays out.
// Pure: no clock, no I/O. docs/traffic-sources.md has the rules as a table; tests/golden/traffic_source pins them.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace callsign::domain {

enum class TrafficChannel {
  paid_search,  // gclid / msclkid / yclid, or a paid utm_medium (cpc, ppc, paid…) outside social networks
  paid_social,  // a paid utm_medium on a social network (utm_source, fbclid, referrer) or utm_medium paid_social
  organic,      // a search engine's referrer (or utm_source naming one, or utm_medium organic), no click id
  social,       // a social network's referrer, fbclid without a paid medium, or utm_medium social
  referral,     // any other site's referrer, or utm_medium referral
  email,        // utm_medium email / e-mail / newsletter, or a webmail referrer
  display,      // utm_medium display / banner / cpm / interstitial / expandable
  other,        // tagged (utm_medium or utm_source) with nothing above recognising it: "qr", "sms", "affiliate"
  direct,       // nothing: no tags, no click id, no referrer (or only the site's own pages as referrer)
};
std::string_view to_string(TrafficChannel);  // "paid_search", "paid_social", …, the names above
std::optional<TrafficChannel> traffic_channel_from_string(std::string_view);  // the reverse; nullopt if unknown

// Every text field is valid UTF-8 without control characters, trimmed, and at most kMaxTrafficField bytes.
inline constexpr std::size_t kMaxTrafficField = 500;

struct TrafficSource {
  TrafficChannel channel = TrafficChannel::direct;
  std::string source;  // lowercase (ASCII): utm_source, else derived ("google", "facebook", "example.org");
                       // "(direct)" for direct, "(not set)" when tagged without a source and nothing to derive from
  std::string medium;  // lowercase (ASCII): utm_medium, else derived ("cpc", "organic", "social", "referral",
                       // "email"); "(none)" for direct, "(not set)" for `other` without a utm_medium
  std::optional<std::string> campaign, term, content;  // utm_campaign / utm_term / utm_content, decoded, case kept
  std::optional<std::string> gclid, msclkid, yclid, fbclid;  // as given (decoded); absent when empty
  std::string landing_page;  // page_url without query and fragment: "https://example.com/pricing"
  friend bool operator==(const TrafficSource&, const TrafficSource&) = default;
};

// Reads the traffic source of a visit. Never fails and never throws: junk, empty or huge input gives a
// result (at worst `direct`), never an error.
// `page_url`: the landing page as the browser had it (location.href), with its query string.
// `referrer`: document.referrer; "" when none. Only http(s) and android-app:// referrers count.
// `site_host`: the site's own host ("example.com"); a referrer from it or any of its subdomains, or from the
//              page_url's own host ("www." ignored), is navigation inside the site and counts as no referrer.
// Query keys are case-insensitive; for a repeated key the first non-empty value wins. The fragment is ignored.
TrafficSource read_traffic_source(std::string_view page_url, std::string_view referrer,
                                  std::string_view site_host = {});

// The click id to report for `source`: the first present of gclid, msclkid, yclid, fbclid, as
// {"gclid", value}; nullopt when none. The views point into `source`.
std::optional<std::pair<std::string_view, std::string_view>> primary_click_id(const TrafficSource& source);

}  // namespace callsign::domain
