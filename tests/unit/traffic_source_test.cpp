// read_traffic_source and its URL helpers: unit tests, then the golden cases of
// tests/golden/traffic_source/cases.json (DESIGN.md §5: behaviour pinned by data files).
//
// cases.json is a list of
//   {"description": "...", "page_url": "...", "referrer": "...", "site_host"?: "...",
//    "expect": {"channel", "source", "medium", "campaign", "term", "content",   null = absent
//               "click_id_type", "click_id",                                   primary_click_id, null = none
//               "landing_page"?}}                                              checked only when present
// Every key is required unless marked '?'; an unknown key fails the case, so a typo cannot pass silently.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <fstream>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "domain/traffic_source.hpp"
#include "domain/url_parts.hpp"

namespace callsign::domain {
namespace {

using nlohmann::json;

// ------------------------------------------------------------------------------------------ url_parts

TEST(SplitUrl, ReadsEveryPart) {
  const std::string url = "HTTPS://user:pw@WWW.Example.COM.:8443/a/B?x=1&y=2#frag";
  UrlParts p = split_url(url);
  EXPECT_EQ(p.scheme, "https");
  EXPECT_EQ(p.host, "www.example.com");
  EXPECT_EQ(p.port, "8443");
  EXPECT_EQ(p.path, "/a/B");
  EXPECT_EQ(p.query, "x=1&y=2");
  EXPECT_EQ(p.fragment, "frag");
}

TEST(SplitUrl, AcceptsSchemeRelativeBareHostAndIpv6) {
  EXPECT_EQ(split_url("//cdn.example.com/x").host, "cdn.example.com");
  EXPECT_EQ(split_url("example.org/path?q=1").host, "example.org");
  EXPECT_EQ(split_url("example.org/path?q=1").query, "q=1");
  EXPECT_EQ(split_url("http://[2001:DB8::1]:80/").host, "[2001:db8::1]");
  EXPECT_EQ(split_url("android-app://com.Google.android.gm/").host, "com.google.android.gm");
  EXPECT_EQ(split_url("https://example.com\\evil").host, "example.com");
}

TEST(SplitUrl, JunkHasNoHost) {
  for (std::string_view junk : {"", "not a url", "/only/a/path?x=1", "?utm_source=x", "::::", "https://",
                                "https://exa mple.com/", "https://<script>/", "http://[::1/", "javascript:alert(1)"})
    EXPECT_EQ(split_url(junk).host, "") << junk;
  EXPECT_EQ(split_url("/only/a/path?x=1").path, "/only/a/path");
  EXPECT_EQ(split_url("/only/a/path?x=1").query, "x=1");
}

TEST(PercentDecode, DecodesEscapesAndPlus) {
  EXPECT_EQ(percent_decode("a%20b+c%2Bd", true), "a b c+d");
  EXPECT_EQ(percent_decode("a+b", false), "a+b");
  EXPECT_EQ(percent_decode("%e2%82%ac", true), "\xE2\x82\xAC");
  EXPECT_EQ(percent_decode("100%", true), "100%");
  EXPECT_EQ(percent_decode("%4", true), "%4");
  EXPECT_EQ(percent_decode("%zz%", true), "%zz%");
}

TEST(CleanText, MakesValidTrimmedUtf8) {
  EXPECT_EQ(clean_text("  hello\tworld \n", 500), "hello world");
  EXPECT_EQ(clean_text("a\xFF" "b", 500), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(clean_text("\xC0\xAF", 500), "\xEF\xBF\xBD\xEF\xBF\xBD");          // overlong '/'
  EXPECT_EQ(clean_text("\xED\xA0\x80", 500), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  EXPECT_EQ(clean_text("\xE2\x82", 500), "\xEF\xBF\xBD\xEF\xBF\xBD");          // truncated
  EXPECT_EQ(clean_text("весна", 500), "весна");
}

TEST(CleanText, CutsAtACharacterBoundary) {
  EXPECT_EQ(clean_text(std::string(600, 'a'), 500), std::string(500, 'a'));
  std::string euros;
  for (int i = 0; i < 200; ++i) euros += "\xE2\x82\xAC";  // 3 bytes each
  EXPECT_EQ(clean_text(euros, 500).size(), 498u);
  EXPECT_EQ(clean_text(std::string(10000, ' ') + "x", 500), "x");
  EXPECT_EQ(clean_text("ab" + std::string(600, ' ') + "c", 10), "ab");
}

TEST(QueryParamsTest, FirstNonEmptyValueOfACaseInsensitiveKey) {
  QueryParams q("A=1&utm_source=&UTM_Source=Google&utm_source=bing&utm%5Fmedium=cpc&&=x&flag&amp;utm_term=a+b");
  EXPECT_EQ(q.first("utm_source", 500), "Google");
  EXPECT_EQ(q.first("utm_medium", 500), "cpc");
  EXPECT_EQ(q.first("utm_term", 500), "a b");
  EXPECT_EQ(q.first("a", 500), "1");
  EXPECT_EQ(q.first("flag", 500), std::nullopt);
  EXPECT_EQ(q.first("missing", 500), std::nullopt);
  EXPECT_EQ(QueryParams("utm_source=+++").first("utm_source", 500), std::nullopt);
}

// ------------------------------------------------------------------------------------- traffic source

TEST(TrafficChannelName, EveryChannelHasItsApiName) {
  EXPECT_EQ(to_string(TrafficChannel::paid_search), "paid_search");
  EXPECT_EQ(to_string(TrafficChannel::paid_social), "paid_social");
  EXPECT_EQ(to_string(TrafficChannel::organic), "organic");
  EXPECT_EQ(to_string(TrafficChannel::social), "social");
  EXPECT_EQ(to_string(TrafficChannel::referral), "referral");
  EXPECT_EQ(to_string(TrafficChannel::email), "email");
  EXPECT_EQ(to_string(TrafficChannel::display), "display");
  EXPECT_EQ(to_string(TrafficChannel::other), "other");
  EXPECT_EQ(to_string(TrafficChannel::direct), "direct");
}

TEST(ReadTrafficSource, KeepsEveryClickIdAndReportsThePrimaryOne) {
  auto ts = read_traffic_source("https://example.com/?fbclid=F&yclid=Y&msclkid=M&gclid=G", "");
  EXPECT_EQ(ts.gclid, "G");
  EXPECT_EQ(ts.msclkid, "M");
  EXPECT_EQ(ts.yclid, "Y");
  EXPECT_EQ(ts.fbclid, "F");
  auto primary = primary_click_id(ts);
  ASSERT_TRUE(primary.has_value());
  EXPECT_EQ(primary->first, "gclid");
  EXPECT_EQ(primary->second, "G");

  ts = read_traffic_source("https://example.com/?fbclid=F&yclid=Y", "");
  ASSERT_TRUE(primary_click_id(ts).has_value());
  EXPECT_EQ(primary_click_id(ts)->first, "yclid");
  EXPECT_EQ(ts.channel, TrafficChannel::paid_search);
  EXPECT_EQ(ts.source, "yandex");
  EXPECT_FALSE(primary_click_id(read_traffic_source("https://example.com/", "")).has_value());
}

TEST(ReadTrafficSource, CapsEveryFieldAt500Bytes) {
  const std::string big(5000, 'x');
  const std::string url = "https://example.com/" + big + "?utm_source=" + big + "&utm_medium=" + big +
                          "&utm_campaign=" + big + "&utm_term=" + big + "&utm_content=" + big + "&gclid=" + big;
  auto ts = read_traffic_source(url, "https://" + big + ".com/");
  for (const std::string* field : {&ts.source, &ts.medium, &*ts.campaign, &*ts.term, &*ts.content, &*ts.gclid,
                                   &ts.landing_page})
    EXPECT_EQ(field->size(), kMaxTrafficField);
  EXPECT_EQ(ts.channel, TrafficChannel::paid_search);  // medium "xxx…" is unknown, so the gclid decides
}

TEST(ReadTrafficSource, ClickIdDecidesWhenTheMediumIsUnknown) {
  auto ts = read_traffic_source("https://example.com/?utm_medium=qr&gclid=G", "");
  EXPECT_EQ(ts.channel, TrafficChannel::paid_search);
  EXPECT_EQ(ts.medium, "qr");
  EXPECT_EQ(ts.source, "google");
}

TEST(ReadTrafficSource, HugeInputIsReadQuickly) {
  std::string query;
  for (int i = 0; i < 100000; ++i) query += "k" + std::to_string(i) + "=v&";
  const std::string url = "https://example.com/?" + query + "utm_source=late";
  const std::string referrer = "https://" + std::string(1 << 20, 'a') + ".com/";
  const auto start = std::chrono::steady_clock::now();
  auto ts = read_traffic_source(url, referrer);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(elapsed, std::chrono::seconds(2));
  // Only the first 1000 parameters are read; the late utm_source is beyond them.
  EXPECT_EQ(ts.channel, TrafficChannel::referral);
  EXPECT_EQ(ts.source.size(), kMaxTrafficField);
}

// Random bytes and random mixes of URL pieces: never a throw, always fields JSON can carry.
TEST(ReadTrafficSource, FuzzedInputGivesCleanFields) {
  static const std::vector<std::string> kPieces{
      "https://", "http://", "//", "android-app://", "www.", "google.", "co.uk", "facebook.com", "example.com",
      "/", "?", "#", "&", "=", "&amp;", "%", "%2", "%FF", "%C3%A9", "+", " ", "@", ":", "[", "]", "\\",
      "utm_source", "UTM_MEDIUM", "utm_campaign", "gclid", "fbclid", "cpc", "paid_social", "email", "\xFF",
      "\xE2\x82", "\x00", "\n", "é", "пример"};
  std::mt19937 rng(20240501);
  auto random_text = [&] {
    std::string s;
    const int n = static_cast<int>(rng() % 24);
    for (int i = 0; i < n; ++i) {
      if (rng() % 4 == 0) s += static_cast<char>(rng() % 256);
      else s += kPieces[rng() % kPieces.size()];
    }
    return s;
  };
  for (int i = 0; i < 3000; ++i) {
    const std::string page = random_text(), referrer = random_text(), site = random_text();
    TrafficSource ts;
    ASSERT_NO_THROW(ts = read_traffic_source(page, referrer, site));
    json out = {{"channel", to_string(ts.channel)}, {"source", ts.source},           {"medium", ts.medium},
                {"campaign", ts.campaign.value_or("")}, {"term", ts.term.value_or("")},
                {"content", ts.content.value_or("")},   {"gclid", ts.gclid.value_or("")},
                {"msclkid", ts.msclkid.value_or("")},   {"yclid", ts.yclid.value_or("")},
                {"fbclid", ts.fbclid.value_or("")},     {"landing_page", ts.landing_page}};
    ASSERT_NO_THROW((void)out.dump()) << "page " << json(page).dump(-1, ' ', false, json::error_handler_t::replace);
    EXPECT_FALSE(ts.source.empty());
    EXPECT_FALSE(ts.medium.empty());
    for (const auto& [key, value] : out.items()) EXPECT_LE(value.get<std::string>().size(), kMaxTrafficField) << key;
  }
}

// ------------------------------------------------------------------------------------------ golden cases

struct GoldenCase {
  std::string name;   // a test name made from the description
  std::string error;  // why the case could not be read; "" when it could
  std::string description, page_url, referrer, site_host;
  json expect;
};

std::optional<std::string> optional_string(const json& v) {
  return v.is_null() ? std::nullopt : std::optional<std::string>(v.get<std::string>());
}

std::string check_case(const json& c) {
  static const std::set<std::string> kCaseKeys{"description", "page_url", "referrer", "site_host", "expect"};
  static const std::set<std::string> kExpectKeys{"channel", "source",        "medium",   "campaign",    "term",
                                                 "content", "click_id_type", "click_id", "landing_page"};
  if (!c.is_object()) return "a case is not an object";
  for (const auto& [key, value] : c.items()) {
    if (!kCaseKeys.count(key)) return "unknown key \"" + key + "\"";
    if (key != "expect" && !value.is_string()) return "\"" + key + "\" must be a string";
  }
  for (const char* key : {"description", "page_url", "referrer", "expect"})
    if (!c.contains(key)) return std::string("missing \"") + key + "\"";
  const json& e = c.at("expect");
  if (!e.is_object()) return "\"expect\" is not an object";
  for (const auto& [key, value] : e.items()) {
    if (!kExpectKeys.count(key)) return "unknown expect key \"" + key + "\"";
    if (!value.is_string() && !value.is_null()) return "expect." + key + " must be a string or null";
  }
  for (const auto& key : kExpectKeys)
    if (key != "landing_page" && !e.contains(key)) return "missing expect." + key;
  for (const char* key : {"channel", "source", "medium"})
    if (!e.at(key).is_string()) return std::string("expect.") + key + " must be a string";
  return {};
}

std::vector<GoldenCase> golden_cases() {
  std::vector<GoldenCase> cases;
  std::ifstream in(std::string(CALLSIGN_GOLDEN_DIR) + "/traffic_source/cases.json");
  std::stringstream text;
  text << in.rdbuf();
  const json all = json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (!all.is_array()) return cases;  // TrafficSourceGoldenFile.IsReadable says why
  for (std::size_t i = 0; i < all.size(); ++i) {
    GoldenCase g;
    g.error = check_case(all[i]);
    if (all[i].is_object() && all[i].contains("description") && all[i].at("description").is_string())
      g.description = all[i].at("description").get<std::string>();
    if (g.error.empty()) {
      g.page_url = all[i].at("page_url").get<std::string>();
      g.referrer = all[i].at("referrer").get<std::string>();
      g.site_host = all[i].value("site_host", "");
      g.expect = all[i].at("expect");
    }
    // "c07_gclid_alone_is_paid_search_google_cpc": unique (the index) and a valid gtest name.
    g.name = (i < 10 ? "c0" : "c") + std::to_string(i);
    bool gap = true;
    for (char ch : g.description) {
      if (g.name.size() >= 64) break;
      const bool keep = std::isalnum(static_cast<unsigned char>(ch)) && static_cast<unsigned char>(ch) < 0x80;
      if (keep) g.name += gap ? std::string("_") + ch : std::string(1, ch);
      gap = !keep;
    }
    cases.push_back(std::move(g));
  }
  return cases;
}

// What gtest prints for a failing case: its name, not its bytes.
void PrintTo(const GoldenCase& c, std::ostream* os) { *os << c.name; }

class TrafficSourceGolden : public testing::TestWithParam<GoldenCase> {};

TEST_P(TrafficSourceGolden, Matches) {
  const GoldenCase& g = GetParam();
  ASSERT_EQ(g.error, "") << "cases.json: " << g.name;
  SCOPED_TRACE(g.description + "\n  page_url: " + g.page_url + "\n  referrer: " + g.referrer +
               (g.site_host.empty() ? "" : "\n  site_host: " + g.site_host));

  const TrafficSource ts = read_traffic_source(g.page_url, g.referrer, g.site_host);
  const json& e = g.expect;
  EXPECT_EQ(to_string(ts.channel), e.at("channel").get<std::string>());
  EXPECT_EQ(ts.source, e.at("source").get<std::string>());
  EXPECT_EQ(ts.medium, e.at("medium").get<std::string>());
  EXPECT_EQ(ts.campaign, optional_string(e.at("campaign")));
  EXPECT_EQ(ts.term, optional_string(e.at("term")));
  EXPECT_EQ(ts.content, optional_string(e.at("content")));
  const auto click = primary_click_id(ts);
  EXPECT_EQ(click ? std::optional<std::string>(click->first) : std::nullopt, optional_string(e.at("click_id_type")));
  EXPECT_EQ(click ? std::optional<std::string>(click->second) : std::nullopt, optional_string(e.at("click_id")));
  if (e.contains("landing_page")) {
    EXPECT_EQ(ts.landing_page, e.at("landing_page").get<std::string>());
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, TrafficSourceGolden, testing::ValuesIn(golden_cases()),
                         [](const testing::TestParamInfo<GoldenCase>& info) { return info.param.name; });

// Guards against a wrong CALLSIGN_GOLDEN_DIR or a broken file silently running no cases at all.
TEST(TrafficSourceGoldenFile, IsReadable) {
  const auto cases = golden_cases();
  EXPECT_GE(cases.size(), 40u) << "looked in " << CALLSIGN_GOLDEN_DIR << "/traffic_source/cases.json";
  std::set<std::string> descriptions;
  for (const auto& c : cases) EXPECT_TRUE(descriptions.insert(c.description).second) << "repeated: " << c.description;
}

}  // namespace
}  // namespace callsign::domain
