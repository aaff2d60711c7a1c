#include "storage/sqlite/project_repository.hpp"

#include "domain/settings_codec.hpp"

namespace callsign::storage::sqlite {
namespace {

using domain::Project;

constexpr std::string_view kSelect = "SELECT id, name, settings_json, api_key_hash, public_key, created_at FROM projects ";

std::string encode(const domain::ProjectSettings& settings) {
  // replace, not throw, on invalid UTF-8: writing must not throw on the request path.
  return domain::encode_settings(settings, domain::Secrets::include)
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<Project> read_project(const Query& q) {
  Project p;
  p.id = q.text(0);
  p.name = q.text(1);
  const std::string settings_json = q.text(2);
  auto parsed = nlohmann::json::parse(settings_json, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object())
    return fail(Error::internal("project " + p.id + " has unreadable settings_json"));
  if (auto r = domain::apply_settings(p.settings, parsed); !r)
    return fail(Error::internal("project " + p.id + " has an invalid stored setting " + r.error().field + ": " +
                                r.error().message));
  p.api_key_hash = q.text(3);
  p.public_key = q.text(4);
  p.created_at = from_unix_ms(q.int64(5));
  return p;
}

Result<void> unique_failure(const Query& q, const Project& p, Error error) {
  if (q.violated_unique("projects.id")) return fail(Error::conflict("id", "a project with id " + p.id + " already exists"));
  if (q.violated_unique("projects.api_key_hash"))
    return fail(Error::conflict("api_key", "this api key is already used by another project"));
  if (q.violated_unique("projects.public_key"))
    return fail(Error::conflict("public_key", "the public key " + p.public_key + " is already used by another project"));
  return fail(std::move(error));
}

}  // namespace

Result<void> SqliteProjectRepository::insert(const Project& project) {
  auto q = db_.query(
      "INSERT INTO projects(id, name, settings_json, api_key_hash, public_key, created_at) VALUES (?, ?, ?, ?, ?, ?)");
  if (!q) return fail(q.error());
  q->bind_all(project.id, project.name, encode(project.settings), project.api_key_hash, project.public_key,
              to_unix_ms(project.created_at));
  if (auto r = q->run(); !r) return unique_failure(*q, project, r.error());
  return {};
}

Result<void> SqliteProjectRepository::update(const Project& project) {
  auto q = db_.query("UPDATE projects SET name = ?, settings_json = ?, api_key_hash = ? WHERE id = ?");
  if (!q) return fail(q.error());
  q->bind_all(project.name, encode(project.settings), project.api_key_hash, project.id);
  if (auto r = q->run(); !r) return unique_failure(*q, project, r.error());
  if (db_.changes() == 0) return fail(Error::not_found("no project " + project.id));
  return {};
}

Result<std::optional<Project>> SqliteProjectRepository::find_one(std::string_view sql, const std::string& key) {
  auto q = db_.query(sql);
  if (!q) return fail(q.error());
  q->bind_all(key);
  return read_first_row(*q, read_project);
}

Result<std::optional<Project>> SqliteProjectRepository::find(const std::string& project_id) {
  static const std::string sql = std::string(kSelect) + "WHERE id = ?";
  return find_one(sql, project_id);
}

Result<std::optional<Project>> SqliteProjectRepository::find_by_api_key_hash(const std::string& api_key_hash) {
  static const std::string sql = std::string(kSelect) + "WHERE api_key_hash = ?";
  return find_one(sql, api_key_hash);
}

Result<std::optional<Project>> SqliteProjectRepository::find_by_public_key(const std::string& public_key) {
  static const std::string sql = std::string(kSelect) + "WHERE public_key = ?";
  return find_one(sql, public_key);
}

Result<std::vector<Project>> SqliteProjectRepository::list() {
  static const std::string sql = std::string(kSelect) + "ORDER BY created_at, rowid";
  auto q = db_.query(sql);
  if (!q) return fail(q.error());
  return read_all_rows(*q, read_project);
}

}  // namespace callsign::storage::sqlite
