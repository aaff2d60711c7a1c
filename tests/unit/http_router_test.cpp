#include "http/router.hpp"

#include <stdexcept>

#include <gtest/gtest.h>

namespace callsign::http {
namespace {

using boost::beast::http::verb;

Handler dummy() {
  return [](RequestContext&) -> boost::asio::awaitable<Response> { co_return Response{}; };
}

class HttpRouter : public ::testing::Test {
 protected:
  RouteMatch match(verb method, std::string_view path) {
    params_.clear();
    return router_.match(method, path, params_);
  }
  Router router_;
  std::map<std::string, std::string> params_;
};

TEST_F(HttpRouter, MatchesLiteralRoutes) {
  router_.add(verb::get, "/healthz", dummy());
  router_.add(verb::get, "/", dummy());
  auto m = match(verb::get, "/healthz");
  ASSERT_NE(m.handler, nullptr);
  EXPECT_EQ(m.route, "/healthz");
  EXPECT_TRUE(params_.empty());
  EXPECT_EQ(match(verb::get, "/").route, "/");
}

TEST_F(HttpRouter, CapturesPathParameters) {
  router_.add(verb::get, "/v1/projects/{id}/calls/{call_id}", dummy());
  auto m = match(verb::get, "/v1/projects/p_1/calls/c 2");
  ASSERT_NE(m.handler, nullptr);
  EXPECT_EQ(m.route, "/v1/projects/{id}/calls/{call_id}");
  EXPECT_EQ(params_.at("id"), "p_1");
  EXPECT_EQ(params_.at("call_id"), "c 2");
}

TEST_F(HttpRouter, CaptureNeedsOneNonEmptySegment) {
  router_.add(verb::get, "/v1/projects/{id}", dummy());
  EXPECT_EQ(match(verb::get, "/v1/projects/").handler, nullptr);
  EXPECT_EQ(match(verb::get, "/v1/projects").handler, nullptr);
  EXPECT_EQ(match(verb::get, "/v1/projects/a/b").handler, nullptr);
  EXPECT_EQ(match(verb::get, "v1/projects/a").handler, nullptr);
  EXPECT_EQ(match(verb::get, "").handler, nullptr);
}

TEST_F(HttpRouter, UnknownPathIsUnmatchedWithoutAllow) {
  router_.add(verb::get, "/healthz", dummy());
  auto m = match(verb::get, "/nope");
  EXPECT_EQ(m.handler, nullptr);
  EXPECT_EQ(m.route, "unmatched");
  EXPECT_EQ(m.allow, "");
}

TEST_F(HttpRouter, OtherMethodReportsAllowedMethods) {
  router_.add(verb::get, "/v1/projects/{id}", dummy());
  router_.add(verb::patch, "/v1/projects/{id}", dummy());
  router_.add(verb::get, "/v1/projects/{id}/calls", dummy());
  auto m = match(verb::delete_, "/v1/projects/p1");
  EXPECT_EQ(m.handler, nullptr);
  EXPECT_EQ(m.allow, "GET, HEAD, PATCH");
  EXPECT_EQ(m.route, "/v1/projects/{id}");
  EXPECT_TRUE(params_.empty());
}

TEST_F(HttpRouter, HeadRunsTheGetRouteAndNothingElse) {
  router_.add(verb::get, "/v1/projects/{id}", dummy());
  router_.add(verb::post, "/v1/sessions", dummy());
  auto m = match(verb::head, "/v1/projects/p1");
  ASSERT_NE(m.handler, nullptr);
  EXPECT_EQ(m.route, "/v1/projects/{id}");
  EXPECT_EQ(params_.at("id"), "p1");
  auto post_only = match(verb::head, "/v1/sessions");
  EXPECT_EQ(post_only.handler, nullptr);
  EXPECT_EQ(post_only.allow, "POST");
}

TEST_F(HttpRouter, LiteralSegmentBeatsCaptureWhateverTheOrder) {
  router_.add(verb::get, "/v1/projects/{id}", dummy());
  router_.add(verb::get, "/v1/projects/mine", dummy());
  EXPECT_EQ(match(verb::get, "/v1/projects/mine").route, "/v1/projects/mine");
  EXPECT_EQ(match(verb::get, "/v1/projects/other").route, "/v1/projects/{id}");

  router_.add(verb::get, "/a/{x}/c", dummy());
  router_.add(verb::get, "/a/b/{y}", dummy());
  EXPECT_EQ(match(verb::get, "/a/b/c").route, "/a/b/{y}");
}

TEST_F(HttpRouter, RejectsBadPatternsAtStartup) {
  EXPECT_THROW(router_.add(verb::get, "no-slash", dummy()), std::invalid_argument);
  EXPECT_THROW(router_.add(verb::get, "/a/{}", dummy()), std::invalid_argument);
  EXPECT_THROW(router_.add(verb::get, "/a/x{id}", dummy()), std::invalid_argument);
  EXPECT_THROW(router_.add(verb::get, "/a", Handler{}), std::invalid_argument);
  router_.add(verb::get, "/a/{id}", dummy());
  EXPECT_THROW(router_.add(verb::get, "/a/{other}", dummy()), std::invalid_argument);
  EXPECT_NO_THROW(router_.add(verb::post, "/a/{id}", dummy()));
}

}  // namespace
}  // namespace callsign::http
