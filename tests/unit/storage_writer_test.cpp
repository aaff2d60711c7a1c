// The group-commit writer behind Store::submit / write / write_blocking: batching, per-job rollback, durability
// across reopen, coroutine resumption, and refusal after close. Batches are shaped with WriterGate, never timing.
#include <utility>  // before Boost headers (GCC 12 + Boost 1.74)

#include <atomic>
#include <latch>
#include <stdexcept>
#include <thread>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include "storage_test_support.hpp"

namespace callsign::storage::testing {
namespace {

using domain::Call;

class WriterTest : public StorageTest {
 protected:
  void SetUp() override {
    store_ = open_store();
    ASSERT_TRUE(store_);
    write_ok(*store_, [](domain::Repositories& repos) { return repos.projects().insert(sample_project("a")); });
  }
  std::size_t count_calls(Store& store) {
    domain::CallQuery q;
    q.limit = 100'000;
    auto r = store.read([&](domain::Repositories& repos) { return repos.calls().list("prj_a", q); });
    EXPECT_TRUE(r) << r.error().message;
    return r ? r->size() : 0;
  }
  bool call_exists(const std::string& id) {
    auto r = store_->read([&](domain::Repositories& repos) { return repos.calls().find("prj_a", id); });
    return r && r->has_value();
  }
  std::unique_ptr<sqlite::SqliteStore> store_;
};

// Collects done() results of async submissions; wait() blocks until all arrived.
class Completions {
 public:
  explicit Completions(std::size_t n) : results_(n), left_(static_cast<std::ptrdiff_t>(n)) {}
  Store::WriteDone slot(std::size_t i) {
    return [this, i](Result<void> r) {
      results_[i] = std::move(r);
      left_.count_down();
    };
  }
  void wait() { left_.wait(); }
  const Result<void>& operator[](std::size_t i) const { return *results_[i]; }

 private:
  std::vector<std::optional<Result<void>>> results_;
  std::latch left_;
};

TEST_F(WriterTest, ManyThreadsAreGroupCommittedAndSurviveReopen) {
  constexpr int kThreads = 8, kPerThread = 200;
  const auto before = store_->stats();
  WriterGate gate(*store_);
  gate.hold();  // the first write of every thread queues up behind the gate: one batch of 8 at least
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string suffix = std::to_string(t) + "_" + std::to_string(i);
        auto r = store_->write_blocking<std::string>([&](domain::Repositories& repos) -> Result<std::string> {
          if (auto w = repos.calls().insert(sample_call("prj_a", suffix, 1000 + i)); !w) return fail(w.error());
          return suffix;
        });
        if (!r || *r != suffix) ++failures;
      }
    });
  }
  wait_until_queued(*store_, kThreads);
  gate.release();
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);

  const auto after = store_->stats();
  const auto jobs = after.jobs_committed - before.jobs_committed;
  const auto transactions = after.transactions_committed - before.transactions_committed;
  EXPECT_EQ(jobs, 1u + kThreads * kPerThread);  // + the gate
  EXPECT_LT(transactions, jobs);
  EXPECT_EQ(after.jobs_rolled_back, before.jobs_rolled_back);
  EXPECT_EQ(after.transactions_failed, 0u);
  EXPECT_EQ(after.queued, 0u);

  store_->close();
  store_.reset();
  auto reopened = open_store();
  ASSERT_TRUE(reopened);
  EXPECT_EQ(count_calls(*reopened), static_cast<std::size_t>(kThreads * kPerThread));
}

