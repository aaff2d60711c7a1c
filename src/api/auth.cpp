#include "api/auth.hpp"

#include "common/crypto.hpp"

namespace callsign::api {
namespace {

Error unauthorized(std::string message) { return {ErrorKind::unauthorized, "unauthorized", std::move(message), {}}; }

}  // namespace

Result<Principal> Authenticator::authenticate(const http::RequestContext& ctx, storage::Store& store) const {
  std::string_view header = ctx.header("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (header.size() <= kBearer.size() || header.substr(0, kBearer.size()) != kBearer)
    return fail(unauthorized("send \"Authorization: Bearer <api key or admin token>\""));
  std::string_view token = header.substr(kBearer.size());
  const std::string hash = sha256_hex(token);
  if (constant_time_equal(hash, admin_token_hash_)) return Principal{true, {}};

  auto project = projects_->by_api_key_hash(hash, store);
  if (!project) return fail(project.error());
  if (*project) return Principal{false, (*project)->id};

  auto by_public = projects_->by_public_key(std::string(token), store);
  if (by_public && *by_public)
    return fail(Error{ErrorKind::forbidden, "public_key_not_allowed",
                      "a public key only works for the snippet's endpoints; use the project's api key", {}});
  return fail(unauthorized("the token is not an api key or admin token of this server"));
}

Result<domain::Project> Authenticator::visible_project(const Principal& who, const std::string& project_id,
                                                       storage::Store& store) const {
  if (!who.admin && who.project_id != project_id) return fail(Error::not_found("no project " + project_id));
  auto project = projects_->by_id(project_id, store);
  if (!project) return fail(project.error());
  if (!*project) return fail(Error::not_found("no project " + project_id));
  return std::move(**project);
}

}  // namespace callsign::api
