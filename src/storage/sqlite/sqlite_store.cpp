#include "storage/sqlite/sqlite_store.hpp"

#include <filesystem>
#include <system_error>

#include <sqlite3.h>

#include "storage/sqlite/migrations.hpp"
#include "storage/sqlite/pragmas.hpp"

namespace callsign::storage::sqlite {

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const StoreOptions& options) {
  if (options.path.empty()) return fail(Error::internal("no database file given"));
  // Each connection would get its own private in-memory database: the readers would never see the writes.
  if (options.path == ":memory:")
    return fail(Error::internal("an in-memory database cannot be shared by the writer and the readers; "
                                "give a file (a temporary folder in tests)"));
  const std::filesystem::path folder = std::filesystem::path(options.path).parent_path();
  if (!folder.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec) return fail(Error::internal("cannot create the folder " + folder.string() + ": " + ec.message()));
  }

  auto connection = Connection::open(options.path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!connection) return fail(connection.error());
  if (auto r = configure_writer(**connection); !r) return fail(r.error());
  auto version = migrate(**connection);
  if (!version) return fail(version.error());

  // Readers open read-only, which needs the file (and its WAL index) to exist: after the writer made them.
  auto readers = ReaderPool::open(options.path, options.read_connections);
  if (!readers) return fail(readers.error());
  auto report_reader = ReaderPool::open(options.path, 1, configure_report_reader);
  if (!report_reader) return fail(report_reader.error());

  auto checkpointer = Checkpointer::open(options.path, options.checkpoint_pages);
  if (!checkpointer) return fail(checkpointer.error());
  if (auto watched = (*checkpointer)->watch(**connection); !watched) return fail(watched.error());

  auto writer = std::make_unique<GroupCommitWriter>(std::move(*connection), options.max_batch);
  return std::unique_ptr<SqliteStore>(
      new SqliteStore(*version, std::move(*checkpointer), std::move(writer), std::move(*readers),
                      std::move(*report_reader)));
}

SqliteStore::~SqliteStore() { close(); }

void SqliteStore::submit(WriteJob job, WriteDone done, JobRuns runs) {
  writer_->submit(std::move(job), std::move(done), runs);
}

void SqliteStore::close() {
  writer_->close();
  checkpointer_->close();
}

WriterStats SqliteStore::stats() const {
  WriterStats stats = writer_->stats();
  const CheckpointStats checkpoints = checkpointer_->stats();
  stats.checkpoints = checkpoints.checkpoints;
  stats.checkpoint_pages = checkpoints.pages_copied;
  stats.checkpoint_failures = checkpoints.failures;
  return stats;
}

namespace {

Store::ReaderLease lease_from(ReaderPool& pool) {
  ReaderPool::Reader* reader = pool.acquire();
  return Store::ReaderLease(&reader->repos, [&pool, reader](domain::Repositories*) { pool.release(reader); });
}

}  // namespace

Store::ReaderLease SqliteStore::lease_reader() { return lease_from(*readers_); }

Store::ReaderLease SqliteStore::lease_report_reader() { return lease_from(*report_reader_); }

}  // namespace callsign::storage::sqlite
