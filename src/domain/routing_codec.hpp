#pragma once
// The JSON shapes of routing (docs/api/openapi.yaml "routing"): destinations, fallbacks and plan members. Used by
// the API (requests and responses) and by storage (the routing_plans JSON columns), so the two never disagree.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "domain/routing_plan.hpp"

namespace callsign::domain {

// True for a SIP URI of the form "sip:user@host[:port][;params]": printable ASCII without spaces, quotes or
// angle brackets, at most 256 characters, a user part and a host of letters, digits, '.', '-' (an IPv6 host in
// brackets). Light on purpose: the carrier does the real parsing.
bool is_sip_uri(std::string_view text);

// Where a call can be sent: a phone number in any common written form (read with `country`, returned in
// E.164) or a SIP URI (returned as given, is_sip_uri). Error{invalid, field} for anything else. Thread-safe.
Result<std::string> normalize_destination(std::string_view text, std::string_view country, const std::string& field);

// {"forward_to": "<E.164 or sip:>"} or {"voicemail": true}.
nlohmann::json encode_fallback(const Fallback& fallback);
// The reverse; `forward_to` goes through normalize_destination. Errors: Error{invalid} naming `field` (not
// exactly one of the two keys, voicemail not true) or `field.forward_to` (not a destination).
Result<Fallback> decode_fallback(const nlohmann::json& value, const std::string& field, std::string_view country);

// [{"operator_id": "op_…"} | {"group_id": "grp_…"}, …] in order.
nlohmann::json encode_members(const std::vector<RoutingMember>& members);
// The reverse, checking only the shape (not that the ids exist). Errors: Error{invalid, field} when `value` is
// not a list of at most `max_members` objects with exactly one non-empty string id each.
Result<std::vector<RoutingMember>> decode_members(const nlohmann::json& value, const std::string& field,
                                                  std::size_t max_members);

}  // namespace callsign::domain