TEST_F(WriterTest, AFailingJobRollsBackAloneWhileItsBatchCommits) {
  WriterGate gate(*store_);
  gate.hold();
  const auto before = store_->stats();
  Completions done(4);
  std::optional<std::string> failing_insert;  // how the failing job's own insert went, before it gave up
  store_->submit([](domain::Repositories& repos) { return repos.calls().insert(sample_call("prj_a", "1", 1)).has_value(); },
                 done.slot(0));
  store_->submit(
      [&](domain::Repositories& repos) {
        // Writes, then fails: its own write must disappear.
        auto inserted = repos.calls().insert(sample_call("prj_a", "2", 2));
        failing_insert = inserted ? "inserted" : inserted.error().message;
        return false;
      },
      done.slot(1));
  store_->submit([](domain::Repositories&) -> bool { throw std::runtime_error("boom"); }, done.slot(2));
  store_->submit([](domain::Repositories& repos) { return repos.calls().insert(sample_call("prj_a", "3", 3)).has_value(); },
                 done.slot(3));
  EXPECT_EQ(store_->stats().queued, 4u);
  gate.release();
  done.wait();

  EXPECT_TRUE(done[0].has_value());
  EXPECT_TRUE(done[1].has_value());  // the batch committed; the job's own outcome carries its error
  EXPECT_EQ(failing_insert, "inserted");
  ASSERT_FALSE(done[2].has_value());  // a throwing job is rolled back and reported
  EXPECT_EQ(done[2].error().kind, ErrorKind::internal);
  EXPECT_NE(done[2].error().message.find("boom"), std::string::npos);
  EXPECT_TRUE(done[3].has_value());

  EXPECT_TRUE(call_exists("call_1"));
  EXPECT_FALSE(call_exists("call_2"));
  EXPECT_TRUE(call_exists("call_3"));

  const auto after = store_->stats();
  EXPECT_EQ(after.transactions_committed - before.transactions_committed, 2u);  // the gate's, then all four
  EXPECT_EQ(after.jobs_committed - before.jobs_committed, 3u);                  // gate, 1, 3
  EXPECT_EQ(after.jobs_rolled_back - before.jobs_rolled_back, 2u);
  EXPECT_EQ(after.jobs_failed - before.jobs_failed, 1u);
}

// Repeatable jobs (Store::JobRuns): a batch of them runs without savepoints; the runs are counted per job.
class RunCounts {
 public:
  explicit RunCounts(std::size_t n) : runs_(n) {}
  // A repeatable job that counts its runs, inserts call_<suffix> and keeps it or, with keep = false, gives up.
  Store::WriteJob inserting(std::size_t i, std::string suffix, bool keep = true) {
    return [this, i, suffix, keep](domain::Repositories& repos) {
      ++runs_[i];
      return repos.calls().insert(sample_call("prj_a", suffix, 10)).has_value() && keep;
    };
  }
  Store::WriteJob throwing(std::size_t i) {
    return [this, i](domain::Repositories&) -> bool {
      ++runs_[i];
      throw std::runtime_error("boom");
    };
  }
  int operator[](std::size_t i) const { return runs_[i].load(); }

 private:
  std::vector<std::atomic<int>> runs_;
};

// Queues `jobs` behind a held gate, so that they run as one batch in this order, and waits for every done().
using BatchJob = std::pair<Store::WriteJob, Store::JobRuns>;
constexpr auto kRepeatable = Store::JobRuns::repeatable;
void run_as_one_batch(Store& store, Completions& done, std::vector<BatchJob> jobs) {
  WriterGate gate(store);
  gate.hold();
  for (std::size_t i = 0; i < jobs.size(); ++i) store.submit(std::move(jobs[i].first), done.slot(i), jobs[i].second);
  gate.release();
  done.wait();
}

TEST_F(WriterTest, ABatchOfRepeatableJobsRunsEachOnceWhenNoneFails) {
  const auto before = store_->stats();
  RunCounts runs(3);
  Completions done(3);
  std::vector<BatchJob> jobs;
  for (std::size_t i = 0; i < 3; ++i) jobs.emplace_back(runs.inserting(i, "r" + std::to_string(i)), kRepeatable);
  run_as_one_batch(*store_, done, std::move(jobs));

  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_TRUE(done[i].has_value()) << i;
    EXPECT_EQ(runs[i], 1) << i;
    EXPECT_TRUE(call_exists("call_r" + std::to_string(i))) << i;
  }
  const auto after = store_->stats();
  EXPECT_EQ(after.batches_rerun, before.batches_rerun);
  EXPECT_EQ(after.transactions_committed - before.transactions_committed, 2u);  // the gate's, then all three
  EXPECT_EQ(after.jobs_committed - before.jobs_committed, 4u);
}

