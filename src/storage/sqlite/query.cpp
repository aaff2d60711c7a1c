#include "storage/sqlite/query.hpp"

#include <sqlite3.h>

namespace callsign::storage::sqlite {

Query::Query(Query&& other) noexcept
    : db_(other.db_),
      stmt_(other.stmt_),
      in_use_(other.in_use_),
      bind_error_(other.bind_error_),
      error_code_(other.error_code_),
      error_message_(std::move(other.error_message_)) {
  other.stmt_ = nullptr;
  other.in_use_ = nullptr;
}

Query::~Query() {
  if (!stmt_) return;
  if (in_use_) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    *in_use_ = false;
  } else {
    sqlite3_finalize(stmt_);
  }
}

Query& Query::bind(int index, std::nullptr_t) {
  if (int rc = sqlite3_bind_null(stmt_, index); rc != SQLITE_OK && !bind_error_) bind_error_ = rc;
  return *this;
}

Query& Query::bind(int index, std::int64_t value) {
  if (int rc = sqlite3_bind_int64(stmt_, index, value); rc != SQLITE_OK && !bind_error_) bind_error_ = rc;
  return *this;
}

Query& Query::bind(int index, double value) {
  if (int rc = sqlite3_bind_double(stmt_, index, value); rc != SQLITE_OK && !bind_error_) bind_error_ = rc;
  return *this;
}

Query& Query::bind(int index, std::string_view value) {
  // A non-null pointer even for "" so the value binds as an empty TEXT, not NULL.
  const char* data = value.data() ? value.data() : "";
  int rc = sqlite3_bind_text64(stmt_, index, data, value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK && !bind_error_) bind_error_ = rc;
  return *this;
}

Error Query::failure(int code) {
  error_code_ = code;
  // sqlite3_errmsg describes the connection's latest failure; a bind failure is not recorded there.
  error_message_ = bind_error_ ? sqlite3_errstr(code) : sqlite3_errmsg(db_);
  const char* sql = sqlite3_sql(stmt_);
  return Error::internal("sqlite: " + error_message_ + " (in: " + std::string(sql ? sql : "?").substr(0, 120) + ")");
}

Result<bool> Query::step() {
  if (bind_error_) return fail(failure(bind_error_));
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return fail(failure(sqlite3_extended_errcode(db_)));
}

Result<void> Query::run() {
  for (;;) {
    auto more = step();
    if (!more) return fail(more.error());
    if (!*more) return {};
  }
}

Query& Query::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_error_ = 0;
  return *this;
}

bool Query::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

std::int64_t Query::int64(int column) const { return sqlite3_column_int64(stmt_, column); }

double Query::real(int column) const { return sqlite3_column_double(stmt_, column); }

std::string Query::text(int column) const {
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (!data) return {};
  return std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::optional<std::string> Query::optional_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}

std::optional<std::int64_t> Query::optional_int64(int column) const {
  if (is_null(column)) return std::nullopt;
  return int64(column);
}

bool Query::violated_unique(std::string_view columns) const {
  if (error_code_ != SQLITE_CONSTRAINT_UNIQUE && error_code_ != SQLITE_CONSTRAINT_PRIMARYKEY) return false;
  // "UNIQUE constraint failed: calls.project_id, calls.external_id"
  const std::string_view message = error_message_;
  const auto colon = message.find(": ");
  return colon != std::string_view::npos && message.substr(colon + 2) == columns;
}

}  // namespace callsign::storage::sqlite
