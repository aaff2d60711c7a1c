#pragma once
// A website visit as the DNI snippet reports it, the events it sends, and the leases of pool numbers it held
// (DESIGN.md §1: a call to a pool number at t is attributed to the session that held it at t).
#include <optional>
#include <string>
#include <string_view>

#include "common/time.hpp"
#include "domain/traffic_source.hpp"

namespace callsign::domain {

struct VisitorSession {
  std::string id;          // "ses_…"
  std::string project_id;
  std::string visitor_id;  // "vis_…"; kept across a returning visitor's sessions
  Timestamp started_at{};
  Timestamp last_seen_at{};  // the latest of start, pings and events
  std::string page_url;      // the landing page as the browser had it (query included)
  std::optional<std::string> referrer;
  TrafficSource source;      // channel, source, medium, campaign, term, content, click ids, landing page
  std::optional<std::string> ga_client_id;   // from the _ga cookie
  std::optional<std::string> ga_session_id;  // from the _ga_<stream> cookie
  std::optional<std::string> user_agent;
  std::optional<std::string> ip;
  friend bool operator==(const VisitorSession&, const VisitorSession&) = default;
};

enum class SessionEventType { tel_click, page_view, form_submit };
std::string_view to_string(SessionEventType);  // "tel_click", "page_view", "form_submit"
std::optional<SessionEventType> session_event_type_from_string(std::string_view);

struct SessionEvent {
  std::string session_id;
  SessionEventType type = SessionEventType::page_view;
  Timestamp at{};
  std::optional<std::string> page_url;
  friend bool operator==(const SessionEvent&, const SessionEvent&) = default;
};

// One lease of a pool number as stored: live at t iff started_at <= t < end().
struct LeaseRecord {
  std::string pool_id;
  std::string number;  // E.164
  std::string session_id;
  std::string visitor_id;
  Timestamp started_at{};
  Timestamp last_seen{};
  Timestamp held_until{};           // last_seen + the pool's hold when last seen
  std::optional<Timestamp> ended_at;  // expiry noticed (== held_until) or handed over early (reuse_oldest)
  Timestamp end() const { return ended_at ? *ended_at : held_until; }
  friend bool operator==(const LeaseRecord&, const LeaseRecord&) = default;
};

// A pool's figures over [from, to) (GET …/pools/{pool_id}/stats).
struct PoolUsage {
  std::size_t peak_in_use = 0;        // most leases live at one instant in the range
  std::uint64_t leases_started = 0;   // leases that began in the range
  std::uint64_t sessions_total = 0;   // distinct sessions that held one of the pool's numbers in the range
  std::uint64_t exhausted_total = 0;  // requests that found no free number in the range
};

}  // namespace callsign::domain
