// The thin SQLite wrapper: Connection (open, exec, statement cache) and Query (bind, step, columns, errors).
#include <chrono>
#include <future>
#include <thread>

#include <sqlite3.h>

#include "storage/sqlite/connection.hpp"
#include "storage_test_support.hpp"

namespace callsign::storage::testing {
namespace {

using sqlite::Connection;

class SqliteWrapperTest : public StorageTest {
 protected:
  std::unique_ptr<Connection> open_connection() {
    auto c = Connection::open((dir_.path() / "w.db").string(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    EXPECT_TRUE(c.has_value()) << c.error().message;
    auto r = (*c)->exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE, score REAL, flag INTEGER)");
    EXPECT_TRUE(r.has_value()) << r.error().message;
    return std::move(*c);
  }
};

TEST_F(SqliteWrapperTest, BindsAndReadsEveryColumnKind) {
  auto db = open_connection();
  {
    auto q = db->query("INSERT INTO t(id, name, score, flag) VALUES (?, ?, ?, ?)");
    ASSERT_TRUE(q);
    ASSERT_TRUE(q->bind_all(std::int64_t{1}, std::string("one"), 2.5, true).run());
  }
  {
    auto q = db->query("INSERT INTO t(id, name, score, flag) VALUES (?, ?, ?, ?)");
    ASSERT_TRUE(q);
    ASSERT_TRUE(q->bind_all(2, std::optional<std::string>{}, nullptr, false).run());
  }
  {
    auto q = db->query("INSERT INTO t(id, name, score, flag) VALUES (?, ?, ?, ?)");
    ASSERT_TRUE(q);
    ASSERT_TRUE(q->bind_all(3, std::string_view(""), 0.0, 0).run());
  }
  EXPECT_EQ(db->changes(), 1);

  auto q = db->query("SELECT id, name, score, flag FROM t ORDER BY id");
  ASSERT_TRUE(q);
  ASSERT_EQ(q->step(), true);
  EXPECT_EQ(q->int64(0), 1);
  EXPECT_EQ(q->optional_text(1), "one");
  EXPECT_DOUBLE_EQ(q->real(2), 2.5);
  EXPECT_TRUE(q->boolean(3));
  ASSERT_EQ(q->step(), true);
  EXPECT_EQ(q->optional_text(1), std::nullopt);  // NULL stays NULL
  EXPECT_TRUE(q->is_null(2));
  EXPECT_EQ(q->optional_int64(2), std::nullopt);
  EXPECT_FALSE(q->boolean(3));
  ASSERT_EQ(q->step(), true);
  EXPECT_EQ(q->optional_text(1), std::optional<std::string>(""));  // "" is not NULL
  EXPECT_EQ(q->step(), false);
}

TEST_F(SqliteWrapperTest, ErrorsAreValuesWithSqliteMessage) {
  auto db = open_connection();
  auto bad = db->query("SELEKT 1");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, ErrorKind::internal);
  EXPECT_NE(bad.error().message.find("syntax error"), std::string::npos) << bad.error().message;

  auto exec = db->exec("CREATE TABLE t (x)");
  ASSERT_FALSE(exec);
  EXPECT_NE(exec.error().message.find("already exists"), std::string::npos) << exec.error().message;

  ASSERT_TRUE(db->exec("INSERT INTO t(id, name) VALUES (1, 'a')"));
  auto q = db->query("INSERT INTO t(id, name) VALUES (?, ?)");
  ASSERT_TRUE(q);
  auto r = q->bind_all(2, "a").run();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::internal);
  EXPECT_EQ(q->error_code(), SQLITE_CONSTRAINT_UNIQUE);
  EXPECT_TRUE(q->violated_unique("t.name"));
  EXPECT_FALSE(q->violated_unique("t.id"));

