#pragma once
// Versioned schema migrations. Each version is one SQL script applied in its own transaction together with
// its row in schema_migrations(version, applied_at), so a crash leaves the database at a whole version.
// Scripts are append-only: a released version is never edited, a change is a new version.
#include "common/result.hpp"
#include "storage/sqlite/connection.hpp"

namespace callsign::storage::sqlite {

// The newest schema version this binary knows.
int latest_schema_version();

// The version recorded in `connection`'s database: 0 for a new file. Errors: Error{internal}.
Result<int> schema_version(Connection& connection);

// Brings the database to latest_schema_version(), applying each missing version in order; a no-op when it is
// already there. Safe against another process migrating the same file at the same time (each version is
// re-checked under the write lock). Returns the resulting version.
// Errors: Error{internal} naming the version that failed (the database stays at the version before it), or
// when the database is newer than this binary.
Result<int> migrate(Connection& connection);

}  // namespace callsign::storage::sqlite
