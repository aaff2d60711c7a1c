#pragma once
// Secrets and identifiers: random tokens, one-way hashes for stored secrets, constant-time comparison.
#include <string>
#include <string_view>

namespace callsign {

// `bytes` of cryptographically secure randomness, rendered in lowercase base32 (no padding).
// Aborts only if the OS random source fails, which is a broken machine, not a request error.
std::string random_token(std::size_t bytes);

// A new identifier such as "call_01jd3k5m2q7x4tz6c8va" (prefix + '_' + 20 base32 characters): 10 encode the
// creation time in milliseconds, 10 are random (50 bits). Ids made later sort after earlier ones (to the
// millisecond), so new rows land at the end of primary-key indexes instead of on random pages — the writer
// then dirties a few pages per transaction instead of one per row. Not a secret: never use as a credential.
std::string new_id(std::string_view prefix);

// Lowercase hex SHA-256 of `data`; how api keys and the admin token are stored and looked up.
std::string sha256_hex(std::string_view data);

// Raw HMAC digests (not hex), for Twilio (SHA-1) and our own webhook signatures (SHA-256).
std::string hmac_sha1(std::string_view key, std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);

std::string to_hex(std::string_view bytes);
std::string base64_encode(std::string_view bytes);

// True when a == b; the time taken depends only on the lengths, never on where they differ.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace callsign