TEST_F(WriterTest, AFailingRepeatableJobMakesItsBatchRunAgainWithASavepointPerJob) {
  const auto before = store_->stats();
  RunCounts runs(4);
  Completions done(4);
  run_as_one_batch(*store_, done,
                   {{runs.inserting(0, "1"), kRepeatable},
                    {runs.inserting(1, "2", /*keep=*/false), kRepeatable},
                    {runs.throwing(2), kRepeatable},
                    {runs.inserting(3, "3"), kRepeatable}});

  // The first pass stopped at job 1 and was rolled back whole; the second ran every job in its savepoint.
  EXPECT_EQ(runs[0], 2);
  EXPECT_EQ(runs[1], 2);
  EXPECT_EQ(runs[2], 1);
  EXPECT_EQ(runs[3], 1);
  // The outcome is what savepoints alone give: the failing job's row is gone, its neighbours' stay, once each.
  EXPECT_TRUE(done[0].has_value());
  EXPECT_TRUE(done[1].has_value());
  ASSERT_FALSE(done[2].has_value());
  EXPECT_EQ(done[2].error().kind, ErrorKind::internal);
  EXPECT_TRUE(done[3].has_value());
  EXPECT_TRUE(call_exists("call_1"));
  EXPECT_FALSE(call_exists("call_2"));
  EXPECT_TRUE(call_exists("call_3"));
  EXPECT_EQ(count_calls(*store_), 2u);

  const auto after = store_->stats();
  EXPECT_EQ(after.batches_rerun - before.batches_rerun, 1u);
  EXPECT_EQ(after.transactions_committed - before.transactions_committed, 2u);
  EXPECT_EQ(after.jobs_committed - before.jobs_committed, 3u);  // gate, 1, 3
  EXPECT_EQ(after.jobs_rolled_back - before.jobs_rolled_back, 2u);
  EXPECT_EQ(after.jobs_failed - before.jobs_failed, 1u);
}

TEST_F(WriterTest, OneJobThatMayRunOnlyOnceKeepsTheSavepointsForItsWholeBatch) {
  const auto before = store_->stats();
  RunCounts runs(3);
  Completions done(3);
  run_as_one_batch(*store_, done,
                   {{runs.inserting(0, "1"), kRepeatable},
                    {runs.inserting(1, "2", /*keep=*/false), kRepeatable},
                    {runs.inserting(2, "3"), Store::JobRuns::once}});

  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(runs[i], 1) << i;
  EXPECT_TRUE(call_exists("call_1"));
  EXPECT_FALSE(call_exists("call_2"));
  EXPECT_TRUE(call_exists("call_3"));
  EXPECT_EQ(store_->stats().batches_rerun, before.batches_rerun);
}

