#include "api/encoders.hpp"

#include "domain/call_codec.hpp"
#include "domain/routing_codec.hpp"
#include "domain/settings_codec.hpp"

namespace callsign::api {

using nlohmann::json;

namespace {

template <class T>
json or_null(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

}  // namespace

json encode_project(const domain::Project& p) {
  json out{{"id", p.id}, {"name", p.name}, {"public_key", p.public_key}, {"created_at", format_rfc3339(p.created_at)}};
  out.update(domain::encode_settings(p.settings, domain::Secrets::omit));
  return out;
}

json encode_number(const domain::TrackingNumber& n) {
  return {{"id", n.id},
          {"project_id", n.project_id},
          {"number", n.number},
          {"kind", n.kind == domain::NumberKind::pool ? "pool" : "static"},
          {"pool_id", or_null(n.pool_id)},
          {"channel", n.channel},
          {"source", or_null(n.source)},
          {"medium", or_null(n.medium)},
          {"campaign", or_null(n.campaign)},
          {"label", or_null(n.label)},
          {"forward_to", or_null(n.forward_to)},
          {"routing_plan_id", or_null(n.routing_plan_id)},
          {"created_at", format_rfc3339(n.created_at)}};
}

json encode_pool(const domain::Pool& p, std::size_t numbers) {
  return {{"id", p.id},
          {"project_id", p.project_id},
          {"name", p.name},
          {"hold_seconds", or_null(p.hold_seconds)},
          {"when_exhausted", domain::to_string(p.when_exhausted)},
          {"replace", p.replace},
          {"routing_plan_id", or_null(p.routing_plan_id)},
          {"size", numbers},
          {"created_at", format_rfc3339(p.created_at)}};
}

json encode_operator(const domain::OperatorRecord& op) {
  return {{"id", op.id},
          {"project_id", op.project_id},
          {"name", op.name},
          {"destination", op.destination},
          {"active", op.active},
          {"created_at", format_rfc3339(op.created_at)}};
}

json encode_operator_group(const domain::OperatorGroup& g) {
  return {{"id", g.id},
          {"project_id", g.project_id},
          {"name", g.name},
          {"operator_ids", g.operator_ids},
          {"created_at", format_rfc3339(g.created_at)}};
}

json encode_routing_plan(const domain::RoutingPlanRecord& p) {
  auto fallback = [](const std::optional<domain::Fallback>& f) {
    return f ? domain::encode_fallback(*f) : json(nullptr);
  };
  return {{"id", p.id},
          {"project_id", p.project_id},
          {"name", p.name},
          {"strategy", domain::to_string(p.strategy)},
          {"members", domain::encode_members(p.members)},
          {"ring_seconds", p.ring_seconds},
          {"schedule", p.schedule ? domain::encode_working_hours(*p.schedule) : json(nullptr)},
          {"off_hours", fallback(p.off_hours)},
          {"no_answer", fallback(p.no_answer)},
          {"created_at", format_rfc3339(p.created_at)}};
}

json encode_traffic_source(const domain::TrafficSource& s) {
  return {{"channel", domain::to_string(s.channel)},
          {"source", s.source},
          {"medium", s.medium},
          {"campaign", or_null(s.campaign)},
          {"term", or_null(s.term)},
          {"content", or_null(s.content)}};
}

json encode_pool_stats(const domain::Pool& pool, std::size_t size, const domain::PoolUsage& usage,
                       const std::optional<domain::PoolStats>& live, Timestamp from, Timestamp to) {
  return {{"pool_id", pool.id},
          {"from", format_rfc3339(from)},
          {"to", format_rfc3339(to)},
          {"size", size},
          {"in_use", live ? live->in_use : 0},
          {"peak_in_use", usage.peak_in_use},
          {"exhausted_total", usage.exhausted_total},
          {"sessions_total", usage.sessions_total},
          {"leases_started", usage.leases_started},
          // The peak reached the pool's size: some visitors saw the site's number or took a number still held.
          {"saturated", size > 0 && usage.peak_in_use >= size}};
}

json encode_call(const domain::Call& c) { return domain::encode_call(c); }

}  // namespace callsign::api
