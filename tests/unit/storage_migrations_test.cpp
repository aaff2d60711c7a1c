// Schema migrations: a new file gets every version, reopening changes nothing, a newer file is refused.
#include <sqlite3.h>

#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/migrations.hpp"
#include "storage_test_support.hpp"

namespace callsign::storage::testing {
namespace {

using sqlite::Connection;

std::unique_ptr<Connection> raw(const std::string& path) {
  auto c = Connection::open(path, SQLITE_OPEN_READWRITE);
  EXPECT_TRUE(c) << c.error().message;
  return std::move(*c);
}

std::vector<std::string> rows(Connection& db, std::string_view sql) {
  std::vector<std::string> out;
  auto q = db.prepare(sql);
  EXPECT_TRUE(q) << q.error().message;
  while (q->step() == true) out.push_back(q->text(0));
  return out;
}

class MigrationsTest : public StorageTest {};

TEST_F(MigrationsTest, NewFileIsMigratedToTheLatestVersion) {
  const int latest = Store::latest_schema_version();
  ASSERT_GE(latest, 2);
  auto store = open_store();
  ASSERT_TRUE(store);
  EXPECT_EQ(store->schema_version(), latest);
  store.reset();

  auto db = raw(db_path());
  std::vector<std::string> versions;
  for (int v = 1; v <= latest; ++v) versions.push_back(std::to_string(v));
  EXPECT_EQ(rows(*db, "SELECT version FROM schema_migrations ORDER BY version"), versions);
  auto applied = rows(*db, "SELECT applied_at FROM schema_migrations");
  ASSERT_EQ(applied.size(), versions.size());
  for (const auto& at : applied) EXPECT_TRUE(parse_rfc3339(at).has_value()) << at;
  EXPECT_EQ(rows(*db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"),
            (std::vector<std::string>{"call_rollup", "call_rollup_basis", "call_rollup_dirty", "calls", "costs", "deals", "deliveries", "leases", "operator_groups", "operators",
                                      "outbox_events", "pool_exhaustions", "pools", "projects", "rollup_state", "routing_plans",
                                      "routing_state", "schema_migrations", "session_events", "session_rollup",
                                      "session_rollup_campaign", "session_rollup_daily", "session_rollup_days", "sessions", "telephony_events", "tracking_numbers",
                                      "webhooks"}));
  auto indexes = rows(*db, "SELECT name FROM sqlite_schema WHERE type = 'index' AND name LIKE 'calls_%' ORDER BY name");
  // Every index on calls costs every ingested call; a new one needs a measured reason (calls_report: decision 0008).
  EXPECT_EQ(indexes, (std::vector<std::string>{"calls_by_caller", "calls_by_external_id", "calls_by_start",
                                               "calls_live_by_operator", "calls_report"}));
  // So does every trigger on calls: the call rollup's mark an hour dirty (one small upsert; decision 0008).
  EXPECT_EQ(rows(*db, "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'calls' ORDER BY name"),
            (std::vector<std::string>{"calls_rollup_delete", "calls_rollup_insert", "calls_rollup_update",
                                      "calls_started_at_to_deals"}));
  // The lease table is written by every session start and ping: the same budget applies.
  EXPECT_EQ(rows(*db, "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'leases' ORDER BY name"),
            (std::vector<std::string>{"leases_by_number", "leases_by_pool", "leases_open"}));
  EXPECT_EQ(rows(*db, "PRAGMA journal_mode"), std::vector<std::string>{"wal"});
}

TEST_F(MigrationsTest, ReopeningIsANoOpAndKeepsData) {
  auto store = open_store();
  ASSERT_TRUE(store);
  write_ok(*store, [](domain::Repositories& repos) { return repos.projects().insert(sample_project("a")); });
  store.reset();
  std::vector<std::string> before;
  {
    auto db = raw(db_path());
    before = rows(*db, "SELECT version || ' ' || applied_at FROM schema_migrations");
  }
  store = open_store();
  ASSERT_TRUE(store);
  EXPECT_EQ(store->schema_version(), Store::latest_schema_version());
  auto found = store->read([](domain::Repositories& repos) { return repos.projects().find("prj_a"); });
  ASSERT_TRUE(found);
  EXPECT_TRUE(found->has_value());
  store.reset();
  auto db = raw(db_path());
  EXPECT_EQ(rows(*db, "SELECT version || ' ' || applied_at FROM schema_migrations"), before);
  auto version = sqlite::migrate(*db);  // directly, a third time
  ASSERT_TRUE(version);
  EXPECT_EQ(*version, Store::latest_schema_version());
}

TEST_F(MigrationsTest, RefusesADatabaseFromANewerBinary) {
  ASSERT_TRUE(open_store());
  {
    auto db = raw(db_path());
    ASSERT_TRUE(db->exec("INSERT INTO schema_migrations(version, applied_at) VALUES (99, '2030-01-01T00:00:00Z')"));
  }
  StoreOptions options;
  options.path = db_path();
  auto store = Store::open(options);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().kind, ErrorKind::internal);
  EXPECT_NE(store.error().message.find("newer"), std::string::npos) << store.error().message;
}

TEST_F(MigrationsTest, OpenCreatesTheFolderAndNamesAFileItCannotOpen) {
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(db_path()).parent_path()));
  ASSERT_TRUE(open_store());
  EXPECT_TRUE(std::filesystem::exists(db_path()));

  StoreOptions options;
  options.path = (dir_.path() / "data").string();  // a folder, not a database file
  auto store = Store::open(options);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().kind, ErrorKind::internal);
  EXPECT_NE(store.error().message.find(options.path), std::string::npos) << store.error().message;
}

}  // namespace
}  // namespace callsign::storage::testing
