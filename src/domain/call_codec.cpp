#include "domain/call_codec.hpp"

namespace callsign::domain {

using nlohmann::json;

namespace {

template <class T>
json or_null(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

json or_null(const std::optional<Timestamp>& t) { return t ? json(format_rfc3339(*t)) : json(nullptr); }

json encode_attribution(const Attribution& a) {
  return {{"method", to_string(a.method)},
          {"confidence", a.confidence},
          {"session_id", or_null(a.session_id)},
          {"visitor_id", or_null(a.visitor_id)},
          {"channel", or_null(a.channel)},
          {"source", or_null(a.source)},
          {"medium", or_null(a.medium)},
          {"campaign", or_null(a.campaign)},
          {"term", or_null(a.term)},
          {"content", or_null(a.content)},
          {"gclid", or_null(a.gclid)},
          {"landing_page", or_null(a.landing_page)}};
}

json encode_flags(const CallFlags& f) {
  return {{"answered", f.answered}, {"missed", f.missed},         {"abandoned", f.abandoned},
          {"target", f.target},     {"first_time", f.first_time}, {"unique", f.unique},
          {"repeat", f.repeat},     {"unique_target", f.unique_target}, {"off_hours", f.off_hours},
          {"spam", f.spam}};
}

}  // namespace

json encode_call(const Call& c) {
  return {{"id", c.id},
          {"external_id", c.external_id},
          {"tracking_number", c.tracking_number},
          {"caller", c.caller},
          {"caller_region", c.caller_region.empty() ? json(nullptr) : json(c.caller_region)},
          {"caller_line_type", c.caller_line_type},
          {"started_at", format_rfc3339(c.started_at)},
          {"answered_at", or_null(c.answered_at)},
          {"ended_at", or_null(c.ended_at)},
          {"wait_seconds", or_null(c.wait_seconds())},
          {"talk_seconds", or_null(c.talk_seconds())},
          {"status", to_string(c.status)},
          {"operator", or_null(c.operator_name)},
          {"operator_id", or_null(c.operator_id)},
          {"recording_url", or_null(c.recording_url)},
          {"attribution", encode_attribution(c.attribution)},
          {"flags", encode_flags(c.flags)},
          {"tags", c.tags},
          {"created_at", format_rfc3339(c.created_at)},
          {"updated_at", format_rfc3339(c.updated_at)}};
}

json encode_deal(const Deal& d) {
  return {{"id", d.id},
          {"external_id", d.external_id},
          {"call_id", or_null(d.call_id)},
          {"caller", or_null(d.caller)},
          {"created_at", format_rfc3339(d.created_at)},
          {"amount", d.amount},
          {"profit", or_null(d.profit)},
          {"status", to_string(d.status)},
          {"updated_at", format_rfc3339(d.updated_at)}};
}

}  // namespace callsign::domain
