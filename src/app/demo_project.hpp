#pragma once
// The demo's project (demo_shop.hpp): found by name, or created with its numbers, pool, operators and routing.
#include <string>

#include "common/result.hpp"
#include "common/time.hpp"
#include "domain/project.hpp"
#include "storage/store.hpp"

namespace callsign::app {

struct DemoProject {
  domain::Project project;
  bool created = false;  // false: found from an earlier run (its data is kept)
};

// The project named demo_shop::kProjectName, created in one unit of work when absent — so a restart finds it
// and a failed creation leaves nothing half-made. Errors: the store's.
Result<DemoProject> find_or_create_demo_project(storage::Store& store, Timestamp now);

// Gives the project a new api key (the old one stops working) and returns it; only its hash is stored.
Result<std::string> rotate_api_key(storage::Store& store, domain::Project& project);

}  // namespace callsign::app
