#include "app/admin_token.hpp"

#include <filesystem>
#include <fstream>

#include "common/crypto.hpp"

namespace callsign::app {

Result<AdminToken> resolve_admin_token(const std::optional<std::string>& given, const std::string& data_dir) {
  namespace fs = std::filesystem;
  const fs::path file = fs::path(data_dir) / "admin_token.sha256";
  if (given) return AdminToken{sha256_hex(*given), std::nullopt};

  if (std::ifstream in(file); in) {
    std::string hash;
    in >> hash;
    if (hash.size() == 64) return AdminToken{hash, std::nullopt};
    return fail(Error::invalid("admin_token", file.string() + " is damaged; delete it to generate a new admin token"));
  }
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  const std::string token = "adm_" + random_token(25);
  const std::string hash = sha256_hex(token);
  std::ofstream out(file, std::ios::trunc);
  out << hash << "\n";
  out.close();
  if (!out) return fail(Error::internal("cannot write " + file.string()));
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write, ec);
  return AdminToken{hash, token};
}

}  // namespace callsign::app
