#include "storage/sqlite/cost_repository.hpp"

#include <sqlite3.h>

namespace callsign::storage::sqlite {

using domain::CostEntry;

Result<bool> SqliteCostRepository::upsert(const CostEntry& e) {
  auto existing = db_.query(
      "SELECT 1 FROM costs WHERE project_id = ? AND date = ? AND source = ? AND medium = ? AND campaign = ? AND term = ?");
  if (!existing) return fail(existing.error());
  auto found = existing->bind_all(e.project_id, e.date, e.source, e.medium, e.campaign, e.term).step();
  if (!found) return fail(found.error());
  const bool is_new = !*found;
  auto q = db_.query(
      "INSERT INTO costs(project_id, date, source, medium, campaign, term, amount, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, CAST(strftime('%s', 'now') AS INTEGER) * 1000) "
      "ON CONFLICT DO UPDATE SET amount = excluded.amount, updated_at = excluded.updated_at");
  if (!q) return fail(q.error());
  if (auto r = q->bind_all(e.project_id, e.date, e.source, e.medium, e.campaign, e.term, e.amount).run(); !r) {
    if (q->error_code() == SQLITE_CONSTRAINT_FOREIGNKEY) return fail(Error::not_found("no project " + e.project_id));
    return fail(r.error());
  }
  return is_new;
}

Result<std::vector<CostEntry>> SqliteCostRepository::in_range(const std::string& project_id,
                                                             const std::string& from_date, const std::string& to_date) {
  auto q = db_.query(
      "SELECT project_id, date, source, medium, campaign, term, amount FROM costs "
      "WHERE project_id = ? AND date >= ? AND date <= ? ORDER BY date, source, medium, campaign, term");
  if (!q) return fail(q.error());
  q->bind_all(project_id, from_date, to_date);
  return read_all_rows<CostEntry>(*q, [](const Query& row) -> Result<CostEntry> {
    return CostEntry{row.text(0), row.text(1), row.text(2), row.text(3), row.text(4), row.text(5), row.real(6)};
  });
}

}  // namespace callsign::storage::sqlite
