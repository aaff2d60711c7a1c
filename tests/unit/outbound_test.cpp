// Outbound, pure parts: which events a change causes, the webhook signature, the retry schedule, the webhook body
// and the GA4 Measurement Protocol payload.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "domain/call_codec.hpp"
#include "domain/outbound.hpp"
#include "integrations/delivery_request.hpp"
#include "integrations/ga4_payload.hpp"
#include "integrations/retry_policy.hpp"
#include "integrations/webhook_signature.hpp"

namespace callsign {
namespace {

using domain::EventType;
using namespace std::chrono_literals;

Timestamp at(const char* text) { return *parse_rfc3339(text); }

domain::Call ongoing_call() {
  domain::Call c;
  c.id = "call_1";
  c.project_id = "prj_1";
  c.external_id = "ext-1";
  c.tracking_number = "+12125550100";
  c.caller = "+16465550101";
  c.started_at = at("2026-03-08T09:00:00Z");
  c.updated_at = c.started_at;
  return c;
}

TEST(CallEventTypes, NewCallIsStartedOrCompleted) {
  auto call = ongoing_call();
  EXPECT_EQ(domain::call_event_types(std::nullopt, call), std::vector{EventType::call_started});
  call.ended_at = at("2026-03-08T09:01:00Z");
  EXPECT_EQ(domain::call_event_types(std::nullopt, call), std::vector{EventType::call_completed});
}

TEST(CallEventTypes, NothingWhenOnlyUpdatedAtMoved) {
  auto before = ongoing_call();
  auto after = before;
  after.updated_at = before.updated_at + 5s;
  EXPECT_TRUE(domain::call_event_types(before, after).empty());
}

TEST(CallEventTypes, EndingCompletesAndLaterChangesUpdate) {
  auto before = ongoing_call();
  auto ended = before;
  ended.ended_at = at("2026-03-08T09:01:00Z");
  EXPECT_EQ(domain::call_event_types(before, ended), std::vector{EventType::call_completed});
  auto recorded = ended;
  recorded.recording_url = "https://rec.example/1.mp3";
  EXPECT_EQ(domain::call_event_types(ended, recorded), std::vector{EventType::call_updated});
  auto reclassified = ended;
  reclassified.flags.unique = !ended.flags.unique;
  EXPECT_EQ(domain::call_event_types(ended, reclassified), std::vector{EventType::call_updated});
}

TEST(EventTypeNames, RoundTrip) {
  for (auto t : {EventType::call_started, EventType::call_completed, EventType::call_updated, EventType::deal_updated})
    EXPECT_EQ(domain::event_type_from_string(domain::to_string(t)), t);
  EXPECT_EQ(domain::to_string(EventType::deal_updated), "deal.updated");
  EXPECT_FALSE(domain::event_type_from_string("call.exploded"));
}

TEST(WebhookSignature, IsHmacSha256OfTimestampDotBody) {
  // Reference value from Python: hmac.new(b"whsec_abc", b'1700000000.{"a":1}', hashlib.sha256).hexdigest()
  EXPECT_EQ(integrations::webhook_signature("whsec_abc", 1700000000, R"({"a":1})"),
            "t=1700000000,v1=3b843bacfb18cc5554542fdcc84d815b399c52758e508a6fcecf0a2af4efea2b");
  EXPECT_NE(integrations::webhook_signature("whsec_abc", 1700000001, R"({"a":1})"),
            integrations::webhook_signature("whsec_abc", 1700000000, R"({"a":1})"));
}

TEST(RetryPolicy, DoublesFromTheFirstDelayUpToTheCap) {
  integrations::RetryPolicy p;  // 30 s, ×2, cap 1 h, window 24 h
  p.jitter = 0;
  const std::vector<std::chrono::milliseconds> expected{30s, 60s, 120s, 240s, 480s, 960s, 1920s, 3600s, 3600s};
  for (std::size_t i = 0; i < expected.size(); ++i)
    EXPECT_EQ(integrations::backoff_delay(p, static_cast<int>(i) + 1, 0.5), expected[i]) << "after failure " << i + 1;
}

TEST(RetryPolicy, JitterSpreadsWithinItsShare) {
  integrations::RetryPolicy p;  // jitter 0.2
  EXPECT_EQ(integrations::backoff_delay(p, 1, 0.0), 24s);
  EXPECT_EQ(integrations::backoff_delay(p, 1, 0.5), 30s);
  EXPECT_EQ(integrations::backoff_delay(p, 1, 1.0), 36s);
}

TEST(RetryPolicy, GivesUpAfterTheWindowAndCountsAboutThirtyAttemptsInADay) {
  integrations::RetryPolicy p;
  p.jitter = 0;
  const Timestamp created = at("2026-03-08T00:00:00Z");
  Timestamp now = created;
  int failures = 0;
  for (;;) {
    ++failures;
    auto next = integrations::next_attempt_at(p, failures, now, created, 0.5);
    if (!next) break;
    now = *next;
  }
  EXPECT_LE(now - created, 24h);
  EXPECT_GT(now - created, 23h);
  EXPECT_EQ(failures, 30);  // 7 growing delays (63.5 min), then hourly until the day is over, then dead
}

TEST(WebhookBody, HasTheFourFieldsWithDataSplicedAsStored) {
  domain::OutboundEvent e{"evt_1", "prj_1", EventType::call_completed, "call_1", at("2026-03-08T09:00:00Z"),
                          R"({"id":"call_1","status":"answered"})"};
  EXPECT_EQ(integrations::webhook_body(e),
            R"({"created_at":"2026-03-08T09:00:00Z","id":"evt_1","type":"call.completed","data":{"id":"call_1","status":"answered"}})");
}

TEST(WebhookRequest, CarriesSignatureDeliveryAndEventHeaders) {
  domain::Delivery d;
  d.id = "dlv_1";
  d.event = {"evt_1", "prj_1", EventType::call_started, "call_1", at("2026-03-08T09:00:00Z"), "{}"};
  domain::WebhookSubscription w;
  w.url = "https://crm.example/hook";
  w.secret = "whsec_abc";
  const Timestamp now = at("2026-03-08T09:00:02Z");
  auto post = integrations::webhook_request(d, w, now);
  EXPECT_EQ(post.url, "https://crm.example/hook");
  std::map<std::string, std::string> headers(post.headers.begin(), post.headers.end());
  EXPECT_EQ(headers["Callsign-Delivery"], "dlv_1");
  EXPECT_EQ(headers["Callsign-Event"], "call.started");
  EXPECT_EQ(headers["Content-Type"], "application/json");
  EXPECT_EQ(headers["Callsign-Signature"], integrations::webhook_signature("whsec_abc", 1772960402, post.body));
}

domain::Call target_call() {
  auto c = ongoing_call();
  c.answered_at = c.started_at + 5s;
  c.ended_at = c.started_at + 65s;
  c.status = domain::CallStatus::answered;
  c.flags.answered = c.flags.target = c.flags.unique = c.flags.unique_target = c.flags.first_time = true;
  c.attribution.method = domain::AttributionMethod::session;
  c.attribution.channel = "paid_search";
  c.attribution.source = "google";
  c.attribution.medium = "cpc";
  c.attribution.campaign = std::string(150, 'c');  // longer than GA's 100-character limit
  return c;
}

TEST(Ga4Payload, FollowsTheMeasurementProtocolShape) {
  const auto call = domain::encode_call(target_call());
  const auto body = integrations::ga4_payload(call, {"123.456", std::string("1700000000")},
                                              at("2026-03-08T10:00:00Z"));
  EXPECT_EQ(body["client_id"], "123.456");
  EXPECT_EQ(body["timestamp_micros"], std::int64_t{1772960400} * 1000000);
  ASSERT_EQ(body["events"].size(), 3u);
  EXPECT_EQ(body["events"][0]["name"], "call");
  EXPECT_EQ(body["events"][1]["name"], "unique_call");
  EXPECT_EQ(body["events"][2]["name"], "unique_target_call");
  const auto& params = body["events"][0]["params"];
  EXPECT_EQ(params["session_id"], "1700000000");
  EXPECT_EQ(params["engagement_time_msec"], 1);
  EXPECT_EQ(params["channel"], "paid_search");
  EXPECT_EQ(params["source"], "google");
  EXPECT_EQ(params["medium"], "cpc");
  EXPECT_EQ(params["campaign"].get<std::string>().size(), 100u);
  EXPECT_EQ(params["talk_seconds"], 60);
  EXPECT_EQ(params["wait_seconds"], 5);
  EXPECT_EQ(params["target"], 1);
  EXPECT_EQ(params["call_id"], "call_1");
  EXPECT_EQ(params["call_status"], "answered");
  EXPECT_EQ(params.dump().find("+1646"), std::string::npos) << "no phone numbers";
}

TEST(Ga4Payload, PlainCallHasOneEventNoSessionAndNoBackdatingPast72Hours) {
  auto c = ongoing_call();
  c.ended_at = c.started_at + 10s;
  c.flags.missed = true;
  const auto body = integrations::ga4_payload(domain::encode_call(c), {"123.456", std::nullopt},
                                              at("2026-03-12T09:00:00Z"));
  EXPECT_FALSE(body.contains("timestamp_micros"));
  ASSERT_EQ(body["events"].size(), 1u);
  EXPECT_FALSE(body["events"][0]["params"].contains("session_id"));
  EXPECT_FALSE(body["events"][0]["params"].contains("channel"));
  EXPECT_EQ(body["events"][0]["params"]["target"], 0);
}

TEST(Ga4CollectUrl, EncodesItsParametersOnTheDefaultOrGivenEndpoint) {
  domain::Ga4Settings s{"G-ABC123", "a/b+c", std::nullopt};
  EXPECT_EQ(integrations::ga4_collect_url(s),
            "https://www.google-analytics.com/mp/collect?measurement_id=G-ABC123&api_secret=a%2Fb%2Bc");
  s.endpoint = "http://127.0.0.1:9/mp/collect";
  EXPECT_EQ(integrations::ga4_collect_url(s), "http://127.0.0.1:9/mp/collect?measurement_id=G-ABC123&api_secret=a%2Fb%2Bc");
}

}  // namespace
}  // namespace callsign
