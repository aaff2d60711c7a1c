#include "storage/sqlite/writer.hpp"

#include <algorithm>
#include <exception>
#include <optional>
#include <string>

#include <spdlog/spdlog.h>

#include "common/thread_name.hpp"
#include "storage/completion_batch.hpp"

namespace callsign::storage::sqlite {
namespace {

Error closing_error() { return Error{ErrorKind::unavailable, "unavailable", "the store is closing", ""}; }

}  // namespace

GroupCommitWriter::GroupCommitWriter(std::unique_ptr<Connection> connection, int max_batch)
    : connection_(std::move(connection)),
      repos_(*connection_, SqliteRepositories::Caches::writer),
      max_batch_(static_cast<std::size_t>(std::max(max_batch, 1))),
      thread_([this] { run(); }) {}

GroupCommitWriter::~GroupCommitWriter() { close(); }

void GroupCommitWriter::submit(Store::WriteJob job, Store::WriteDone done, Store::JobRuns runs) {
  Pending pending{std::move(job), std::move(done), runs};
  {
    std::lock_guard lock(mutex_);
    if (!closing_) {
      queue_.push_back(std::move(pending));
      wake_.notify_one();
      return;
    }
  }
  notify(pending, fail(closing_error()));
}

void GroupCommitWriter::close() {
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  wake_.notify_all();
  if (std::this_thread::get_id() == thread_.get_id()) {
    spdlog::error("storage: close() called on the writer thread; the writer stops after draining, joined later");
    return;
  }
  std::lock_guard join_lock(join_mutex_);
  if (thread_.joinable()) thread_.join();
}

WriterStats GroupCommitWriter::stats() const {
  std::lock_guard lock(mutex_);
  WriterStats out = stats_;
  out.queued = queue_.size();
  return out;
}

void GroupCommitWriter::notify(Pending& pending, Result<void> result) {
  if (!pending.done) return;
  try {
    pending.done(std::move(result));
  } catch (const std::exception& e) {
    spdlog::error("storage: a write completion threw: {}", e.what());
  } catch (...) {
    spdlog::error("storage: a write completion threw a non-standard exception");
  }
}

Result<void> GroupCommitWriter::run_statement(std::string_view sql) {
  auto q = connection_->query(sql);
  if (!q) return fail(q.error());
  return q->run();
}

Result<void> GroupCommitWriter::roll_back(std::string_view sql) {
  repos_.forget_cached();
  return run_statement(sql);
}

void GroupCommitWriter::end_failed_transaction() {
  if (connection_->in_transaction()) {
    (void)roll_back("ROLLBACK");
  } else {
    repos_.forget_cached();  // SQLite rolled the transaction back itself
  }
}

void GroupCommitWriter::run() {
  name_this_thread("cs-writer");
  std::vector<Pending> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return !queue_.empty() || closing_; });
      if (queue_.empty()) return;  // closing, and everything queued is committed
      const std::size_t n = std::min(max_batch_, queue_.size());
      batch.clear();
      batch.reserve(n);
      for (std::size_t i = 0; i < n; ++i) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    run_batch(batch);
  }
}

void GroupCommitWriter::run_batch(std::vector<Pending>& batch) {
  const CompletionBatch completions;  // the batch's done() callbacks reach their I/O threads when it ends
  const bool repeatable = batch.size() > 1 && std::all_of(batch.begin(), batch.end(), [](const Pending& p) {
    return p.runs == Store::JobRuns::repeatable;
  });
  if (repeatable) {
    if (!begin(batch)) return;
    Pass pass = run_jobs(batch, /*savepoints=*/false);
    if (pass.abandoned) return;
    if (pass.all_kept) return commit(batch, pass);
    // A job failed, and without its savepoint its changes cannot be undone alone: nothing of this pass stays, and
    // the batch runs again with a savepoint per job (each job is repeatable, so the second run is the real one).
    if (auto r = roll_back("ROLLBACK"); !r) return abandon_batch(batch, batch.size(), r.error());
    {
      std::lock_guard lock(mutex_);
      ++stats_.batches_rerun;
    }
  }
  if (!begin(batch)) return;
  Pass pass = run_jobs(batch, /*savepoints=*/true);
  if (!pass.abandoned) commit(batch, pass);
}

