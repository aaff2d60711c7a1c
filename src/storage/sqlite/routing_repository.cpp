#include "storage/sqlite/routing_repository.hpp"

#include <limits>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "domain/routing_codec.hpp"
#include "domain/settings_codec.hpp"

namespace callsign::storage::sqlite {
namespace {

using domain::Fallback;
using domain::OperatorGroup;
using domain::OperatorRecord;
using domain::RoutingPlanRecord;
using nlohmann::json;

constexpr std::string_view kSelectOperator =
    "SELECT id, project_id, name, destination, active, created_at FROM operators ";
constexpr std::string_view kSelectGroup =
    "SELECT id, project_id, name, operator_ids_json, created_at FROM operator_groups ";
constexpr std::string_view kSelectPlan =
    "SELECT id, project_id, name, strategy, members_json, ring_seconds, schedule_json, off_hours_json, "
    "no_answer_json, created_at FROM routing_plans ";

// replace, not throw, on invalid UTF-8: writing must not throw on the request path.
std::string dump(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

std::optional<std::string> dump_fallback(const std::optional<Fallback>& fallback) {
  if (!fallback) return std::nullopt;
  return dump(domain::encode_fallback(*fallback));
}

Result<json> parse_column(const std::string& text, const std::string& what) {
  auto parsed = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return fail(Error::internal(what + " is not JSON"));
  return parsed;
}

// Stored fallbacks were validated on the way in; they are read back as written, not re-normalized (a number
// valid when stored stays routable if the phone metadata changes later).
Result<std::optional<Fallback>> read_fallback(const Query& q, int column, const std::string& what) {
  auto text = q.optional_text(column);
  if (!text) return std::optional<Fallback>{};
  auto parsed = parse_column(*text, what);
  if (!parsed) return fail(parsed.error());
  Fallback fallback;
  if (auto it = parsed->find("forward_to"); parsed->is_object() && it != parsed->end() && it->is_string()) {
    fallback.kind = Fallback::Kind::forward;
    fallback.destination = it->get<std::string>();
  } else if (parsed->is_object() && parsed->value("voicemail", false) == true) {
    fallback.kind = Fallback::Kind::voicemail;
  } else {
    return fail(Error::internal(what + " is neither a forward nor voicemail"));
  }
  return std::optional<Fallback>{std::move(fallback)};
}

Result<OperatorRecord> read_operator(const Query& q) {
  OperatorRecord op;
  op.id = q.text(0);
  op.project_id = q.text(1);
  op.name = q.text(2);
  op.destination = q.text(3);
  op.active = q.boolean(4);
  op.created_at = from_unix_ms(q.int64(5));
  return op;
}

Result<OperatorGroup> read_group(const Query& q) {
  OperatorGroup g;
  g.id = q.text(0);
  g.project_id = q.text(1);
  g.name = q.text(2);
  const std::string what = "operator group " + g.id + "'s operator_ids_json";
  auto ids = parse_column(q.text(3), what);
  if (!ids) return fail(ids.error());
  if (!ids->is_array()) return fail(Error::internal(what + " is not a list"));
  for (const auto& id : *ids) {
    if (!id.is_string()) return fail(Error::internal(what + " holds a non-string"));
    g.operator_ids.push_back(id.get<std::string>());
  }
  g.created_at = from_unix_ms(q.int64(4));
  return g;
}

Result<RoutingPlanRecord> read_plan(const Query& q) {
  RoutingPlanRecord p;
  p.id = q.text(0);
  p.project_id = q.text(1);
  p.name = q.text(2);
  const std::string strategy = q.text(3);
  auto parsed_strategy = domain::routing_strategy_from_string(strategy);
  if (!parsed_strategy)
    return fail(Error::internal("routing plan " + p.id + " has an unknown strategy \"" + strategy + "\""));
  p.strategy = *parsed_strategy;
  const std::string prefix = "routing plan " + p.id + "'s ";
  auto members_json = parse_column(q.text(4), prefix + "members_json");
  if (!members_json) return fail(members_json.error());
  auto members = domain::decode_members(*members_json, "members", std::numeric_limits<std::size_t>::max());
  if (!members) return fail(Error::internal(prefix + "members_json: " + members.error().message));
  p.members = std::move(*members);
  p.ring_seconds = static_cast<int>(q.int64(5));
  if (auto text = q.optional_text(6)) {
    auto schedule_json = parse_column(*text, prefix + "schedule_json");
    if (!schedule_json) return fail(schedule_json.error());
    auto schedule = domain::decode_working_hours(*schedule_json, "schedule");
    if (!schedule) return fail(Error::internal(prefix + "schedule_json: " + schedule.error().message));
    p.schedule = std::move(*schedule);
  }
  auto off_hours = read_fallback(q, 7, prefix + "off_hours_json");
  if (!off_hours) return fail(off_hours.error());
  p.off_hours = std::move(*off_hours);
  auto no_answer = read_fallback(q, 8, prefix + "no_answer_json");
  if (!no_answer) return fail(no_answer.error());
  p.no_answer = std::move(*no_answer);
  p.created_at = from_unix_ms(q.int64(9));
  return p;
}

// Maps a failed insert or update of `table` to the port's errors.
Result<void> write_failure(const Query& q, std::string_view table, std::string_view what, const std::string& id,
                           const std::string& project_id, Error error) {
  if (q.violated_unique(std::string(table) + ".id"))
    return fail(Error::conflict("id", std::string(what) + " with id " + id + " already exists"));
  if (q.error_code() == SQLITE_CONSTRAINT_FOREIGNKEY) return fail(Error::not_found("no project " + project_id));
  return fail(std::move(error));
}

}  // namespace

// -- operators ----------------------------------------------------------------------------------------------------

Result<void> SqliteRoutingRepository::insert_operator(const OperatorRecord& op) {
  auto q = db_.query(
      "INSERT INTO operators(id, project_id, name, destination, active, created_at) VALUES (?, ?, ?, ?, ?, ?)");
  if (!q) return fail(q.error());
  q->bind_all(op.id, op.project_id, op.name, op.destination, op.active, to_unix_ms(op.created_at));
  if (auto r = q->run(); !r) return write_failure(*q, "operators", "an operator", op.id, op.project_id, r.error());
  return {};
}

Result<void> SqliteRoutingRepository::update_operator(const OperatorRecord& op) {
  auto q = db_.query("UPDATE operators SET name = ?, destination = ?, active = ? WHERE id = ? AND project_id = ?");
  if (!q) return fail(q.error());
  q->bind_all(op.name, op.destination, op.active, op.id, op.project_id);
  if (auto r = q->run(); !r) return fail(r.error());
  if (db_.changes() == 0) return fail(Error::not_found("no operator " + op.id));
  return {};
}

Result<bool> SqliteRoutingRepository::remove_operator(const std::string& project_id, const std::string& operator_id) {
  auto q = db_.query("DELETE FROM operators WHERE id = ? AND project_id = ?");
  if (!q) return fail(q.error());
  if (auto r = q->bind_all(operator_id, project_id).run(); !r) return fail(r.error());
  return db_.changes() > 0;
}

Result<std::optional<OperatorRecord>> SqliteRoutingRepository::find_operator(const std::string& project_id,
                                                                             const std::string& operator_id) {
  static const std::string sql = std::string(kSelectOperator) + "WHERE id = ? AND project_id = ?";
  auto q = db_.query(sql);
  if (!q) return fail(q.error());
  q->bind_all(operator_id, project_id);
  return read_first_row(*q, read_operator);
}

Result<std::vector<OperatorRecord>> SqliteRoutingRepository::list_operators(const std::string& project_id) {
  static const std::string sql = std::string(kSelectOperator) + "WHERE project_id = ? ORDER BY created_at, rowid";
  auto q = db_.query(sql);
  if (!q) return fail(q.error());
  q->bind_all(project_id);
  return read_all_rows(*q, read_operator);
}

// -- groups -------------------------------------------------------------------------------------------------------

Result<void> SqliteRoutingRepository::insert_group(const OperatorGroup& group) {
  auto q = db_.query(
      "INSERT INTO operator_groups(id, project_id, name, operator_ids_json, created_at) VALUES (?, ?, ?, ?, ?)");
  if (!q) return fail(q.error());
  q->bind_all(group.id, group.project_id, group.name, dump(json(group.operator_ids)), to_unix_ms(group.created_at));
  if (auto r = q->run(); !r)
    return write_failure(*q, "operator_groups", "an operator group", group.id, group.project_id, r.error());
  return {};
}

Result<void> SqliteRoutingRepository::update_group(const OperatorGroup& group) {
  auto q = db_.query("UPDATE operator_groups SET name = ?, operator_ids_json = ? WHERE id = ? AND project_id = ?");
  if (!q) return fail(q.error());
  q->bind_all(group.name, dump(json(group.operator_ids)), group.id, group.project_id);
  if (auto r = q->run(); !r) return fail(r.error());
  if (db_.changes() == 0) return fail(Error::not_found("no operator group " + group.id));
  return {};
}

Result<bool> SqliteRoutingRepository::remove_group(const std::string& project_id, const std::string& group_id) {
  auto q = db_.query("DELETE FROM operator_groups WHERE id = ? AND project_id = ?");
  if (!q) return fail(q.error());
  if (auto r = q->bind_all(group_id, project_id).run(); !r) return fail(r.error());
  return db_.changes() > 0;
}

Result<std::optional<OperatorGroup>> SqliteRoutingRepository::find_group(const std::string& project_id,
                                                                         const std::string& group_id) {
  static const std::string sql = std::string(kSelectGroup) + "WHERE id = ? AND project_id = ?";
  auto q = db_.query(sql);
  if (!q) return fail(q.error());
  q->bind_all(group_id, project_id);
  return read_first_row(*q, read_group);
}

Result<std::vector<OperatorGroup>> SqliteRoutingRepository::list_groups(const std::string& project_id) {
  static const std::string sql = std::string(kSelectGroup) + "WHERE project_id = ? ORDER BY created_at, rowid";
  auto q = db_.query(sql);
  if (!q) return fail(q.error());
  q->bind_all(project_id);
  return read_all_rows(*q, read_group);
}

// -- plans --------------------------------------------------------------------------------------------------------

Result<void> SqliteRoutingRepository::insert_plan(const RoutingPlanRecord& plan) {
  auto q = db_.query(
      "INSERT INTO routing_plans(id, project_id, name, strategy, members_json, ring_seconds, schedule_json, "
      "off_hours_json, no_answer_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!q) return fail(q.error());
  std::optional<std::string> schedule;
  if (plan.schedule) schedule = dump(domain::encode_working_hours(*plan.schedule));
  q->bind_all(plan.id, plan.project_id, plan.name, domain::to_string(plan.strategy),
              dump(domain::encode_members(plan.members)), plan.ring_seconds, schedule, dump_fallback(plan.off_hours),
              dump_fallback(plan.no_answer), to_unix_ms(plan.created_at));
  if (auto r = q->run(); !r)
    return write_failure(*q, "routing_plans", "a routing plan", plan.id, plan.project_id, r.error());
  return {};
}

Result<void> SqliteRoutingRepository::update_plan(const RoutingPlanRecord& plan) {
  auto q = db_.query(
      "UPDATE routing_plans SET name = ?, strategy = ?, members_json = ?, ring_seconds = ?, schedule_json = ?, "
      "off_hours_json = ?, no_answer_json = ? WHERE id = ? AND project_id = ?");
  if (!q) return fail(q.error());
  std::optional<std::string> schedule;
  if (plan.schedule) schedule = dump(domain::encode_working_hours(*plan.schedule));
  q->bind_all(plan.name, domain::to_string(plan.strategy), dump(domain::encode_members(plan.members)),
              plan.ring_seconds, schedule, dump_fallback(plan.off_hours), dump_fallback(plan.no_answer), plan.id,
              plan.project_id);
  if (auto r = q->run(); !r) return fail(r.error());
  if (db_.changes() == 0) return fail(Error::not_found("no routing plan " + plan.id));
  return {};
}

Result<bool> SqliteRoutingRepository::remove_plan(const std::string& project_id, const std::string& plan_id) {
  auto q = db_.query("DELETE FROM routing_plans WHERE id = ? AND project_id = ?");
  if (!q) return fail(q.error());
  if (auto r = q->bind_all(plan_id, project_id).run(); !r) return fail(r.error());
  if (db_.changes() == 0) return false;
  auto state = db_.query("DELETE FROM routing_state WHERE plan_id = ?");
  if (!state) return fail(state.error());
  if (auto r = state->bind_all(plan_id).run(); !r) return fail(r.error());
  return true;
}

Result<std::optional<RoutingPlanRecord>> SqliteRoutingRepository::find_plan(const std::string& project_id,
                                                                            const std::string& plan_id) {
  static const std::string sql = std::string(kSelectPlan) + "WHERE id = ? AND project_id = ?";
  auto q = db_.query(sql);
  if (!q) return fail(q.error());
  q->bind_all(plan_id, project_id);
  return read_first_row(*q, read_plan);
}

Result<std::vector<RoutingPlanRecord>> SqliteRoutingRepository::list_plans(const std::string& project_id) {
  static const std::string sql = std::string(kSelectPlan) + "WHERE project_id = ? ORDER BY created_at, rowid";
  auto q = db_.query(sql);
  if (!q) return fail(q.error());
  q->bind_all(project_id);
  return read_all_rows(*q, read_plan);
}

// -- round-robin state --------------------------------------------------------------------------------------------

Result<std::size_t> SqliteRoutingRepository::round_robin_next(const std::string& plan_id) {
  auto q = db_.query("SELECT round_robin_next FROM routing_state WHERE plan_id = ?");
  if (!q) return fail(q.error());
  q->bind_all(plan_id);
  auto row = q->step();
  if (!row) return fail(row.error());
  if (!*row) return std::size_t{0};
  const std::int64_t next = q->int64(0);
  return next < 0 ? std::size_t{0} : static_cast<std::size_t>(next);
}

Result<void> SqliteRoutingRepository::set_round_robin_next(const std::string& plan_id, std::size_t next) {
  auto q = db_.query(
      "INSERT INTO routing_state(plan_id, round_robin_next) VALUES (?, ?) "
      "ON CONFLICT(plan_id) DO UPDATE SET round_robin_next = excluded.round_robin_next");
  if (!q) return fail(q.error());
  q->bind_all(plan_id, static_cast<std::int64_t>(next));
  return q->run();
}

}  // namespace callsign::storage::sqlite
