#pragma once
// The call list's query string → CallQuery, and its opaque keyset cursor.
#include <string>

#include "common/result.hpp"
#include "domain/repositories.hpp"
#include "http/message.hpp"

namespace callsign::api {

// from, to (RFC 3339), channel, status (a call status or "missed"), target, unique, first_time (true|false),
// tracking_number, operator, caller (exact), limit (1..200, default 50; with format=csv 1..100000, default
// 100000), cursor, format (json|csv).
// Errors: Error{invalid, field = the parameter}.
Result<domain::CallQuery> decode_call_query(const http::RequestContext& ctx);

// The query parameter `name` as an RFC 3339 instant; nullopt when absent; Error{invalid, field = name} when bad.
Result<std::optional<Timestamp>> decode_instant(const http::RequestContext& ctx, const std::string& name);

std::string encode_cursor(Timestamp started_at, const std::string& call_id);

}  // namespace callsign::api
