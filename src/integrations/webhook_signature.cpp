#include "integrations/webhook_signature.hpp"

#include "common/crypto.hpp"

namespace callsign::integrations {

std::string webhook_signature(std::string_view secret, std::int64_t unix_seconds, std::string_view body) {
  const std::string t = std::to_string(unix_seconds);
  std::string signed_payload;
  signed_payload.reserve(t.size() + 1 + body.size());
  signed_payload.append(t).append(".").append(body);
  return "t=" + t + ",v1=" + to_hex(hmac_sha256(secret, signed_payload));
}

}  // namespace callsign::integrations
