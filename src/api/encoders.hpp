#pragma once
// Domain objects → the JSON shapes of API.md. Secrets never appear here.
#include <nlohmann/json.hpp>

#include "domain/call.hpp"
#include "domain/pool.hpp"
#include "domain/pool_allocator.hpp"
#include "domain/visitor_session.hpp"
#include "domain/project.hpp"
#include "domain/routing_plan.hpp"
#include "domain/tracking_number.hpp"

namespace callsign::api {

nlohmann::json encode_project(const domain::Project& project);
nlohmann::json encode_number(const domain::TrackingNumber& number);
nlohmann::json encode_call(const domain::Call& call);
nlohmann::json encode_pool(const domain::Pool& pool, std::size_t numbers);
nlohmann::json encode_operator(const domain::OperatorRecord& op);
nlohmann::json encode_operator_group(const domain::OperatorGroup& group);
nlohmann::json encode_routing_plan(const domain::RoutingPlanRecord& plan);
// {channel, source, medium, campaign, term, content}
nlohmann::json encode_traffic_source(const domain::TrafficSource& source);
// GET …/pools/{id}/stats: the range's figures, and the live ones when the pool is loaded.
nlohmann::json encode_pool_stats(const domain::Pool& pool, std::size_t size, const domain::PoolUsage& usage,
                                 const std::optional<domain::PoolStats>& live, Timestamp from, Timestamp to);

}  // namespace callsign::api
