// The background checkpointer: the WAL is copied into the database file off the writer's thread, and stays short.
#include <filesystem>

#include "storage_test_support.hpp"

namespace callsign::storage::testing {
namespace {

class CheckpointerTest : public StorageTest {
 protected:
  std::unique_ptr<sqlite::SqliteStore> open_with_threshold(int pages) {
    StoreOptions options;
    options.path = db_path();
    options.checkpoint_pages = pages;
    auto store = sqlite::SqliteStore::open(options);
    if (!store) ADD_FAILURE() << "open failed: " << store.error().message;
    return store ? std::move(*store) : nullptr;
  }
  std::uintmax_t wal_bytes() const {
    std::error_code ec;
    auto size = std::filesystem::file_size(db_path() + "-wal", ec);
    return ec ? 0 : size;
  }
};

TEST_F(CheckpointerTest, CopiesTheWalOnceItPassesTheThresholdAndKeepsEveryRow) {
  auto store = open_with_threshold(8);
  ASSERT_TRUE(store);
  write_ok(*store, [](domain::Repositories& repos) { return repos.projects().insert(sample_project("a")); });
  for (int i = 0; i < 200; ++i)
    write_ok(*store, [i](domain::Repositories& repos) {
      return repos.calls().insert(sample_call("prj_a", std::to_string(i), 1'700'000'000'000 + i * 1000));
    });
  // The checkpointer runs on its own thread: wait for it, without assuming how fast it is.
  for (int waited = 0; store->stats().checkpoints == 0 && waited < 500; ++waited) std::this_thread::sleep_for(10ms);
  const auto stats = store->stats();
  EXPECT_GT(stats.checkpoints, 0u);
  EXPECT_GT(stats.checkpoint_pages, 0u);
  EXPECT_EQ(stats.checkpoint_failures, 0u);

  auto calls = store->read([](domain::Repositories& repos) {
    domain::CallQuery query;
    query.limit = 500;
    return repos.calls().list("prj_a", query);
  });
  ASSERT_TRUE(calls);
  EXPECT_EQ(calls->size(), 200u);
}

TEST_F(CheckpointerTest, TheWalIsReusedInsteadOfGrowingWithEveryWrite) {
  auto store = open_with_threshold(8);
  ASSERT_TRUE(store);
  write_ok(*store, [](domain::Repositories& repos) { return repos.projects().insert(sample_project("a")); });
  std::uintmax_t largest = 0;
  for (int burst = 0; burst < 12; ++burst) {
    for (int i = burst * 50; i < (burst + 1) * 50; ++i) {
      write_ok(*store, [i](domain::Repositories& repos) {
        return repos.calls().insert(sample_call("prj_a", std::to_string(i), 1'700'000'000'000 + i * 1000));
      });
      largest = std::max(largest, wal_bytes());
    }
    // Real traffic pauses; give the checkpointer its turn before the next burst, without assuming how fast it is
    // (a sanitizer build on a loaded machine may be far behind the writer).
    const auto before = store->stats().checkpoints;
    for (int waited = 0; store->stats().checkpoints == before && waited < 500; ++waited)
      std::this_thread::sleep_for(10ms);
  }
  // 600 separate commits without checkpoints leave a WAL of about 14 MB (each commit writes the table's and every
  // index's leaf page: ~5 frames); with them the WAL starts over from its beginning and stays within a burst or two
  // (50 commits ≈ 1 MB).
  EXPECT_LT(largest, 1500u * 4096u);
}

TEST_F(CheckpointerTest, AWalThatStartsOverIsCutBackToTwiceTheRestartPointNotFurther) {
  auto store = open_with_threshold(8);
  ASSERT_TRUE(store);
  write_ok(*store, [](domain::Repositories& repos) { return repos.projects().insert(sample_project("a")); });
  // One large commit grows the WAL far past what is kept.
  write_ok(*store, [](domain::Repositories& repos) -> Result<void> {
    for (int i = 0; i < 8000; ++i)
      if (auto r = repos.calls().insert(sample_call("prj_a", std::to_string(i), 1'700'000'000'000 + i * 1000)); !r)
        return r;
    return {};
  });
  // Restart point: 10 × 8 pages; kept: twice that, as frames of a 4096-byte page and a 24-byte header, after the
  // WAL's 32-byte header.
  const std::uintmax_t kept = 32 + 160 * (4096 + 24);
  ASSERT_GT(wal_bytes(), 2 * kept);
  // Once a checkpoint has copied it all, the next commit starts the WAL over and cuts the file back to `kept`
  // (SQLite's default would have kept it whole, below 64 MB; 0 would make every later commit grow the file).
  for (int attempt = 0; attempt < 20 && wal_bytes() != kept; ++attempt) {
    const auto before = store->stats().checkpoints;
    for (int waited = 0; store->stats().checkpoints == before && waited < 500; ++waited)
      std::this_thread::sleep_for(10ms);
    write_ok(*store, [attempt](domain::Repositories& repos) {
      return repos.calls().insert(sample_call("prj_a", "late-" + std::to_string(attempt), 1'800'000'000'000));
    });
  }
  EXPECT_EQ(wal_bytes(), kept);
}

}  // namespace
}  // namespace callsign::storage::testing
