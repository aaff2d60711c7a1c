#pragma once
// Commands that work on a server's database directly (import, pool advise): open it only if it exists, and find
// a project in it.
#include <memory>
#include <string>

#include "common/result.hpp"
#include "domain/project.hpp"
#include "storage/store.hpp"

namespace callsign::app {

// Opens `data_dir`/callsign.db with one reader; Error{not_found} when there is no database there (a mistyped
// --data-dir must not create an empty one). The database may be in use by a running server.
Result<std::unique_ptr<storage::Store>> open_existing_store(const std::string& data_dir);

// Error{not_found} when the project does not exist.
Result<domain::Project> find_project(storage::Store& store, const std::string& project_id);

}  // namespace callsign::app
