#pragma once
// The Callsign-Signature header of a webhook delivery (API.md "Outbound"):
//   Callsign-Signature: t=<unix seconds>,v1=<lowercase hex HMAC-SHA256(secret, "<t>.<body>")>
// The receiver recomputes v1 over the raw body and rejects a stale t (replays). docs/integrations.md shows how.
#include <cstdint>
#include <string>
#include <string_view>

namespace callsign::integrations {

// The header value for `body` signed with `secret` at `unix_seconds`. Pure and thread-safe.
std::string webhook_signature(std::string_view secret, std::int64_t unix_seconds, std::string_view body);

}  // namespace callsign::integrations
