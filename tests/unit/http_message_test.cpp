#include "http/message.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace callsign::http {
namespace {

TEST(HttpMessage, ErrorResponseHasTheApiShape) {
  const Response r = error_response(422, "invalid_value", "timezone is not an IANA name", "timezone");
  EXPECT_EQ(r.status, 422u);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body,
            R"({"error":{"code":"invalid_value","message":"timezone is not an IANA name","field":"timezone"}})");
}

TEST(HttpMessage, ErrorResponseOmitsEmptyField) {
  const Response r = error_response(404, "not_found", "no such project");
  EXPECT_EQ(r.body, R"({"error":{"code":"not_found","message":"no such project"}})");
}

TEST(HttpMessage, ErrorResponseSurvivesInvalidUtf8AndEscapes) {
  const Response r = error_response(400, "malformed_request", "bad \xFF byte and \"quotes\"");
  const auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["error"]["message"], "bad \xEF\xBF\xBD byte and \"quotes\"");
}

TEST(HttpMessage, ContextHelpers) {
  Request request{boost::beast::http::verb::get, "/x", 11};
  request.set("X-Api-Key", "k1");
  RequestContext ctx{request, "/x", {{"q", "a b"}}, {{"id", "p1"}}, "127.0.0.1"};
  EXPECT_EQ(ctx.query_param("q"), "a b");
  EXPECT_EQ(ctx.query_param("missing"), std::nullopt);
  EXPECT_EQ(ctx.path_param("id"), "p1");
  EXPECT_EQ(ctx.path_param("other"), std::nullopt);
  EXPECT_EQ(ctx.header("x-api-key"), "k1");
  EXPECT_EQ(ctx.header("Authorization"), "");
}

}  // namespace
}  // namespace callsign::http
