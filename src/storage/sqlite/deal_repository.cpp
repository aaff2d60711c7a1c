#include "storage/sqlite/deal_repository.hpp"

#include <sqlite3.h>

namespace callsign::storage::sqlite {
namespace {

using domain::Deal;

constexpr std::string_view kColumns =
    "d.id, d.project_id, d.external_id, d.call_id, d.caller, d.created_at, d.amount, d.profit, d.status, d.updated_at";

Result<Deal> read_deal(const Query& q) {
  Deal d;
  d.id = q.text(0);
  d.project_id = q.text(1);
  d.external_id = q.text(2);
  d.call_id = q.optional_text(3);
  d.caller = q.optional_text(4);
  d.created_at = from_unix_ms(q.int64(5));
  d.amount = q.real(6);
  if (!q.is_null(7)) d.profit = q.real(7);
  auto status = domain::deal_status_from_string(q.text(8));
  if (!status) return fail(Error::internal("deal " + d.id + " has an unknown status"));
  d.status = *status;
  d.updated_at = from_unix_ms(q.int64(9));
  return d;
}

}  // namespace

Result<std::pair<Deal, bool>> SqliteDealRepository::upsert(const Deal& deal) {
  auto existing = find_by_external_id(deal.project_id, deal.external_id);
  if (!existing) return fail(existing.error());
  Deal stored = deal;
  if (*existing) stored.id = (*existing)->id;
  auto q = db_.query(
      "INSERT INTO deals(id, project_id, external_id, call_id, caller, created_at, amount, profit, status, updated_at, "
      "call_started_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
      "(SELECT started_at FROM calls WHERE id = ?4 AND project_id = ?2)) "
      "ON CONFLICT(id) DO UPDATE SET external_id = excluded.external_id, call_id = excluded.call_id, "
      "caller = excluded.caller, created_at = excluded.created_at, amount = excluded.amount, "
      "profit = excluded.profit, status = excluded.status, updated_at = excluded.updated_at, "
      "call_started_at = excluded.call_started_at");
  if (!q) return fail(q.error());
  q->bind_all(stored.id, stored.project_id, stored.external_id, stored.call_id, stored.caller,
              to_unix_ms(stored.created_at), stored.amount, stored.profit, domain::to_string(stored.status),
              to_unix_ms(stored.updated_at));
  if (auto r = q->run(); !r) {
    if (q->error_code() == SQLITE_CONSTRAINT_FOREIGNKEY) return fail(Error::not_found("no project " + deal.project_id));
    return fail(r.error());
  }
  return std::pair{std::move(stored), !*existing};
}

Result<std::optional<Deal>> SqliteDealRepository::find_by_external_id(const std::string& project_id,
                                                                     const std::string& external_id) {
  static const std::string sql =
      "SELECT " + std::string(kColumns) + " FROM deals d WHERE d.project_id = ? AND d.external_id = ?";
  auto q = db_.query(sql);
  if (!q) return fail(q.error());
  q->bind_all(project_id, external_id);
  return read_first_row(*q, read_deal);
}

Result<std::vector<domain::WonDeal>> SqliteDealRepository::won_for_calls(const std::string& project_id,
                                                                        Timestamp from, Timestamp to) {
  // One range of deals_won_by_call_start (its WHERE clause is repeated so the planner may use it).
  static const std::string sql = "SELECT " + std::string(kColumns) +
                                 ", d.call_started_at FROM deals d INDEXED BY deals_won_by_call_start "
                                 "WHERE d.project_id = ? AND d.status = 'won' AND d.call_started_at IS NOT NULL "
                                 "AND d.call_started_at >= ? AND d.call_started_at < ? "
                                 "ORDER BY d.call_started_at, d.call_id, d.external_id";
  auto q = db_.query(sql);
  if (!q) return fail(q.error());
  q->bind_all(project_id, to_unix_ms(from), to_unix_ms(to));
  return read_all_rows<domain::WonDeal>(*q, [](const Query& row) -> Result<domain::WonDeal> {
    auto deal = read_deal(row);
    if (!deal) return fail(deal.error());
    return domain::WonDeal{std::move(*deal), from_unix_ms(row.int64(10))};
  });
}

}  // namespace callsign::storage::sqlite
