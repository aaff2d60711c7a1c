#include "domain/traffic_source.hpp"

#include <algorithm>
#include <array>

#include "domain/url_parts.hpp"

namespace callsign::domain {
namespace {

// ------------------------------------------------------------------------------------------------- hosts

std::string_view strip_www(std::string_view host) { return host.starts_with("www.") ? host.substr(4) : host; }

// `host` is `domain` or one of its subdomains.
bool within(std::string_view host, std::string_view domain) {
  return host == domain ||
         (host.size() > domain.size() && host.ends_with(domain) && host[host.size() - domain.size() - 1] == '.');
}

bool all_alpha(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// The part of a national search engine's host after its brand: "com", "de", "co.uk", "com.tr". Deliberately
// narrow so that "google.evil.com" or "google.sites.example" are not taken for Google.
bool is_country_suffix(std::string_view rest) {
  const auto dot = rest.find('.');
  if (dot == std::string_view::npos) return all_alpha(rest) && rest.size() >= 2 && rest.size() <= 3;
  std::string_view first = rest.substr(0, dot), second = rest.substr(dot + 1);
  return (first == "co" || first == "com") && all_alpha(second) && second.size() == 2;
}

// "google.com", "google.co.uk" for brand "google".
bool brand_with_suffix(std::string_view host, std::string_view brand) {
  return host.size() > brand.size() + 1 && host.starts_with(brand) && host[brand.size()] == '.' &&
         is_country_suffix(host.substr(brand.size() + 1));
}

// Search engines, by a host without "www.". Only the search front ends: mail.google.com, news.yandex.ru or
// finance.yahoo.com are not searches.
std::string_view search_engine(std::string_view host) {
  if (brand_with_suffix(host, "google")) return "google";
  if (within(host, "bing.com")) return "bing";
  if (brand_with_suffix(host, "yandex") || host == "ya.ru") return "yandex";
  if (within(host, "duckduckgo.com")) return "duckduckgo";
  if (brand_with_suffix(host, "yahoo")) return "yahoo";
  // search.yahoo.com, uk.search.yahoo.com, r.search.yahoo.com
  if (auto pos = host.find("search.yahoo."); pos != std::string_view::npos && (pos == 0 || host[pos - 1] == '.') &&
                                             is_country_suffix(host.substr(pos + 13)))
    return "yahoo";
  if (host == "baidu.com" || host == "m.baidu.com") return "baidu";
  if (within(host, "ecosia.org")) return "ecosia";
  return {};
}

struct NamedDomain {
  std::string_view domain, name;
};
constexpr std::array<NamedDomain, 16> kSocialDomains{{{"facebook.com", "facebook"},
                                                      {"fb.com", "facebook"},
                                                      {"fb.me", "facebook"},
                                                      {"instagram.com", "instagram"},
                                                      {"t.co", "twitter"},
                                                      {"twitter.com", "twitter"},
                                                      {"x.com", "twitter"},
                                                      {"linkedin.com", "linkedin"},
                                                      {"lnkd.in", "linkedin"},
                                                      {"pin.it", "pinterest"},
                                                      {"tiktok.com", "tiktok"},
                                                      {"youtube.com", "youtube"},
                                                      {"youtu.be", "youtube"},
                                                      {"vk.com", "vk"},
                                                      {"vk.ru", "vk"},
                                                      {"reddit.com", "reddit"}}};

// Social networks, by a host without "www." (any subdomain: m.facebook.com, l.instagram.com, old.reddit.com).
std::string_view social_network(std::string_view host) {
  for (const auto& [domain, name] : kSocialDomains)
    if (within(host, domain)) return name;
  if (brand_with_suffix(host, "pinterest") || within(host, "pinterest.com")) return "pinterest";
  return {};
}

// Webmail front ends: a click in a mail read there is an email visit.
bool is_webmail(std::string_view host) {
  return host == "mail.google.com" || host == "inbox.google.com" || host == "outlook.live.com" ||
         host == "outlook.office.com" || host == "outlook.office365.com" || within(host, "mail.yahoo.com") ||
         host == "e.mail.ru" || host == "mail.proton.me" ||
         (host.starts_with("mail.") && brand_with_suffix(host.substr(5), "yandex"));
}

// Chrome on Android sends "android-app://<package>/" as the referrer of a link opened from an app. The apps
// that matter are read as their web front ends; any other package stays a referral named after the package.
std::string_view app_host(std::string_view package) {
  static constexpr std::array<NamedDomain, 12> kApps{{{"com.google.android.googlequicksearchbox", "google.com"},
                                                      {"com.google.android.gm", "mail.google.com"},
                                                      {"ru.yandex.searchplugin", "yandex.ru"},
                                                      {"com.facebook.katana", "facebook.com"},
                                                      {"com.instagram.android", "instagram.com"},
                                                      {"com.twitter.android", "twitter.com"},
                                                      {"com.linkedin.android", "linkedin.com"},
                                                      {"com.pinterest", "pinterest.com"},
                                                      {"com.zhiliaoapp.musically", "tiktok.com"},
                                                      {"com.google.android.youtube", "youtube.com"},
                                                      {"com.vkontakte.android", "vk.com"},
                                                      {"com.reddit.frontpage", "reddit.com"}}};
  for (const auto& [app, host] : kApps)
    if (package == app) return host;
  return package;
}

// ---------------------------------------------------------------------------------------------- referrer

enum class ReferrerKind { none, search, social, webmail, other };

struct Referrer {
  ReferrerKind kind = ReferrerKind::none;
  std::string name;  // the engine or network name, else the host without "www."
};

// "example.com", "https://www.example.com/", " Example.COM. " → "example.com".
std::string site_host_of(std::string_view site_host) {
  if (site_host.empty()) return {};
  UrlParts parts = split_url(site_host);
  return std::string(strip_www(parts.host));
}

Referrer read_referrer(std::string_view referrer, std::string_view page_host, std::string_view site_host) {
  UrlParts parts = split_url(referrer);
  if (parts.host.empty()) return {};
  const bool from_app = parts.scheme == "android-app";
  if (!(parts.scheme.empty() || parts.scheme == "http" || parts.scheme == "https" || from_app)) return {};

  std::string_view host = from_app ? app_host(parts.host) : strip_www(parts.host);
  if (!from_app) {
    if (!page_host.empty() && host == strip_www(page_host)) return {};  // inside the site
    if (!site_host.empty() && within(host, site_host)) return {};
  }
  if (is_webmail(host)) return {ReferrerKind::webmail, std::string(host)};
  if (auto name = search_engine(host); !name.empty()) return {ReferrerKind::search, std::string(name)};
  if (auto name = social_network(host); !name.empty()) return {ReferrerKind::social, std::string(name)};
  return {ReferrerKind::other, clean_text(host, kMaxTrafficField)};
}

// -------------------------------------------------------------------------------------------- utm values

enum class MediumKind { absent, paid, email, display, social, organic, referral, unknown };

MediumKind medium_kind(const std::optional<std::string>& medium) {
  if (!medium) return MediumKind::absent;
  std::string_view m = *medium;
  if (m == "cpc" || m == "ppc" || m.starts_with("paid")) return MediumKind::paid;
  if (m == "email" || m == "e-mail" || m == "e_mail" || m == "e mail" || m == "newsletter") return MediumKind::email;
  if (m == "display" || m == "banner" || m == "cpm" || m == "interstitial" || m == "expandable")
    return MediumKind::display;
  if (m.find("social") != std::string_view::npos || m == "sm") return MediumKind::social;
  if (m == "organic") return MediumKind::organic;
  if (m == "referral") return MediumKind::referral;
  return MediumKind::unknown;
}

// utm_source values naming a social network: a name ("fb", "ig") or a host ("m.facebook.com").
bool is_social_source(std::string_view source) {
  static constexpr std::array<std::string_view, 14> kNames{"facebook", "fb",        "instagram", "ig",     "meta",
                                                           "twitter",  "x",         "linkedin",  "pinterest",
                                                           "tiktok",   "youtube",   "vk",        "vkontakte",
                                                           "reddit"};
  return std::find(kNames.begin(), kNames.end(), source) != kNames.end() || !social_network(strip_www(source)).empty();
}

// utm_source values naming a search engine: a name ("google") or a host ("google.de").
bool is_search_source(std::string_view source) {
  static constexpr std::array<std::string_view, 7> kNames{"google", "bing",  "yandex", "duckduckgo",
                                                          "yahoo",  "baidu", "ecosia"};
  return std::find(kNames.begin(), kNames.end(), source) != kNames.end() || !search_engine(strip_www(source)).empty();
}

std::optional<std::string> lowercase(std::optional<std::string> value) {
  if (value) *value = ascii_lower(*value);
  return value;
}

std::string landing_page_of(std::string_view page_url, const UrlParts& parts) {
  std::string page;
  if (!parts.host.empty()) {
    if (!parts.scheme.empty()) page.append(parts.scheme).append(":");
    page.append("//").append(parts.host);
    if (!parts.port.empty()) page.append(":").append(parts.port);
    page.append(parts.path.empty() ? std::string_view("/") : parts.path);
  } else {
    page = page_url.substr(0, page_url.find_first_of("?#"));
  }
  return clean_text(page, kMaxTrafficField);
}

}  // namespace

std::string_view to_string(TrafficChannel channel) {
  switch (channel) {
    case TrafficChannel::paid_search: return "paid_search";
    case TrafficChannel::paid_social: return "paid_social";
    case TrafficChannel::organic: return "organic";
    case TrafficChannel::social: return "social";
    case TrafficChannel::referral: return "referral";
    case TrafficChannel::email: return "email";
    case TrafficChannel::display: return "display";
    case TrafficChannel::other: return "other";
    case TrafficChannel::direct: break;
  }
  return "direct";
}

std::optional<TrafficChannel> traffic_channel_from_string(std::string_view name) {
  for (auto channel : {TrafficChannel::paid_search, TrafficChannel::paid_social, TrafficChannel::organic,
                       TrafficChannel::social, TrafficChannel::referral, TrafficChannel::email, TrafficChannel::display,
                       TrafficChannel::other, TrafficChannel::direct})
    if (to_string(channel) == name) return channel;
  return std::nullopt;
}

TrafficSource read_traffic_source(std::string_view page_url, std::string_view referrer, std::string_view site_host) {
  const UrlParts page = split_url(page_url);
  const QueryParams params(page.query);
  const Referrer ref = read_referrer(referrer, page.host, site_host_of(site_host));

  TrafficSource ts;
  ts.landing_page = landing_page_of(page_url, page);
  ts.campaign = params.first("utm_campaign", kMaxTrafficField);
  ts.term = params.first("utm_term", kMaxTrafficField);
  ts.content = params.first("utm_content", kMaxTrafficField);
  ts.gclid = params.first("gclid", kMaxTrafficField);
  ts.msclkid = params.first("msclkid", kMaxTrafficField);
  ts.yclid = params.first("yclid", kMaxTrafficField);
  ts.fbclid = params.first("fbclid", kMaxTrafficField);
  const std::optional<std::string> utm_source = lowercase(params.first("utm_source", kMaxTrafficField));
  const std::optional<std::string> utm_medium = lowercase(params.first("utm_medium", kMaxTrafficField));
  const bool search_click = ts.gclid || ts.msclkid || ts.yclid;

  // Source: the tag, else the ad network of the click id, else the referrer.
  if (utm_source) ts.source = *utm_source;
  else if (ts.gclid) ts.source = "google";
  else if (ts.msclkid) ts.source = "bing";
  else if (ts.yclid) ts.source = "yandex";
  else if (ts.fbclid) ts.source = ref.kind == ReferrerKind::social ? ref.name : "facebook";  // Instagram: fbclid too
  else ts.source = ref.name;

  // Channel: a known utm_medium decides; then click ids; then a utm_source naming a search engine or social
  // network; then any other tag (`other`); then the referrer; nothing at all is direct.
  const MediumKind medium = medium_kind(utm_medium);
  switch (medium) {
    case MediumKind::paid: {
      const bool social = utm_medium->find("social") != std::string::npos || ts.fbclid || is_social_source(ts.source);
      ts.channel = social ? TrafficChannel::paid_social : TrafficChannel::paid_search;
      break;
    }
    case MediumKind::email: ts.channel = TrafficChannel::email; break;
    case MediumKind::display: ts.channel = TrafficChannel::display; break;
    case MediumKind::social: ts.channel = TrafficChannel::social; break;
    case MediumKind::organic: ts.channel = TrafficChannel::organic; break;
    case MediumKind::referral: ts.channel = TrafficChannel::referral; break;
    case MediumKind::absent:
    case MediumKind::unknown:
      if (search_click) ts.channel = TrafficChannel::paid_search;
      else if (ts.fbclid) ts.channel = TrafficChannel::social;  // Facebook adds it to every outbound link, ads or not
      else if (utm_source && is_social_source(*utm_source)) ts.channel = TrafficChannel::social;
      else if (utm_source && is_search_source(*utm_source)) ts.channel = TrafficChannel::organic;
      else if (medium == MediumKind::unknown) ts.channel = TrafficChannel::other;
      else if (ref.kind == ReferrerKind::search) ts.channel = TrafficChannel::organic;
      else if (ref.kind == ReferrerKind::social) ts.channel = TrafficChannel::social;
      else if (ref.kind == ReferrerKind::webmail) ts.channel = TrafficChannel::email;
      else if (ref.kind == ReferrerKind::other) ts.channel = TrafficChannel::referral;
      else if (utm_source) ts.channel = TrafficChannel::other;
      else ts.channel = TrafficChannel::direct;
      break;
  }

  if (utm_medium) {
    ts.medium = *utm_medium;
  } else {
    switch (ts.channel) {
      case TrafficChannel::paid_search:
      case TrafficChannel::paid_social: ts.medium = "cpc"; break;
      case TrafficChannel::organic: ts.medium = "organic"; break;
      case TrafficChannel::social: ts.medium = "social"; break;
      case TrafficChannel::referral: ts.medium = "referral"; break;
      case TrafficChannel::email: ts.medium = "email"; break;
      case TrafficChannel::display: ts.medium = "display"; break;
      case TrafficChannel::other: ts.medium = "(not set)"; break;
      case TrafficChannel::direct: ts.medium = "(none)"; break;
    }
  }
  if (ts.channel == TrafficChannel::direct) ts.source = "(direct)";
  else if (ts.source.empty()) ts.source = "(not set)";
  return ts;
}

std::optional<std::pair<std::string_view, std::string_view>> primary_click_id(const TrafficSource& source) {
  for (auto [name, value] : {std::pair{std::string_view("gclid"), &source.gclid},
                             std::pair{std::string_view("msclkid"), &source.msclkid},
                             std::pair{std::string_view("yclid"), &source.yclid},
                             std::pair{std::string_view("fbclid"), &source.fbclid}})
    if (*value) return std::pair{name, std::string_view(**value)};
  return std::nullopt;
}

}  // namespace callsign::domain
