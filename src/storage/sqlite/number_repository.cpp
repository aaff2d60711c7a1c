#include "storage/sqlite/number_repository.hpp"

#include <sqlite3.h>

namespace callsign::storage::sqlite {
namespace {

using domain::NumberKind;
using domain::TrackingNumber;

constexpr std::string_view kSelect =
    "SELECT id, project_id, number, kind, pool_id, channel, source, medium, campaign, label, forward_to, created_at, "
    "routing_plan_id FROM tracking_numbers ";

std::string_view kind_name(NumberKind kind) { return kind == NumberKind::pool ? "pool" : "static"; }

Result<TrackingNumber> read_number(const Query& q) {
  TrackingNumber n;
  n.id = q.text(0);
  n.project_id = q.text(1);
  n.number = q.text(2);
  const std::string kind = q.text(3);
  if (kind == "static") {
    n.kind = NumberKind::static_number;
  } else if (kind == "pool") {
    n.kind = NumberKind::pool;
  } else {
    return fail(Error::internal("tracking number " + n.id + " has an unknown kind \"" + kind + "\""));
  }
  n.pool_id = q.optional_text(4);
  n.channel = q.text(5);
  n.source = q.optional_text(6);
  n.medium = q.optional_text(7);
  n.campaign = q.optional_text(8);
  n.label = q.optional_text(9);
  n.forward_to = q.optional_text(10);
  n.created_at = from_unix_ms(q.int64(11));
  n.routing_plan_id = q.optional_text(12);
  return n;
}

Result<void> unique_failure(const Query& q, const TrackingNumber& n, Error error) {
  if (q.violated_unique("tracking_numbers.number"))
    return fail(Error::conflict("number", "the number " + n.number + " is already in use"));
  if (q.violated_unique("tracking_numbers.id"))
    return fail(Error::conflict("id", "a tracking number with id " + n.id + " already exists"));
  if (q.error_code() == SQLITE_CONSTRAINT_FOREIGNKEY) return fail(Error::not_found("no project " + n.project_id));
  return fail(std::move(error));
}


}  // namespace

Result<void> SqliteNumberRepository::insert(const TrackingNumber& n) {
  auto q = db_.query(
      "INSERT INTO tracking_numbers(id, project_id, number, kind, pool_id, channel, source, medium, campaign, label, "
      "forward_to, created_at, routing_plan_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!q) return fail(q.error());
  q->bind_all(n.id, n.project_id, n.number, kind_name(n.kind), n.pool_id, n.channel, n.source, n.medium, n.campaign,
              n.label, n.forward_to, to_unix_ms(n.created_at), n.routing_plan_id);
  if (auto r = q->run(); !r) return unique_failure(*q, n, r.error());
  return {};
}

Result<void> SqliteNumberRepository::update(const TrackingNumber& n) {
  auto q = db_.query(
      "UPDATE tracking_numbers SET number = ?, kind = ?, pool_id = ?, channel = ?, source = ?, medium = ?, "
      "campaign = ?, label = ?, forward_to = ?, routing_plan_id = ? WHERE id = ? AND project_id = ?");
  if (!q) return fail(q.error());
  q->bind_all(n.number, kind_name(n.kind), n.pool_id, n.channel, n.source, n.medium, n.campaign, n.label, n.forward_to,
              n.routing_plan_id, n.id, n.project_id);
  if (auto r = q->run(); !r) return unique_failure(*q, n, r.error());
  if (db_.changes() == 0) return fail(Error::not_found("no number " + n.id));
  return {};
}

Result<bool> SqliteNumberRepository::remove(const std::string& project_id, const std::string& number_id) {
  auto q = db_.query("DELETE FROM tracking_numbers WHERE id = ? AND project_id = ?");
  if (!q) return fail(q.error());
  if (auto r = q->bind_all(number_id, project_id).run(); !r) return fail(r.error());
  return db_.changes() > 0;
}

Result<std::optional<TrackingNumber>> SqliteNumberRepository::find(const std::string& project_id,
                                                                   const std::string& number_id) {
  static const std::string sql = std::string(kSelect) + "WHERE id = ? AND project_id = ?";
  auto q = db_.query(sql);
  if (!q) return fail(q.error());
  q->bind_all(number_id, project_id);
  return read_first_row(*q, read_number);
}

Result<std::optional<TrackingNumber>> SqliteNumberRepository::find_by_number(const std::string& e164) {
  static const std::string sql = std::string(kSelect) + "WHERE number = ?";
  auto q = db_.query(sql);
  if (!q) return fail(q.error());
  q->bind_all(e164);
  return read_first_row(*q, read_number);
}

Result<std::vector<TrackingNumber>> SqliteNumberRepository::list(const std::string& project_id) {
  static const std::string sql = std::string(kSelect) + "WHERE project_id = ? ORDER BY created_at, rowid";
  auto q = db_.query(sql);
  if (!q) return fail(q.error());
  q->bind_all(project_id);
  return read_all_rows(*q, read_number);
}

}  // namespace callsign::storage::sqlite
