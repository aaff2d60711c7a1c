#include "storage/sqlite/pool_repository.hpp"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

namespace callsign::storage::sqlite {
namespace {

using domain::Pool;

constexpr std::string_view kSelect =
    "SELECT id, project_id, name, hold_seconds, when_exhausted, replace_json, created_at, routing_plan_id FROM pools ";

std::string encode_replace(const std::vector<std::string>& numbers) {
  // replace, not throw, on invalid UTF-8: writing must not throw on the request path.
  return nlohmann::json(numbers).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<std::vector<std::string>> decode_replace(const std::string& text, const std::string& pool_id) {
  auto parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  auto bad = [&] { return fail(Error::internal("pool " + pool_id + " has an unreadable replace_json")); };
  if (parsed.is_discarded() || !parsed.is_array()) return bad();
  std::vector<std::string> numbers;
  numbers.reserve(parsed.size());
  for (const auto& number : parsed) {
    if (!number.is_string()) return bad();
    numbers.push_back(number.get<std::string>());
  }
  return numbers;
}

Result<Pool> read_pool(const Query& q) {
  Pool p;
  p.id = q.text(0);
  p.project_id = q.text(1);
  p.name = q.text(2);
  if (auto hold = q.optional_int64(3)) p.hold_seconds = static_cast<int>(*hold);
  const std::string policy = q.text(4);
  auto when_exhausted = domain::when_exhausted_from_string(policy);
  if (!when_exhausted)
    return fail(Error::internal("pool " + p.id + " has an unknown when_exhausted \"" + policy + "\""));
  p.when_exhausted = *when_exhausted;
  auto replace = decode_replace(q.text(5), p.id);
  if (!replace) return fail(replace.error());
  p.replace = std::move(*replace);
  p.created_at = from_unix_ms(q.int64(6));
  p.routing_plan_id = q.optional_text(7);
  return p;
}

Result<void> write_failure(const Query& q, const Pool& p, Error error) {
  if (q.violated_unique("pools.id")) return fail(Error::conflict("id", "a pool with id " + p.id + " already exists"));
  if (q.error_code() == SQLITE_CONSTRAINT_FOREIGNKEY) return fail(Error::not_found("no project " + p.project_id));
  return fail(std::move(error));
}

}  // namespace

Result<void> SqlitePoolRepository::insert(const Pool& pool) {
  auto q = db_.query(
      "INSERT INTO pools(id, project_id, name, hold_seconds, when_exhausted, replace_json, created_at, routing_plan_id) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  if (!q) return fail(q.error());
  q->bind_all(pool.id, pool.project_id, pool.name, pool.hold_seconds, domain::to_string(pool.when_exhausted),
              encode_replace(pool.replace), to_unix_ms(pool.created_at), pool.routing_plan_id);
  if (auto r = q->run(); !r) return write_failure(*q, pool, r.error());
  return {};
}

Result<void> SqlitePoolRepository::update(const Pool& pool) {
  auto q = db_.query(
      "UPDATE pools SET name = ?, hold_seconds = ?, when_exhausted = ?, replace_json = ?, routing_plan_id = ? "
      "WHERE id = ? AND project_id = ?");
  if (!q) return fail(q.error());
  q->bind_all(pool.name, pool.hold_seconds, domain::to_string(pool.when_exhausted), encode_replace(pool.replace),
              pool.routing_plan_id, pool.id, pool.project_id);
  if (auto r = q->run(); !r) return write_failure(*q, pool, r.error());
  if (db_.changes() == 0) return fail(Error::not_found("no pool " + pool.id));
  return {};
}

Result<std::optional<Pool>> SqlitePoolRepository::find(const std::string& project_id, const std::string& pool_id) {
  static const std::string sql = std::string(kSelect) + "WHERE id = ? AND project_id = ?";
  auto q = db_.query(sql);
  if (!q) return fail(q.error());
  q->bind_all(pool_id, project_id);
  return read_first_row(*q, read_pool);
}

Result<std::vector<Pool>> SqlitePoolRepository::list(const std::string& project_id) {
  static const std::string sql = std::string(kSelect) + "WHERE project_id = ? ORDER BY created_at, rowid";
  auto q = db_.query(sql);
  if (!q) return fail(q.error());
  q->bind_all(project_id);
  return read_all_rows(*q, read_pool);
}

}  // namespace callsign::storage::sqlite
