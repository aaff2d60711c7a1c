#pragma once
// Who is calling: the admin token, a project's api key, or nobody. Secrets are compared by their SHA-256
// (admin: constant-time; api keys: looked up by hash, which reveals nothing about the key).
#include <memory>
#include <optional>
#include <string>

#include "api/project_cache.hpp"
#include "common/result.hpp"
#include "domain/project.hpp"
#include "http/message.hpp"
#include "storage/store.hpp"

namespace callsign::api {

struct Principal {
  bool admin = false;
  std::string project_id;  // set for a project api key
};

class Authenticator {
 public:
  // `admin_token_hash`: sha256_hex of the admin token.
  explicit Authenticator(std::string admin_token_hash)
      : admin_token_hash_(std::move(admin_token_hash)), projects_(std::make_shared<ProjectCache>()) {}

  // From "Authorization: Bearer <token>". Errors: 401 unauthorized (missing/unknown token),
  // 403 public_key_not_allowed (a public key on a private route).
  Result<Principal> authenticate(const http::RequestContext& ctx, storage::Store& store) const;

  // The project `project_id` if `who` may see it; Error{not_found} otherwise (never reveals existence).
  Result<domain::Project> visible_project(const Principal& who, const std::string& project_id,
                                          storage::Store& store) const;

  // The projects the authenticator has looked up; handlers that change a project must forget() it.
  ProjectCache& projects() const { return *projects_; }

 private:
  std::string admin_token_hash_;
  std::shared_ptr<ProjectCache> projects_;
};

}  // namespace callsign::api
