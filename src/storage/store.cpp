#include "storage/store.hpp"

#include "storage/sqlite/migrations.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace callsign::storage {

// SQLite is the only engine for now; PostgreSQL will be chosen here by the path's scheme.
Result<std::unique_ptr<Store>> Store::open(const StoreOptions& options) {
  auto store = sqlite::SqliteStore::open(options);
  if (!store) return fail(store.error());
  return std::unique_ptr<Store>(std::move(*store));
}

int Store::latest_schema_version() { return sqlite::latest_schema_version(); }

}  // namespace callsign::storage
