#pragma once
// Shared by the storage_*_test.cpp files: a fresh temporary folder per test, sample domain objects, and a gate
// that holds the writer thread so tests can decide what lands in one batch without relying on timing.
#include <utility>  // before Boost headers (GCC 12 + Boost 1.74)

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "storage/sqlite/sqlite_store.hpp"
#include "storage/store.hpp"

namespace callsign::storage::testing {

using namespace std::chrono_literals;

inline Timestamp at_ms(std::int64_t ms) { return from_unix_ms(ms); }

// A new folder under the system temp dir, removed with everything in it when the object dies.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "callsign-storage-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

class StorageTest : public ::testing::Test {
 protected:
  // In a folder that does not exist yet: open() must create it.
  std::string db_path() const { return (dir_.path() / "data" / "callsign.db").string(); }

  std::unique_ptr<sqlite::SqliteStore> open_store(int max_batch = 256, int readers = 2) {
    StoreOptions options;
    options.path = db_path();
    options.max_batch = max_batch;
    options.read_connections = readers;
    auto store = sqlite::SqliteStore::open(options);
    if (!store) ADD_FAILURE() << "open failed: " << store.error().message;
    return store ? std::move(*store) : nullptr;
  }

  // Runs fn (Result<T>(Repositories&)) in a write transaction and expects it to succeed.
  template <class Fn>
  static void write_ok(Store& store, Fn fn) {
    auto r = store.write_blocking<bool>([&](domain::Repositories& repos) -> Result<bool> {
      if (auto w = fn(repos); !w) return fail(w.error());
      return true;
    });
    ASSERT_TRUE(r.has_value()) << r.error().message;
  }

  TempDir dir_;
};

inline domain::Project sample_project(const std::string& suffix, std::int64_t created_ms = 1'700'000'000'000) {
  domain::Project p;
  p.id = "prj_" + suffix;
  p.name = "Project " + suffix;
  p.api_key_hash = "hash_" + suffix;
  p.public_key = "pk_" + suffix;
  p.created_at = at_ms(created_ms);
  return p;
}

// A store holding projects prj_a and prj_b, and write() to run fn on one repository (`Of`) inside a write
// transaction: the set-up every repository test shares.
template <class Repo, Repo& (domain::Repositories::*Of)()>
class RepositoryTest : public StorageTest {
 protected:
  void SetUp() override {
    store_ = open_store();
    ASSERT_TRUE(store_);
    write_ok(*store_, [](domain::Repositories& repos) { return repos.projects().insert(sample_project("a")); });
    write_ok(*store_, [](domain::Repositories& repos) { return repos.projects().insert(sample_project("b")); });
  }
  Result<bool> write(std::function<Result<void>(Repo&)> fn) {
    return store_->write_blocking<bool>([&](domain::Repositories& repos) -> Result<bool> {
      if (auto r = fn((repos.*Of)()); !r) return fail(r.error());
      return true;
    });
  }
  std::unique_ptr<sqlite::SqliteStore> store_;
};

inline domain::TrackingNumber sample_number(const std::string& project_id, const std::string& suffix,
                                            const std::string& e164) {
  domain::TrackingNumber n;
  n.id = "num_" + suffix;
  n.project_id = project_id;
  n.number = e164;
  n.created_at = at_ms(1'700'000'100'000);
  return n;
}

// A call with only the required fields set (every optional empty, every flag false, no tags).
inline domain::Call sample_call(const std::string& project_id, const std::string& suffix, std::int64_t started_ms) {
  domain::Call c;
  c.id = "call_" + suffix;
  c.project_id = project_id;
  c.external_id = "ext_" + suffix;
  c.tracking_number = "+14155550100";
  c.caller = "+12125550101";
  c.started_at = at_ms(started_ms);
  c.created_at = at_ms(started_ms + 1);
  c.updated_at = at_ms(started_ms + 2);
  return c;
}

// Holds the writer thread inside a job until release(): everything submitted meanwhile queues up and is taken
// into the next batch together (up to max_batch). hold() returns once the writer is inside the gate job, so the
// gate is alone in its batch. release() returns once the gate's batch has committed.
class WriterGate {
 public:
  explicit WriterGate(Store& store) : store_(store), open_future_(open_.get_future()) {}
  ~WriterGate() { release(); }

  void hold() {
    auto entered = entered_.get_future();
    store_.submit(
        [this](domain::Repositories&) {
          entered_.set_value();
          open_future_.wait();
          return true;
        },
        [this](Result<void>) { passed_.set_value(); });
    held_ = true;
    entered.wait();
  }

  void release() {
    if (!held_) return;
    held_ = false;
    open_.set_value();
    passed_.get_future().wait();
  }

 private:
  Store& store_;
  std::promise<void> entered_, open_, passed_;
  std::future<void> open_future_;
  bool held_ = false;
};

// Waits (without assuming any duration) until `count` jobs are queued behind a held WriterGate.
inline void wait_until_queued(const Store& store, std::size_t count) {
  while (store.stats().queued < count) std::this_thread::yield();
}

}  // namespace callsign::storage::testing
