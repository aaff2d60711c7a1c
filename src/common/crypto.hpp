#pragma once
// Secrets and identifiers: random tokens, one-way hashes for stored secrets, constant-time comparison.
#include <string>
#include <string_view>

namespace callsign {

// `bytes` of cryptographically secure randomness, rendered in lowercase base32 (no padding).
// Aborts only if the OS random source fails, which is a broken machine, not a request error.
std::string random_token(std::size_t bytes);

// A new identifier such as "prj_k3j5..." (prefix + '_' + 16 random base32 characters).
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
