// The WAL write-gathering VFS (storage/sqlite/wal_write_buffer.hpp) that every Connection opens with: a commit's
// frames reach the file in one write, and no reader ever sees a frame that is not in the file.
#include <sqlite3.h>

#include <fstream>
#include <optional>
#include <string>

#include "storage/sqlite/connection.hpp"
#include "storage_test_support.hpp"

namespace callsign::storage::testing {
namespace {

using sqlite::Connection;

// Write system calls this process has made so far (/proc/self/io), when the kernel counts them.
std::optional<long> write_syscalls() {
  std::ifstream io("/proc/self/io");
  std::string key;
  long value = 0;
  while (io >> key >> value)
    if (key == "syscw:") return value;
  return std::nullopt;
}

class WalWriteBufferTest : public StorageTest {
 protected:
  std::string path() const { return (dir_.path() / "wal.db").string(); }
  std::unique_ptr<Connection> open(const char* pragmas) {
    auto c = Connection::open(path(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    EXPECT_TRUE(c.has_value()) << c.error().message;
    auto r = (*c)->exec(pragmas);
    EXPECT_TRUE(r.has_value()) << r.error().message;
    return std::move(*c);
  }
  std::unique_ptr<Connection> open_writer(const char* synchronous = "FULL") {
    auto c = open("PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0;");
    EXPECT_TRUE(c->exec(std::string("PRAGMA synchronous=") + synchronous));
    EXPECT_TRUE(c->exec("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, body BLOB)"));
    return c;
  }
  // Inserts rows [from, from + n) of `size`-byte bodies in one transaction.
  static void insert_rows(Connection& db, int from, int n, int size) {
    ASSERT_TRUE(db.exec("BEGIN"));
    for (int i = from; i < from + n; ++i) {
      auto q = db.query("INSERT INTO t(id, body) VALUES (?, zeroblob(?))");
      ASSERT_TRUE(q);
      ASSERT_TRUE(q->bind_all(std::int64_t{i}, std::int64_t{size}).run());
    }
    ASSERT_TRUE(db.exec("COMMIT"));
  }
  static std::int64_t scalar(Connection& db, const char* sql) {
    auto q = db.prepare(sql);
    EXPECT_TRUE(q);
    auto row = q->step();
    EXPECT_TRUE(row && *row);
    return q->int64(0);
  }
  static std::string integrity(Connection& db) {
    auto q = db.prepare("PRAGMA integrity_check");
    EXPECT_TRUE(q);
    auto row = q->step();
    return row && *row ? q->text(0) : "";
  }
};

TEST_F(WalWriteBufferTest, ACommitsFramesReachTheFileInAFewWritesNotTwoPerFrame) {
  auto writer = open_writer();
  if (!write_syscalls()) GTEST_SKIP() << "this kernel does not count write system calls";
  const long before = *write_syscalls();
  insert_rows(*writer, 0, 200, 3000);  // ~150 pages: ~150 frames, which SQLite writes as ~300 pwrite() calls
  const long writes = *write_syscalls() - before;
  EXPECT_LT(writes, 30) << "write system calls for one commit of ~600 KB";
  auto reader = open("PRAGMA query_only=ON");
  EXPECT_EQ(scalar(*reader, "SELECT count(*) FROM t"), 200);
  EXPECT_EQ(scalar(*reader, "SELECT sum(length(body)) FROM t"), 200 * 3000);
}

TEST_F(WalWriteBufferTest, WithoutSyncsAReaderStillSeesEveryCommittedFrame) {
  // synchronous=OFF: no sync flushes the gathered frames; publishing the commit (the WAL-index header) must.
  auto writer = open_writer("OFF");
  auto reader = open("PRAGMA query_only=ON");
  for (int round = 0; round < 30; ++round) {
    insert_rows(*writer, round * 20, 20, 1500);
    ASSERT_EQ(scalar(*reader, "SELECT count(*) FROM t"), (round + 1) * 20) << "round " << round;
    ASSERT_EQ(scalar(*reader, "SELECT sum(length(body)) FROM t"), (round + 1) * 20 * 1500) << "round " << round;
  }
  EXPECT_EQ(integrity(*reader), "ok");
}

TEST_F(WalWriteBufferTest, ATransactionBiggerThanTheBufferAndThePageCacheReadsItsOwnFramesBack) {
  auto writer = open_writer();
  ASSERT_TRUE(writer->exec("PRAGMA cache_size=20"));  // forces pages out to the WAL mid-transaction
  ASSERT_TRUE(writer->exec("BEGIN"));
  for (int i = 0; i < 3000; ++i) {
    auto q = writer->query("INSERT INTO t(id, body) VALUES (?, zeroblob(1000))");
    ASSERT_TRUE(q);
    ASSERT_TRUE(q->bind_all(std::int64_t{i}).run());
  }
  ASSERT_TRUE(writer->exec("UPDATE t SET body = zeroblob(1200) WHERE id % 7 = 0"));  // re-reads spilled pages
  ASSERT_TRUE(writer->exec("COMMIT"));
  EXPECT_EQ(integrity(*writer), "ok");
  writer.reset();  // closes: the last connection checkpoints the WAL into the database file

  auto again = open("PRAGMA query_only=ON");
  EXPECT_EQ(integrity(*again), "ok");
  EXPECT_EQ(scalar(*again, "SELECT count(*) FROM t"), 3000);
  EXPECT_EQ(scalar(*again, "SELECT sum(length(body)) FROM t"), 3000 * 1000 + 429 * 200);
}

}  // namespace
}  // namespace callsign::storage::testing
