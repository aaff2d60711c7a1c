#include "integrations/ga4_payload.hpp"

#include <chrono>
#include <cctype>
#include <cstdio>

namespace callsign::integrations {
namespace {

using nlohmann::json;

std::string percent_encode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

// GA4 limits parameter values to 100 characters.
json short_text(const json& value) {
  if (!value.is_string()) return value;
  std::string s = value.get<std::string>();
  if (s.size() > 100) s.resize(100);
  return s;
}

bool flag(const json& call, const char* name) {
  auto flags = call.find("flags");
  if (flags == call.end() || !flags->is_object()) return false;
  auto f = flags->find(name);
  return f != flags->end() && f->is_boolean() && f->get<bool>();
}

}  // namespace

std::string ga4_collect_url(const domain::Ga4Settings& settings) {
  std::string url = settings.endpoint.value_or(kGa4DefaultEndpoint);
  url += url.find('?') == std::string::npos ? '?' : '&';
  url += "measurement_id=" + percent_encode(settings.measurement_id) + "&api_secret=" +
         percent_encode(settings.api_secret);
  return url;
}

json ga4_payload(const json& call, const domain::Ga4Visitor& visitor, Timestamp now) {
  json params = json::object();
  if (visitor.session_id) params["session_id"] = *visitor.session_id;
  params["engagement_time_msec"] = 1;  // GA shows an event in Realtime only with some engagement time
  params["call_id"] = call.value("id", "");
  if (auto a = call.find("attribution"); a != call.end() && a->is_object()) {
    for (const char* key : {"channel", "source", "medium", "campaign"}) {
      auto v = a->find(key);
      if (v != a->end() && v->is_string()) params[key] = short_text(*v);
    }
  }
  for (const char* key : {"talk_seconds", "wait_seconds"}) {
    auto v = call.find(key);
    params[key] = v != call.end() && v->is_number_integer() ? v->get<std::int64_t>() : 0;
  }
  params["target"] = flag(call, "target") ? 1 : 0;
  params["call_status"] = call.value("status", "");

  json events = json::array();
  events.push_back({{"name", "call"}, {"params", params}});
  if (flag(call, "unique")) events.push_back({{"name", "unique_call"}, {"params", params}});
  if (flag(call, "unique_target")) events.push_back({{"name", "unique_target_call"}, {"params", params}});

  json body{{"client_id", visitor.client_id}};
  if (auto started = call.find("started_at"); started != call.end() && started->is_string()) {
    if (auto at = parse_rfc3339(started->get<std::string>()); at && *at <= now && now - *at < std::chrono::hours(72))
      body["timestamp_micros"] = to_unix_ms(*at) * 1000;
  }
  body["events"] = std::move(events);
  return body;
}

}  // namespace callsign::integrations
