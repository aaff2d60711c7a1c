#include "http/target.hpp"

#include <gtest/gtest.h>

namespace callsign::http {
namespace {

TEST(HttpTarget, SplitsPathAndQuery) {
  const auto parsed = parse_target("/v1/projects/p1/calls?from=2026-01-01&limit=10");
  EXPECT_EQ(parsed.path, "/v1/projects/p1/calls");
  ASSERT_EQ(parsed.query.size(), 2u);
  EXPECT_EQ(parsed.query.at("from"), "2026-01-01");
  EXPECT_EQ(parsed.query.at("limit"), "10");
}

TEST(HttpTarget, DecodesPercentEscapesInPathButKeepsPlus) {
  const auto parsed = parse_target("/v1/numbers/%2B1%20415+555");
  EXPECT_EQ(parsed.path, "/v1/numbers/+1 415+555");
  EXPECT_TRUE(parsed.query.empty());
}

TEST(HttpTarget, DecodesQueryWithPlusAsSpace) {
  const auto parsed = parse_target("/search?q=a+b%26c&utm_source=google%2Bads&name=Jos%C3%A9");
  EXPECT_EQ(parsed.query.at("q"), "a b&c");
  EXPECT_EQ(parsed.query.at("utm_source"), "google+ads");
  EXPECT_EQ(parsed.query.at("name"), "Jos\xC3\xA9");
}

TEST(HttpTarget, LastValueWinsAndBareKeysAreEmpty) {
  const auto parsed = parse_target("/x?a=1&flag&a=2&=ignored&&b=");
  EXPECT_EQ(parsed.query.at("a"), "2");
  EXPECT_EQ(parsed.query.at("flag"), "");
  EXPECT_EQ(parsed.query.at("b"), "");
  EXPECT_EQ(parsed.query.count(""), 0u);
  EXPECT_EQ(parsed.query.size(), 3u);
}

TEST(HttpTarget, KeepsInvalidEscapesLiterally) {
  EXPECT_EQ(percent_decode("100%", false), "100%");
  EXPECT_EQ(percent_decode("%zz%4", false), "%zz%4");
  EXPECT_EQ(percent_decode("%4a%4A", false), "JJ");
  EXPECT_EQ(parse_target("/a?x=%G1").query.at("x"), "%G1");
}

TEST(HttpTarget, IgnoresFragmentAndHandlesEmptyQuery) {
  const auto parsed = parse_target("/page?#frag");
  EXPECT_EQ(parsed.path, "/page");
  EXPECT_TRUE(parsed.query.empty());
  EXPECT_EQ(parse_target("/page#x?y=1").path, "/page");
  EXPECT_TRUE(parse_target("/page#x?y=1").query.empty());
}

TEST(HttpTarget, ParsesFormBodies) {
  std::map<std::string, std::string> form;
  parse_query_string("To=%2B14155550123&From=%2B12125550101&CallStatus=ringing", form);
  EXPECT_EQ(form.at("To"), "+14155550123");
  EXPECT_EQ(form.at("From"), "+12125550101");
  EXPECT_EQ(form.at("CallStatus"), "ringing");
}

}  // namespace
}  // namespace callsign::http
