#pragma once
// Query: one prepared SQLite statement in use — bind, step, read columns. Errors are values.
//   * Binding is 1-based and positional. A failed bind is remembered and returned by the next step().
//   * A Query borrows its connection: it must not outlive the Connection that made it, and like the
//     connection it is used by one thread at a time.
//   * A cached statement (Connection::query) is reset and its bindings cleared when the Query is destroyed,
//     ready for the next use; an uncached one is finalized.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>
#include <string_view>

#include "common/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace callsign::storage::sqlite {

class Query {
 public:
  // `in_use` (may be null) is the cache slot's busy flag, cleared on destruction; null means "owned".
  Query(sqlite3* db, sqlite3_stmt* stmt, bool* in_use) noexcept : db_(db), stmt_(stmt), in_use_(in_use) {}
  Query(Query&& other) noexcept;
  Query& operator=(Query&&) = delete;
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  ~Query();

  Query& bind(int index, std::nullptr_t);
  Query& bind(int index, std::int64_t value);
  Query& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Query& bind(int index, bool value) { return bind(index, static_cast<std::int64_t>(value ? 1 : 0)); }
  Query& bind(int index, double value);
  Query& bind(int index, std::string_view value);  // copied by SQLite
  Query& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
  Query& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  template <class T>
  Query& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind(index, nullptr);
  }
  // Binds every argument in order, starting at parameter `first`.
  template <class... Args>
  Query& bind_from(int first, const Args&... args) {
    int index = first;
    ((bind(index, args), ++index), ...);
    return *this;
  }
  // Binds every argument in order, starting at parameter 1.
  template <class... Args>
  Query& bind_all(const Args&... args) {
    return bind_from(1, args...);
  }

  // Advances: true when a row is ready to read, false when the statement has finished.
  Result<bool> step();
  // Runs a statement that returns no rows (or whose rows do not matter) to completion.
  Result<void> run();
  // Makes the statement ready to be bound and run again (the same INSERT for many rows); clears the bindings.
  Query& reset();

  // Columns of the current row, 0-based. NULL reads as 0 / "" / nullopt.
  bool is_null(int column) const;
  std::int64_t int64(int column) const;
  double real(int column) const;
  bool boolean(int column) const { return int64(column) != 0; }
  std::string text(int column) const;
  std::optional<std::string> optional_text(int column) const;
  std::optional<std::int64_t> optional_int64(int column) const;

  // The extended result code and message of the last failure (0 and "" when none).
  int error_code() const { return error_code_; }
  const std::string& error_message() const { return error_message_; }
  // True when the last failure was a UNIQUE (or PRIMARY KEY) violation naming `columns` exactly as SQLite
  // reports them, e.g. "tracking_numbers.number" or "calls.project_id, calls.external_id".
  bool violated_unique(std::string_view columns) const;

 private:
  Error failure(int code);

  sqlite3* db_;
  sqlite3_stmt* stmt_;
  bool* in_use_;
  int bind_error_ = 0;
  int error_code_ = 0;
  std::string error_message_;
};

// Every remaining row of `q`, each turned into a Row by `read_row`; the first failure is returned.
template <class Row>
Result<std::vector<Row>> read_all_rows(Query& q, Result<Row> (*read_row)(const Query&)) {
  std::vector<Row> rows;
  for (;;) {
    auto stepped = q.step();
    if (!stepped) return fail(stepped.error());
    if (!*stepped) return rows;
    auto row = read_row(q);
    if (!row) return fail(row.error());
    rows.push_back(std::move(*row));
  }
}

// The first row of `q` (empty when there is none).
template <class Row>
Result<std::optional<Row>> read_first_row(Query& q, Result<Row> (*read_row)(const Query&)) {
  auto stepped = q.step();
  if (!stepped) return fail(stepped.error());
  if (!*stepped) return std::optional<Row>{};
  auto row = read_row(q);
  if (!row) return fail(row.error());
  return std::optional<Row>(std::move(*row));
}

}  // namespace callsign::storage::sqlite