  auto range = db->query("SELECT ?");
  ASSERT_TRUE(range);
  auto stepped = range->bind(5, 1).step();  // no parameter 5: reported by step(), not thrown
  ASSERT_FALSE(stepped);
  EXPECT_EQ(stepped.error().kind, ErrorKind::internal);
}

TEST_F(SqliteWrapperTest, CachedStatementIsReusedAndNestedUseGetsItsOwn) {
  auto db = open_connection();
  ASSERT_TRUE(db->exec("INSERT INTO t(id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c')"));
  constexpr std::string_view sql = "SELECT name FROM t WHERE id >= ? ORDER BY id";
  for (int round = 0; round < 3; ++round) {  // reset + cleared bindings between uses
    auto q = db->query(sql);
    ASSERT_TRUE(q);
    ASSERT_EQ(q->bind_all(2).step(), true);
    EXPECT_EQ(q->text(0), "b");
  }
  auto outer = db->query(sql);
  ASSERT_TRUE(outer);
  outer->bind_all(1);
  std::string seen;
  while (outer->step() == true) {
    auto inner = db->query(sql);  // same text while the outer one is mid-iteration
    ASSERT_TRUE(inner);
    ASSERT_EQ(inner->bind_all(3).step(), true);
    seen += outer->text(0) + inner->text(0) + " ";
  }
  EXPECT_EQ(seen, "ac bc cc ");
}

TEST_F(SqliteWrapperTest, OpenFailureNamesTheFile) {
  const std::string missing = (dir_.path() / "no" / "such" / "folder" / "x.db").string();
  auto c = Connection::open(missing, SQLITE_OPEN_READONLY);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().kind, ErrorKind::internal);
  EXPECT_NE(c.error().message.find(missing), std::string::npos) << c.error().message;
}

}  // namespace
}  // namespace callsign::storage::testing

namespace callsign::storage::testing {
namespace {

// Connection::open turns SQLite's memory statistics off before SQLite initializes (library_config.hpp): with them
// on, every SQLite allocation in every thread takes one process-wide mutex. Off, SQLite counts nothing.
TEST_F(SqliteWrapperTest, SqliteKeepsNoMemoryStatistics) {
  auto db = open_connection();
  for (int i = 0; i < 100; ++i) {
    auto q = db->query("INSERT INTO t(name) VALUES (?)");
    ASSERT_TRUE(q);
    ASSERT_TRUE(q->bind_all(std::string(200, 'x') + std::to_string(i)).run());
  }
  EXPECT_EQ(sqlite3_memory_used(), 0);
  EXPECT_EQ(sqlite3_memory_highwater(0), 0);
}

// The busy handler that replaces SQLite's default (which sleeps up to 100 ms a time): a statement waiting for another
// connection's write lock goes on once the lock is freed, and still fails with SQLITE_BUSY after its timeout.
TEST_F(SqliteWrapperTest, AWaitForAnotherConnectionsLockEndsWhenItIsFreedOrAtTheTimeout) {
  auto holder = open_connection();
  auto waiter = Connection::open((dir_.path() / "w.db").string(), SQLITE_OPEN_READWRITE);
  ASSERT_TRUE(waiter.has_value()) << waiter.error().message;
  ASSERT_TRUE(holder->exec("BEGIN IMMEDIATE"));

  ASSERT_TRUE((*waiter)->set_busy_timeout(50));
  const auto started = std::chrono::steady_clock::now();
  auto refused = (*waiter)->exec("BEGIN IMMEDIATE");
  EXPECT_FALSE(refused.has_value());  // the holder kept its lock for longer than the timeout
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(50));

  ASSERT_TRUE((*waiter)->set_busy_timeout(60000));
  auto begun = std::async(std::launch::async, [&] { return (*waiter)->exec("BEGIN IMMEDIATE"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // the waiter is now waiting for the lock
  ASSERT_TRUE(holder->exec("INSERT INTO t(id) VALUES (1)"));
  ASSERT_TRUE(holder->exec("COMMIT"));
  auto got = begun.get();  // ends once the lock is free, far inside its minute
  ASSERT_TRUE(got.has_value()) << got.error().message;
  ASSERT_TRUE((*waiter)->exec("INSERT INTO t(id) VALUES (2)"));
  ASSERT_TRUE((*waiter)->exec("COMMIT"));
}

}  // namespace
}  // namespace callsign::storage::testing
