#include "app/existing_store.hpp"

#include <filesystem>

namespace callsign::app {

Result<std::unique_ptr<storage::Store>> open_existing_store(const std::string& data_dir) {
  const auto path = std::filesystem::path(data_dir) / "callsign.db";
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    return fail(Error::not_found("no database at " + path.string() + " (give the server's --data-dir)"));
  return storage::Store::open({path.string(), 1, 1});
}

Result<domain::Project> find_project(storage::Store& store, const std::string& project_id) {
  auto found = store.read([&](domain::Repositories& repos) { return repos.projects().find(project_id); });
  if (!found) return fail(found.error());
  if (!*found) return fail(Error::not_found("no project " + project_id));
  return std::move(**found);
}

}  // namespace callsign::app