bool GroupCommitWriter::begin(std::vector<Pending>& batch) {
  auto begun = run_statement("BEGIN IMMEDIATE");
  if (begun) return true;
  spdlog::error("storage: cannot begin a write transaction: {}", begun.error().message);
  {
    std::lock_guard lock(mutex_);
    ++stats_.transactions_failed;
    stats_.jobs_failed += batch.size();
  }
  for (auto& pending : batch) notify(pending, fail(begun.error()));
  return false;
}

GroupCommitWriter::Pass GroupCommitWriter::run_jobs(std::vector<Pending>& batch, bool savepoints) {
  Pass pass;
  pass.thrown.resize(batch.size());
  const auto abandoned = [&](std::size_t ran, const Error& why) {
    abandon_batch(batch, ran, why);
    pass.abandoned = true;
    return pass;
  };
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (savepoints) {
      if (auto r = run_statement("SAVEPOINT job"); !r) return abandoned(i + 1, r.error());
    }
    bool keep = false;
    try {
      keep = batch[i].job(repos_);
    } catch (const std::exception& e) {
      pass.thrown[i] = Error::internal(std::string("a write job threw: ") + e.what());
    } catch (...) {
      pass.thrown[i] = Error::internal("a write job threw a non-standard exception");
    }
    // Some errors (I/O, disk full, out of memory) make SQLite roll back the whole transaction.
    if (!connection_->in_transaction())
      return abandoned(i + 1, Error::internal("sqlite rolled back the write transaction"));
    if (keep) {
      ++pass.kept;
    } else {
      pass.all_kept = false;
      if (!savepoints) return pass;  // the caller rolls the pass back and runs the batch again, with savepoints
      if (pass.thrown[i]) spdlog::error("storage: {}; its changes are rolled back", pass.thrown[i]->message);
      if (auto r = roll_back("ROLLBACK TO job"); !r) return abandoned(i + 1, r.error());
      ++pass.rolled_back;
    }
    if (savepoints) {
      if (auto r = run_statement("RELEASE job"); !r) return abandoned(i + 1, r.error());
    }
  }
  return pass;
}

void GroupCommitWriter::commit(std::vector<Pending>& batch, const Pass& pass) {
  if (auto committed = run_statement("COMMIT"); !committed) {
    spdlog::error("storage: commit failed, {} writes lost: {}", batch.size(), committed.error().message);
    end_failed_transaction();
    {
      std::lock_guard lock(mutex_);
      ++stats_.transactions_failed;
      stats_.jobs_failed += batch.size();
    }
    for (auto& pending : batch) notify(pending, fail(committed.error()));
    return;
  }
  std::uint64_t thrown_jobs = 0;
  for (const auto& t : pass.thrown) thrown_jobs += t.has_value();
  {
    std::lock_guard lock(mutex_);
    ++stats_.transactions_committed;
    stats_.jobs_committed += pass.kept;
    stats_.jobs_rolled_back += pass.rolled_back;
    stats_.jobs_failed += thrown_jobs;
  }
  for (std::size_t i = 0; i < batch.size(); ++i)
    notify(batch[i], pass.thrown[i] ? Result<void>(fail(*pass.thrown[i])) : Result<void>());
}

void GroupCommitWriter::abandon_batch(std::vector<Pending>& batch, std::size_t ran, const Error& why) {
  spdlog::error("storage: write transaction abandoned after {} of {} jobs: {}", ran, batch.size(), why.message);
  end_failed_transaction();
  {
    std::lock_guard lock(mutex_);
    ++stats_.transactions_failed;
    stats_.jobs_failed += ran;
    // Never ran: they get their own chance in the next batch (ahead of newer jobs, in their order).
    for (std::size_t i = batch.size(); i > ran; --i) queue_.push_front(std::move(batch[i - 1]));
  }
  for (std::size_t i = 0; i < ran; ++i) notify(batch[i], fail(why));
}

}  // namespace callsign::storage::sqlite