TEST_F(WriterTest, WriteBlockingReturnsTheJobsErrorAndLeavesNoRow) {
  auto r = store_->write_blocking<int>([](domain::Repositories& repos) -> Result<int> {
    if (auto w = repos.calls().insert(sample_call("prj_a", "x", 1)); !w) return fail(w.error());
    return fail(Error::invalid("status", "no"));
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::invalid);
  EXPECT_EQ(r.error().field, "status");
  EXPECT_FALSE(call_exists("call_x"));
}

// Reports read on a connection of their own (a larger page cache): it sees every committed write, read-only.
TEST_F(WriterTest, TheReportReaderSeesEachCommittedWriteAndCannotWrite) {
  auto count = [&] {
    auto r = store_->read_report([](domain::Repositories& repos) { return repos.calls().list("prj_a", {}); });
    EXPECT_TRUE(r) << r.error().message;
    return r ? r->size() : 0u;
  };
  EXPECT_EQ(count(), 0u);
  write_ok(*store_, [](domain::Repositories& repos) { return repos.calls().insert(sample_call("prj_a", "r1", 1)); });
  EXPECT_EQ(count(), 1u);
  write_ok(*store_, [](domain::Repositories& repos) { return repos.calls().insert(sample_call("prj_a", "r2", 2)); });
  EXPECT_EQ(count(), 2u);
  auto refused = store_->read_report(
      [](domain::Repositories& repos) { return repos.calls().insert(sample_call("prj_a", "r3", 3)); });
  EXPECT_FALSE(refused);
  EXPECT_EQ(count(), 2u);
}

TEST_F(WriterTest, MaxBatchSplitsAQueue) {
  store_.reset();
  store_ = open_store(/*max_batch=*/3);  // the same file, project prj_a included
  ASSERT_TRUE(store_);
  WriterGate gate(*store_);
  gate.hold();
  const auto before = store_->stats();
  Completions done(7);
  for (int i = 0; i < 7; ++i)
    store_->submit(
        [i](domain::Repositories& repos) {
          return repos.calls().insert(sample_call("prj_a", std::to_string(i), i)).has_value();
        },
        done.slot(i));
  gate.release();
  done.wait();
  const auto after = store_->stats();
  EXPECT_EQ(after.transactions_committed - before.transactions_committed, 1u + 3u);  // gate, then 3 + 3 + 1
  EXPECT_EQ(count_calls(*store_), 7u);
}

TEST_F(WriterTest, CoroutineWriteResumesOnItsExecutorWithTheValue) {
  boost::asio::io_context io;
  std::optional<Result<int>> ok, bad;
  std::thread::id resumed_on;
  boost::asio::co_spawn(
      io,
      [&]() -> boost::asio::awaitable<void> {
        ok = co_await store_->write<int>([](domain::Repositories& repos) -> Result<int> {
          if (auto w = repos.calls().insert(sample_call("prj_a", "co", 1)); !w) return fail(w.error());
          return 42;
        });
        resumed_on = std::this_thread::get_id();
        bad = co_await store_->write<int>([](domain::Repositories& repos) -> Result<int> {
          if (auto w = repos.calls().insert(sample_call("prj_a", "co2", 2)); !w) return fail(w.error());
          return fail(Error::conflict("external_id", "taken"));
        });
      },
      boost::asio::detached);
  io.run();  // returns once the coroutine finished: it kept the context busy while waiting for the commits
  // The writer thread may still be returning from its post() into `io`: join it before `io` is destroyed.
  store_->close();
  ASSERT_TRUE(ok);
  ASSERT_TRUE(ok->has_value()) << ok->error().message;
  EXPECT_EQ(**ok, 42);
  EXPECT_EQ(resumed_on, std::this_thread::get_id());  // the io_context's thread, not the writer
  EXPECT_TRUE(call_exists("call_co"));  // committed before the coroutine resumed
  ASSERT_TRUE(bad);
  ASSERT_FALSE(bad->has_value());
  EXPECT_EQ(bad->error().kind, ErrorKind::conflict);
  EXPECT_FALSE(call_exists("call_co2"));
}

TEST_F(WriterTest, CloseDrainsTheQueueAndLaterSubmissionsAreUnavailable) {
  WriterGate gate(*store_);
  gate.hold();
  Completions queued(2);
  for (int i = 0; i < 2; ++i)
    store_->submit(
        [i](domain::Repositories& repos) {
          return repos.calls().insert(sample_call("prj_a", "q" + std::to_string(i), i)).has_value();
        },
        queued.slot(i));
  std::thread closer([&] { store_->close(); });  // blocks until the queue is drained
  gate.release();
  closer.join();
  queued.wait();
  EXPECT_TRUE(queued[0].has_value());
  EXPECT_TRUE(queued[1].has_value());

  std::optional<Result<void>> late;
  bool ran = false;
  store_->submit([&](domain::Repositories&) { return ran = true; }, [&](Result<void> r) { late = std::move(r); });
  ASSERT_TRUE(late);  // called at once, on this thread
  ASSERT_FALSE(late->has_value());
  EXPECT_EQ(late->error().kind, ErrorKind::unavailable);
  EXPECT_EQ(late->error().code, "unavailable");
  EXPECT_EQ(late->error().message, "the store is closing");
  EXPECT_FALSE(ran);

  auto blocking = store_->write_blocking<int>([](domain::Repositories&) -> Result<int> { return 1; });
  ASSERT_FALSE(blocking);
  EXPECT_EQ(blocking.error().kind, ErrorKind::unavailable);

  store_->close();  // idempotent
  EXPECT_EQ(count_calls(*store_), 2u);  // reads still work after close
}

TEST_F(WriterTest, ReadsSeeOneSnapshotWhileAWriteCommits) {
  write_ok(*store_, [](domain::Repositories& repos) { return repos.calls().insert(sample_call("prj_a", "1", 1)); });
  domain::CallQuery q;
  auto r = store_->read([&](domain::Repositories& repos) -> Result<std::pair<std::size_t, std::size_t>> {
    auto first = repos.calls().list("prj_a", q);
    if (!first) return fail(first.error());
    // A write commits between two reads of the same lease: the second read must not see it.
    write_ok(*store_, [](domain::Repositories& w) { return w.calls().insert(sample_call("prj_a", "2", 2)); });
    auto second = repos.calls().list("prj_a", q);
    if (!second) return fail(second.error());
    return std::make_pair(first->size(), second->size());
  });
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->first, 1u);
  EXPECT_EQ(r->second, 1u);
  EXPECT_EQ(count_calls(*store_), 2u);
}

}  // namespace
}  // namespace callsign::storage::testing
