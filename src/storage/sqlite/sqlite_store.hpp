#pragma once
// SqliteStore: the embedded Store (DESIGN.md §2). One write connection owned by the group-commit writer thread,
// a pool of read-only connections for reads on the caller's thread, WAL so they run in parallel, and a
// checkpointer thread that copies the WAL into the database file off the writer's path.
#include <memory>

#include "storage/sqlite/checkpointer.hpp"
#include "storage/sqlite/reader_pool.hpp"
#include "storage/sqlite/writer.hpp"
#include "storage/store.hpp"

namespace callsign::storage::sqlite {

class SqliteStore final : public Store {
 public:
  // Creates the folder of options.path if missing, opens and configures the write connection, migrates,
  // opens options.read_connections readers and starts the writer thread.
  // Errors: Error{internal} naming the file (or folder) that failed.
  static Result<std::unique_ptr<SqliteStore>> open(const StoreOptions& options);
  ~SqliteStore() override;  // close(); no read lease may be outstanding

  int schema_version() const override { return schema_version_; }
  void submit(WriteJob job, WriteDone done, JobRuns runs = JobRuns::once) override;
  void close() override;
  WriterStats stats() const override;

 protected:
  ReaderLease lease_reader() override;
  ReaderLease lease_report_reader() override;

 private:
  SqliteStore(int schema_version, std::unique_ptr<Checkpointer> checkpointer, std::unique_ptr<GroupCommitWriter> writer,
              std::unique_ptr<ReaderPool> readers, std::unique_ptr<ReaderPool> report_reader)
      : schema_version_(schema_version),
        checkpointer_(std::move(checkpointer)),
        writer_(std::move(writer)),
        readers_(std::move(readers)),
        report_reader_(std::move(report_reader)) {}

  const int schema_version_;
  std::unique_ptr<Checkpointer> checkpointer_;  // before writer_: the writer's connection calls its hook
  std::unique_ptr<GroupCommitWriter> writer_;
  std::unique_ptr<ReaderPool> readers_;
  std::unique_ptr<ReaderPool> report_reader_;  // one connection (configure_report_reader)
};

}  // namespace callsign::storage::sqlite
