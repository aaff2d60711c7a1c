#include <gtest/gtest.h>

#include "domain/settings_codec.hpp"

using namespace callsign;
using namespace callsign::domain;
using nlohmann::json;

TEST(SettingsCodec, DefaultsMatchApiMd) {
  json s = encode_settings(ProjectSettings{}, Secrets::omit);
  EXPECT_EQ(s["timezone"], "UTC");
  EXPECT_EQ(s["country"], "US");
  EXPECT_EQ(s["currency"], "USD");
  EXPECT_TRUE(s["default_number"].is_null());
  EXPECT_EQ(s["target_call_seconds"], 30);
  EXPECT_EQ(s["sales_cycle_days"], 30);
  EXPECT_EQ(s["session_hold_seconds"], 900);
  EXPECT_EQ(s["caller_memory_days"], 30);
  EXPECT_TRUE(s["working_hours"].is_null());
  EXPECT_EQ(s["holidays"], json::array());
  EXPECT_EQ(s["margin_percent"], 100);
  EXPECT_EQ(s["blocked_callers"], json::array());
  EXPECT_EQ(s["record_calls"], false);
  EXPECT_TRUE(s["ga4"].is_null());
  EXPECT_FALSE(s.contains("twilio_auth_token"));
}

TEST(SettingsCodec, RoundTripsEverySettingIncludingSecrets) {
  ProjectSettings s;
  ASSERT_TRUE(apply_settings(s, json::parse(R"({
    "timezone": "America/New_York", "country": "GB", "currency": "EUR", "default_number": "020 7946 0958",
    "target_call_seconds": 45, "sales_cycle_days": 14, "session_hold_seconds": 600, "caller_memory_days": 7,
    "working_hours": {"mon": [["13:00", "18:00"], ["09:00", "12:00"]], "sat": [["10:00", "24:00"]]},
    "holidays": ["2026-12-26", "2026-12-25", "2026-12-25"], "margin_percent": 12.5,
    "blocked_callers": ["+44 20 7946 0959"], "twilio_auth_token": "secret", "record_calls": true,
    "ga4": {"measurement_id": "G-ABC", "api_secret": "s3", "endpoint": "http://127.0.0.1:9/mp"}})")));
  EXPECT_EQ(s.default_number, "+442079460958");  // read with the new country in the same request
  EXPECT_EQ(s.holidays, (std::vector<std::string>{"2026-12-25", "2026-12-26"}));
  ASSERT_TRUE(s.working_hours);
  EXPECT_EQ(s.working_hours->days[0].front().open_minute, 9 * 60);  // sorted
  EXPECT_EQ(s.working_hours->days[5].front().close_minute, 24 * 60);

  ProjectSettings back;
  ASSERT_TRUE(apply_settings(back, encode_settings(s, Secrets::include)));
  EXPECT_EQ(back, s);

  json shown = encode_settings(s, Secrets::omit);
  EXPECT_FALSE(shown.contains("twilio_auth_token"));
  EXPECT_EQ(shown["twilio_auth_token_set"], true);
  EXPECT_FALSE(shown["ga4"].contains("api_secret"));
  EXPECT_EQ(shown["ga4"]["api_secret_set"], true);
}

TEST(SettingsCodec, BadValuesNameTheFieldAndChangeNothing) {
  struct Case {
    const char* body;
    const char* field;
  };
  for (const auto& c : std::initializer_list<Case>{
           {R"({"timezone": "Mars/Olympus"})", "timezone"},
           {R"({"timezone": 5})", "timezone"},
           {R"({"country": "XX"})", "country"},
           {R"({"currency": "usd"})", "currency"},
           {R"({"default_number": "123"})", "default_number"},
           {R"({"target_call_seconds": -1})", "target_call_seconds"},
           {R"({"target_call_seconds": 2.5})", "target_call_seconds"},
           {R"({"sales_cycle_days": 0})", "sales_cycle_days"},
           {R"({"working_hours": {"mon": [["18:00", "09:00"]]}})", "working_hours.mon"},
           {R"({"working_hours": {"mon": [["09:00", "12:00"], ["11:00", "13:00"]]}})", "working_hours.mon"},
           {R"({"working_hours": {"funday": []}})", "working_hours.funday"},
           {R"({"working_hours": {"mon": [["9am", "5pm"]]}})", "working_hours.mon"},
           {R"({"working_hours": "always"})", "working_hours"},
           {R"({"holidays": ["2026-02-30"]})", "holidays"},
           {R"({"margin_percent": 101})", "margin_percent"},
           {R"({"blocked_callers": ["hello"]})", "blocked_callers"},
           {R"({"record_calls": "yes"})", "record_calls"},
           {R"({"ga4": {"measurement_id": "G-1"}})", "ga4.api_secret"},
           {R"({"target_call_seconds": 10, "timezone": "Nowhere/Land"})", "timezone"},
       }) {
    ProjectSettings s;
    auto r = apply_settings(s, json::parse(c.body));
    ASSERT_FALSE(r) << c.body;
    EXPECT_EQ(r.error().field, c.field) << c.body;
    EXPECT_EQ(r.error().kind, ErrorKind::invalid);
    EXPECT_EQ(s, ProjectSettings{}) << "half-applied: " << c.body;
  }
}

TEST(SettingsCodec, NullResetsNullableSettings) {
  ProjectSettings s;
  ASSERT_TRUE(apply_settings(s, json::parse(R"({"working_hours": {"mon": [["09:00","18:00"]]}, "default_number": "+14155550123"})")));
  ASSERT_TRUE(apply_settings(s, json::parse(R"({"working_hours": null, "default_number": null})")));
  EXPECT_FALSE(s.working_hours);
  EXPECT_FALSE(s.default_number);
}
