#include "storage/sqlite/call_rollup_repository.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace callsign::storage::sqlite {
namespace {

using domain::CallTotals;

constexpr std::int64_t kHourMs = 3'600'000;

constexpr std::array<std::string_view, domain::kCallRollupDimensions> kDimensionColumns{"channel", "source", "medium",
                                                                                      "campaign"};

// call_rollup's sums and the CallTotals member each holds, in column order.
constexpr std::array<std::pair<std::string_view, std::int64_t CallTotals::*>, 16> kSums{{
    {"calls", &CallTotals::calls},
    {"answered", &CallTotals::answered},
    {"missed", &CallTotals::missed},
    {"abandoned", &CallTotals::abandoned},
    {"target", &CallTotals::target},
    {"first_time", &CallTotals::first_time},
    {"is_unique", &CallTotals::unique},
    {"unique_target", &CallTotals::unique_target},
    {"off_hours", &CallTotals::off_hours},
    {"wait_ms", &CallTotals::wait_ms},
    {"waits", &CallTotals::waits},
    {"talk_ms", &CallTotals::talk_ms},
    {"talks", &CallTotals::talks},
    {"deals", &CallTotals::deals},
    {"revenue_units", &CallTotals::revenue_units},
    {"profit_units", &CallTotals::profit_units},
}};

std::size_t index_of(domain::ReportDimension d) { return static_cast<std::size_t>(d); }

Result<void> run(Connection& db, std::string_view sql, const std::string& project_id) {
  auto q = db.query(sql);
  if (!q) return fail(q.error());
  return q->bind_all(project_id).run();
}

}  // namespace

Result<std::optional<domain::CallRollupBasis>> SqliteCallRollupRepository::basis(const std::string& project_id) {
  auto q = db_.query("SELECT timezone, margin_percent, until_day FROM call_rollup_basis WHERE project_id = ?");
  if (!q) return fail(q.error());
  q->bind_all(project_id);
  return read_first_row<domain::CallRollupBasis>(*q, [](const Query& row) -> Result<domain::CallRollupBasis> {
    return domain::CallRollupBasis{row.text(0), row.real(1), row.optional_int64(2)};
  });
}

Result<std::vector<domain::DirtyHour>> SqliteCallRollupRepository::dirty_hours(const std::string& project_id,
                                                                               Timestamp from, Timestamp to) {
  auto q = db_.query(
      "SELECT hour, changes FROM call_rollup_dirty WHERE project_id = ? AND hour > ? AND hour < ? ORDER BY hour");
  if (!q) return fail(q.error());
  q->bind_all(project_id, to_unix_ms(from) - kHourMs, to_unix_ms(to));
  return read_all_rows<domain::DirtyHour>(*q, [](const Query& row) -> Result<domain::DirtyHour> {
    return domain::DirtyHour{row.int64(0), row.int64(1)};
  });
}

Result<std::optional<Timestamp>> SqliteCallRollupRepository::first_call_start(const std::string& project_id) {
  auto q = db_.query("SELECT MIN(started_at) FROM calls INDEXED BY calls_report WHERE project_id = ?");
  if (!q) return fail(q.error());
  q->bind_all(project_id);
  auto row = q->step();
  if (!row) return fail(row.error());
  if (!*row || q->is_null(0)) return std::optional<Timestamp>{};
  return std::optional<Timestamp>(from_unix_ms(q->int64(0)));
}

