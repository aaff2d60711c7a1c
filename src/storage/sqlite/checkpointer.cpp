#include "storage/sqlite/checkpointer.hpp"

#include <sqlite3.h>
#include <spdlog/spdlog.h>

#include "common/thread_name.hpp"
#include "storage/sqlite/pragmas.hpp"

namespace callsign::storage::sqlite {
namespace {

constexpr int kRestartFactor = 10;
// Room above the restart point: a RESTART checkpoint waits for readers and for a gap between the writer's
// commits, and the WAL keeps growing meanwhile (under call ingestion, by more than a quarter at times).
constexpr int kKeptAboveRestartPercent = 100;
// A WAL frame is a page and its 24-byte header; the file starts with a 32-byte header.
constexpr std::int64_t kWalFrameHeader = 24, kWalFileHeader = 32;

}  // namespace

Result<std::unique_ptr<Checkpointer>> Checkpointer::open(const std::string& path, int threshold_pages) {
  auto connection = Connection::open(path, SQLITE_OPEN_READWRITE);
  if (!connection) return fail(connection.error());
  if (auto r = (*connection)->set_busy_timeout(kBusyTimeoutMs); !r) return fail(r.error());
  // A connection that has not read the file yet does not know it is in WAL mode: its checkpoints would do nothing.
  if (auto r = (*connection)->exec("SELECT count(*) FROM sqlite_schema"); !r) return fail(r.error());
  return std::unique_ptr<Checkpointer>(new Checkpointer(std::move(*connection), threshold_pages));
}

Checkpointer::Checkpointer(std::unique_ptr<Connection> connection, int threshold_pages)
    : connection_(std::move(connection)), threshold_pages_(std::max(threshold_pages, 1)), thread_([this] { run(); }) {}

Checkpointer::~Checkpointer() { close(); }

std::int64_t Checkpointer::wal_size_kept(std::int64_t page_size) const {
  const std::int64_t restart_frames = std::int64_t{kRestartFactor} * threshold_pages_;
  return kWalFileHeader + restart_frames * (100 + kKeptAboveRestartPercent) / 100 * (page_size + kWalFrameHeader);
}

Result<void> Checkpointer::watch(Connection& writer) {
  // Measured under the DNI load (decision 0009): cut back to 64 MB at every restart, the writer stopped ~45 ms to
  // truncate the file about twice a second (under call ingestion up to 250 ms), and a commit's fdatasync took
  // 0.97 ms on average, against 0.78 ms once the file kept its size.
  auto page_size = writer.prepare("PRAGMA page_size");
  if (!page_size) return fail(page_size.error());
  auto row = page_size->step();
  if (!row) return fail(row.error());
  if (!*row) return fail(Error::internal("PRAGMA page_size returned no row"));
  const std::int64_t limit = wal_size_kept(page_size->int64(0));
  if (auto r = writer.exec("PRAGMA journal_size_limit=" + std::to_string(limit)); !r) return r;
  sqlite3_wal_hook(writer.handle(), &Checkpointer::on_commit, this);
  return {};
}

int Checkpointer::on_commit(void* self, sqlite3*, const char*, int wal_pages) {
  auto* checkpointer = static_cast<Checkpointer*>(self);
  {
    std::lock_guard lock(checkpointer->mutex_);
    if (wal_pages < checkpointer->backfilled_) checkpointer->backfilled_ = 0;  // the WAL started over
    checkpointer->wal_pages_ = wal_pages;
    if (checkpointer->due_ || wal_pages - checkpointer->backfilled_ < checkpointer->threshold_pages_) return SQLITE_OK;
    checkpointer->due_ = true;
  }
  checkpointer->wake_.notify_one();
  return SQLITE_OK;
}

void Checkpointer::close() {
  {
    std::lock_guard lock(mutex_);
    if (closing_) return;
    closing_ = true;
    due_ = true;  // a last round, so a clean shutdown leaves a short WAL
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

CheckpointStats Checkpointer::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void Checkpointer::run() {
  name_this_thread("cs-checkpoint");
  for (;;) {
    bool last = false;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return due_; });
      due_ = false;
      last = closing_;
    }
    checkpoint();
    if (last) return;
  }
}

void Checkpointer::checkpoint() {
  bool restart = false;
  {
    std::lock_guard lock(mutex_);
    restart = wal_pages_ >= kRestartFactor * threshold_pages_;
  }
  int wal_frames = 0, copied = 0;
  const int rc = sqlite3_wal_checkpoint_v2(connection_->handle(), nullptr,
                                           restart ? SQLITE_CHECKPOINT_RESTART : SQLITE_CHECKPOINT_PASSIVE,
                                           &wal_frames, &copied);
  std::lock_guard lock(mutex_);
  if (rc == SQLITE_BUSY) return;  // a reader or the writer was in the way: the next commit asks again
  if (restart && rc == SQLITE_OK) {
    ++stats_.restarts;
    wal_pages_ = 0;
  }
  if (rc != SQLITE_OK) {
    ++stats_.failures;
    spdlog::warn("storage: checkpoint of {} failed: {}", connection_->path(), sqlite3_errstr(rc));
    return;
  }
  ++stats_.checkpoints;
  // `copied` counts every frame of the WAL now in the database file, the earlier rounds' too.
  const int before = copied >= backfilled_ ? backfilled_ : 0;
  stats_.pages_copied += static_cast<std::uint64_t>(std::max(copied - before, 0));
  backfilled_ = std::max(copied, 0);
}

}  // namespace callsign::storage::sqlite
