#pragma once
// The admin token: given (flag, env, config) or generated once at first start. Only its SHA-256 is kept,
// in DATA_DIR/admin_token.sha256, so a restarted server without a token still knows the old one.
#include <optional>
#include <string>

#include "common/result.hpp"

namespace callsign::app {

struct AdminToken {
  std::string hash;                      // sha256 hex
  std::optional<std::string> generated;  // set when this call created a new token: print it once
};

Result<AdminToken> resolve_admin_token(const std::optional<std::string>& given, const std::string& data_dir);

}  // namespace callsign::app