Result<std::vector<domain::CallRollupRow>> SqliteCallRollupRepository::rows(
    const std::string& project_id, std::int64_t from_day, std::int64_t until_day,
    const std::vector<domain::ReportDimension>& dimensions,
    const std::vector<std::pair<domain::ReportDimension, std::string>>& filters) {
  for (auto d : dimensions)
    if (index_of(d) >= domain::kCallRollupDimensions)
      return fail(Error::internal("the call rollup has channel, source, medium and campaign only"));
  for (const auto& f : filters)
    if (index_of(f.first) >= domain::kCallRollupDimensions)
      return fail(Error::internal("the call rollup has channel, source, medium and campaign only"));
  // Grouped by day and the key's columns down to the deepest dimension asked for, the rows come in primary-key
  // order and are summed as they are walked (grouping by the dimensions alone sorts every row first: ~2 µs a row);
  // grouped by all four, each stored row is its own group and needs no sums at all.
  std::size_t depth = 0;
  for (auto d : dimensions) depth = std::max(depth, index_of(d) + 1);
  const bool whole_rows = depth == domain::kCallRollupDimensions;
  std::string select = "SELECT day", group = " GROUP BY day";
  for (auto d : dimensions) select += ", " + std::string(kDimensionColumns[index_of(d)]);
  for (std::size_t i = 0; i < depth; ++i) group += ", " + std::string(kDimensionColumns[i]);
  for (const auto& [column, member] : kSums)
    select += whole_rows ? ", " + std::string(column) : ", SUM(" + std::string(column) + ")";
  select += " FROM call_rollup WHERE project_id = ? AND day >= ? AND day < ?";
  for (const auto& f : filters) select += " AND " + std::string(kDimensionColumns[index_of(f.first)]) + " = ?";
  auto q = db_.query(select + (whole_rows ? "" : group) + " ORDER BY day");
  if (!q) return fail(q.error());
  q->bind_all(project_id, from_day, until_day);
  int next = 4;
  for (const auto& f : filters) q->bind(next++, f.second);
  std::vector<domain::CallRollupRow> out;
  const int n = static_cast<int>(dimensions.size());
  for (;;) {
    auto stepped = q->step();
    if (!stepped) return fail(stepped.error());
    if (!*stepped) return out;
    domain::CallRollupRow row;
    row.day = q->int64(0);
    for (int i = 0; i < n; ++i) q->text_into(1 + i, row.values[index_of(dimensions[static_cast<std::size_t>(i)])]);
    for (std::size_t i = 0; i < kSums.size(); ++i) row.totals.*kSums[i].second = q->int64(1 + n + static_cast<int>(i));
    out.push_back(std::move(row));
  }
}

Result<void> SqliteCallRollupRepository::reset(const std::string& project_id, const domain::CallRollupBasis& basis) {
  if (auto r = run(db_, "DELETE FROM call_rollup WHERE project_id = ?", project_id); !r) return r;
  if (auto r = run(db_, "DELETE FROM call_rollup_dirty WHERE project_id = ?", project_id); !r) return r;
  auto q = db_.query(
      "INSERT INTO call_rollup_basis(project_id, timezone, margin_percent, until_day) VALUES (?, ?, ?, ?) "
      "ON CONFLICT DO UPDATE SET timezone = excluded.timezone, margin_percent = excluded.margin_percent, "
      "until_day = excluded.until_day");
  if (!q) return fail(q.error());
  return q->bind_all(project_id, basis.timezone, basis.margin_percent, basis.until_day).run();
}

Result<void> SqliteCallRollupRepository::apply(const std::string& project_id, const domain::CallRollupUpdate& update) {
  auto current = basis(project_id);
  if (!current) return fail(current.error());
  if (*current != update.basis) return fail(Error::conflict("basis", "the call rollup was started over meanwhile"));
  auto drop = db_.query("DELETE FROM call_rollup WHERE project_id = ? AND day = ?");
  if (!drop) return fail(drop.error());
  for (auto day : update.days)
    if (auto r = drop->reset().bind_all(project_id, day).run(); !r) return r;
  std::string sql = "INSERT INTO call_rollup(project_id, day, channel, source, medium, campaign";
  for (const auto& [column, member] : kSums) sql += ", " + std::string(column);
  sql += ") VALUES (?, ?, ?, ?, ?, ?";
  for (std::size_t i = 0; i < kSums.size(); ++i) sql += ", ?";
  auto insert = db_.query(sql + ")");
  if (!insert) return fail(insert.error());
  for (const auto& row : update.rows) {
    const auto& v = row.values;
    insert->reset().bind_all(project_id, row.day, v[0], v[1], v[2], v[3]);
    for (std::size_t i = 0; i < kSums.size(); ++i) insert->bind(7 + static_cast<int>(i), row.totals.*kSums[i].second);
    if (auto r = insert->run(); !r) return r;
  }
  auto clear = db_.query("DELETE FROM call_rollup_dirty WHERE project_id = ? AND hour = ? AND changes = ?");
  if (!clear) return fail(clear.error());
  for (const auto& mark : update.cleared)
    if (auto r = clear->reset().bind_all(project_id, mark.hour_start_ms, mark.changes).run(); !r) return r;
  if (!update.until_day) return {};
  auto moved = db_.query("UPDATE call_rollup_basis SET until_day = ? WHERE project_id = ?");
  if (!moved) return fail(moved.error());
  return moved->bind_all(*update.until_day, project_id).run();
}

}  // namespace callsign::storage::sqlite
