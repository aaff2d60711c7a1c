#include "domain/visitor_session.hpp"

#include "domain/pool.hpp"

namespace callsign::domain {

std::string_view to_string(SessionEventType type) {
  switch (type) {
    case SessionEventType::tel_click: return "tel_click";
    case SessionEventType::page_view: return "page_view";
    case SessionEventType::form_submit: return "form_submit";
  }
  return "page_view";
}

std::optional<SessionEventType> session_event_type_from_string(std::string_view text) {
  for (auto type : {SessionEventType::tel_click, SessionEventType::page_view, SessionEventType::form_submit})
    if (to_string(type) == text) return type;
  return std::nullopt;
}

std::string_view to_string(WhenExhausted policy) {
  return policy == WhenExhausted::default_number ? "default_number" : "reuse_oldest";
}

std::optional<WhenExhausted> when_exhausted_from_string(std::string_view text) {
  for (auto policy : {WhenExhausted::reuse_oldest, WhenExhausted::default_number})
    if (to_string(policy) == text) return policy;
  return std::nullopt;
}

}  // namespace callsign::domain
