#include "storage/sqlite/call_repository.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <tuple>
#include <utility>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

namespace callsign::storage::sqlite {
namespace {

using domain::AttributionMethod;
using domain::Call;

// The 37 "field" columns: everything but id and project_id, in the order field_values() gives their values.
constexpr std::array<std::string_view, 37> kFieldNames = {
    "external_id", "tracking_number", "caller", "caller_region", "caller_line_type", "started_at", "answered_at",
    "ended_at", "status", "operator", "recording_url", "attribution_method", "attribution_confidence", "session_id",
    "visitor_id", "channel", "source", "medium", "campaign", "term", "content", "gclid", "landing_page", "answered",
    "missed", "abandoned", "target", "first_time", "is_unique", "is_repeat", "unique_target", "off_hours", "spam",
    "tags", "created_at", "updated_at", "operator_id"};
constexpr int kFieldCount = static_cast<int>(kFieldNames.size());

// "external_id, tracking_number, …": the field columns, comma-separated.
const std::string& field_columns() {
  static const std::string columns = [] {
    std::string out;
    for (auto name : kFieldNames) out += (out.empty() ? "" : ", ") + std::string(name);
    return out;
  }();
  return columns;
}

std::string select_sql(std::string_view rest) {
  return "SELECT id, project_id, " + field_columns() + " FROM calls " + std::string(rest);
}

std::optional<std::int64_t> optional_ms(const std::optional<Timestamp>& t) {
  if (!t) return std::nullopt;
  return to_unix_ms(*t);
}

std::optional<Timestamp> optional_time(const std::optional<std::int64_t>& ms) {
  if (!ms) return std::nullopt;
  return from_unix_ms(*ms);
}

std::optional<AttributionMethod> method_from_string(std::string_view name) {
  for (auto m : {AttributionMethod::static_number, AttributionMethod::session, AttributionMethod::caller_memory,
                 AttributionMethod::none})
    if (domain::to_string(m) == name) return m;
  return std::nullopt;
}

std::string encode_tags(const std::vector<std::string>& tags) {
  // replace, not throw, on invalid UTF-8: writing must not throw on the request path.
  return nlohmann::json(tags).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<std::vector<std::string>> decode_tags(const std::string& text, const std::string& call_id) {
  if (text == "[]") return std::vector<std::string>{};  // most calls: no parse (the writer reads callers' histories)
  auto parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  auto bad = [&] { return fail(Error::internal("call " + call_id + " has unreadable tags")); };
  if (parsed.is_discarded() || !parsed.is_array()) return bad();
  std::vector<std::string> tags;
  tags.reserve(parsed.size());
  for (const auto& tag : parsed) {
    if (!tag.is_string()) return bad();
    tags.push_back(tag.get<std::string>());
  }
  return tags;
}

std::optional<std::string_view> optional_view(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  return std::string_view(*text);
}

// The values of the field columns (kFieldNames order) as they are bound; the texts are views into `c`.
auto field_values(const Call& c) {
  const auto& a = c.attribution;
  const auto& f = c.flags;
  return std::make_tuple(
      std::string_view(c.external_id), std::string_view(c.tracking_number), std::string_view(c.caller),
      std::string_view(c.caller_region), std::string_view(c.caller_line_type), to_unix_ms(c.started_at),
      optional_ms(c.answered_at), optional_ms(c.ended_at), domain::to_string(c.status), optional_view(c.operator_name),
      optional_view(c.recording_url), domain::to_string(a.method), a.confidence, optional_view(a.session_id),
      optional_view(a.visitor_id), optional_view(a.channel), optional_view(a.source), optional_view(a.medium),
      optional_view(a.campaign), optional_view(a.term), optional_view(a.content), optional_view(a.gclid),
      optional_view(a.landing_page), f.answered, f.missed, f.abandoned, f.target, f.first_time, f.unique, f.repeat,
      f.unique_target, f.off_hours, f.spam, encode_tags(c.tags), to_unix_ms(c.created_at), to_unix_ms(c.updated_at),
      optional_view(c.operator_id));
}
using FieldValues = decltype(field_values(std::declval<const Call&>()));
static_assert(std::tuple_size_v<FieldValues> == kFieldNames.size());
constexpr auto kFieldIndexes = std::make_index_sequence<kFieldNames.size()>{};

// Bit i set: field column i (kFieldNames) has another value in `after` than in `before`.
using ColumnMask = std::uint64_t;
static_assert(kFieldNames.size() <= 64);

ColumnMask changed_columns(const FieldValues& before, const FieldValues& after) {
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    return ((ColumnMask{std::get<I>(before) != std::get<I>(after)} << I) | ...);
  }(kFieldIndexes);
}

// Binds the field columns whose bit is set in `columns`, in kFieldNames order, from parameter `first` on.
// Returns the next parameter's index.
int bind_fields(Query& q, const FieldValues& values, ColumnMask columns, int first) {
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    ((columns >> I & 1 ? (q.bind(first++, std::get<I>(values)), 0) : 0), ...);
  }(kFieldIndexes);
  return first;
}

constexpr ColumnMask kAllColumns = (ColumnMask{1} << kFieldNames.size()) - 1;

// Reads a row of select_sql(): column 0 id, 1 project_id, then kFieldNames.
Result<Call> read_call(const Query& q) {
  Call c;
  int i = 0;
  c.id = q.text(i++);
  c.project_id = q.text(i++);
  c.external_id = q.text(i++);
  c.tracking_number = q.text(i++);
  c.caller = q.text(i++);
  c.caller_region = q.text(i++);
  c.caller_line_type = q.text(i++);
  c.started_at = from_unix_ms(q.int64(i++));
  c.answered_at = optional_time(q.optional_int64(i++));
  c.ended_at = optional_time(q.optional_int64(i++));
  const std::string status = q.text(i++);
  auto parsed_status = domain::call_status_from_string(status);
  if (!parsed_status) return fail(Error::internal("call " + c.id + " has an unknown status \"" + status + "\""));
  c.status = *parsed_status;
  c.operator_name = q.optional_text(i++);
  c.recording_url = q.optional_text(i++);
  auto& a = c.attribution;
  const std::string method = q.text(i++);
  auto parsed_method = method_from_string(method);
  if (!parsed_method)
    return fail(Error::internal("call " + c.id + " has an unknown attribution method \"" + method + "\""));
  a.method = *parsed_method;
  a.confidence = q.real(i++);
  for (auto* field : {&a.session_id, &a.visitor_id, &a.channel, &a.source, &a.medium, &a.campaign, &a.term, &a.content,
                      &a.gclid, &a.landing_page})
    *field = q.optional_text(i++);
  auto& f = c.flags;
  for (auto* flag : {&f.answered, &f.missed, &f.abandoned, &f.target, &f.first_time, &f.unique, &f.repeat,
                     &f.unique_target, &f.off_hours, &f.spam})
    *flag = q.boolean(i++);
  auto tags = decode_tags(q.text(i++), c.id);
  if (!tags) return fail(tags.error());
  c.tags = std::move(*tags);
  c.created_at = from_unix_ms(q.int64(i++));
  c.updated_at = from_unix_ms(q.int64(i++));
  c.operator_id = q.optional_text(i++);
  return c;
}

Result<std::string> first_column_text(const Query& q) { return q.text(0); }

Result<void> write_failure(const Query& q, const Call& c, Error error) {
  if (q.violated_unique("calls.project_id, calls.external_id"))
    return fail(Error::conflict("external_id", "a call with external_id " + c.external_id + " already exists"));
  if (q.violated_unique("calls.id")) return fail(Error::conflict("id", "a call with id " + c.id + " already exists"));
  if (q.error_code() == SQLITE_CONSTRAINT_FOREIGNKEY) return fail(Error::not_found("no project " + c.project_id));
  return fail(std::move(error));
}

std::string insert_sql() {
  std::string sql = "INSERT INTO calls(id, project_id, " + field_columns() + ") VALUES (?, ?";
  for (int i = 0; i < kFieldCount; ++i) sql += ", ?";
  return sql + ")";
}

// Sets only the columns in `columns`: SQLite rewrites an index, and runs an UPDATE OF trigger, only for the columns
// an UPDATE names, whether or not their values change.
std::string update_sql(ColumnMask columns) {
  std::string sql = "UPDATE calls SET ";
  const char* separator = "";
  for (std::size_t i = 0; i < kFieldNames.size(); ++i) {
    if (!(columns >> i & 1)) continue;
    sql += separator + std::string(kFieldNames[i]) + " = ?";
    separator = ", ";
  }
  return sql + " WHERE id = ? AND project_id = ?";
}

// Parameters: ?1 project_id, ?2 from, ?3 to, ?4 channel, ?5 status, ?6 ?7 the cursor, ?8 limit, ?9 tracking
// number, ?10 operator, ?11 caller. Booleans are
// written as literals so SQLite can pick the partial indexes on target = 1 / is_unique = 1.
std::string list_sql(const domain::CallQuery& query) {
  std::string where = "WHERE project_id = ?1";
  if (query.from) where += " AND started_at >= ?2";
  if (query.to) where += " AND started_at < ?3";
  if (query.channel) where += " AND channel = ?4";
  if (query.status) where += " AND status = ?5";
  if (query.missed) where += " AND missed = 1";
  if (query.first_time) where += *query.first_time ? " AND first_time = 1" : " AND first_time = 0";
  if (query.tracking_number) where += " AND tracking_number = ?9";
  if (query.operator_name) where += " AND operator = ?10";
  if (query.caller) where += " AND caller = ?11";
  if (query.target) where += *query.target ? " AND target = 1" : " AND target = 0";
  if (query.unique) where += *query.unique ? " AND is_unique = 1" : " AND is_unique = 0";
  if (query.after) where += " AND (started_at, id) < (?6, ?7)";
  return select_sql(where + " ORDER BY started_at DESC, id DESC LIMIT ?8");
}

}  // namespace

Result<void> SqliteCallRepository::insert(const Call& call) {
  static const std::string sql = insert_sql();
  auto q = db_.query(sql);
  if (!q) return fail(q.error());
  q->bind(1, call.id).bind(2, call.project_id);
  bind_fields(*q, field_values(call), kAllColumns, 3);
  if (auto r = q->run(); !r) return write_failure(*q, call, r.error());
  return {};
}

Result<void> SqliteCallRepository::update(const Call& stored, const Call& call) {
  const FieldValues values = field_values(call);
  const ColumnMask columns = changed_columns(field_values(stored), values);
  if (columns == 0) return {};
  auto sql = update_sql_.find(columns);
  if (sql == update_sql_.end()) sql = update_sql_.emplace(columns, update_sql(columns)).first;
  auto q = db_.query(sql->second);
  if (!q) return fail(q.error());
  const int next = bind_fields(*q, values, columns, 1);
  q->bind(next, call.id).bind(next + 1, call.project_id);
  if (auto r = q->run(); !r) return write_failure(*q, call, r.error());
  if (db_.changes() == 0) return fail(Error::not_found("no call " + call.id));
  return {};
}

Result<std::optional<Call>> SqliteCallRepository::find(const std::string& project_id, const std::string& call_id) {
  static const std::string sql = select_sql("WHERE id = ? AND project_id = ?");
  auto q = db_.query(sql);
  if (!q) return fail(q.error());
  q->bind_all(call_id, project_id);
  return read_first_row(*q, read_call);
}

Result<std::optional<Call>> SqliteCallRepository::find_by_external_id(const std::string& project_id,
                                                                      const std::string& external_id) {
  static const std::string sql = select_sql("WHERE project_id = ? AND external_id = ?");
  auto q = db_.query(sql);
  if (!q) return fail(q.error());
  q->bind_all(project_id, external_id);
  return read_first_row(*q, read_call);
}

Result<std::vector<Call>> SqliteCallRepository::caller_calls_since(const std::string& project_id,
                                                                   const std::string& caller, Timestamp since) {
  // The same order as domain::starts_before(): BINARY collation compares bytes like std::string.
  static const std::string sql =
      select_sql("WHERE project_id = ? AND caller = ? AND started_at >= ? ORDER BY started_at, external_id");
  auto q = db_.query(sql);
  if (!q) return fail(q.error());
  q->bind_all(project_id, caller, to_unix_ms(since));
  return read_all_rows(*q, read_call);
}

Result<bool> SqliteCallRepository::caller_has_call_before(const std::string& project_id, const std::string& caller,
                                                          Timestamp before) {
  auto q = db_.query(
      "SELECT EXISTS (SELECT 1 FROM calls WHERE project_id = ? AND caller = ? AND started_at < ?)");
  if (!q) return fail(q.error());
  q->bind_all(project_id, caller, to_unix_ms(before));
  auto row = q->step();
  if (!row) return fail(row.error());
  return *row && q->boolean(0);
}

Result<std::vector<Call>> SqliteCallRepository::list(const std::string& project_id, const domain::CallQuery& query) {
  auto q = db_.query(list_sql(query));
  if (!q) return fail(q.error());
  q->bind(1, project_id);
  if (query.from) q->bind(2, to_unix_ms(*query.from));
  if (query.to) q->bind(3, to_unix_ms(*query.to));
  if (query.channel) q->bind(4, *query.channel);
  if (query.status) q->bind(5, domain::to_string(*query.status));
  if (query.after) q->bind(6, to_unix_ms(query.after->first)).bind(7, query.after->second);
  if (query.tracking_number) q->bind(9, *query.tracking_number);
  if (query.operator_name) q->bind(10, *query.operator_name);
  if (query.caller) q->bind(11, *query.caller);
  q->bind(8, static_cast<std::int64_t>(std::max(query.limit, 0)));
  return read_all_rows(*q, read_call);
}

Result<std::optional<Call>> SqliteCallRepository::remembered_call(const std::string& project_id,
                                                                  const std::string& caller,
                                                                  const std::string& tracking_number, Timestamp since,
                                                                  Timestamp before) {
  static const std::string sql = select_sql(
      "WHERE project_id = ? AND caller = ? AND started_at >= ? AND started_at < ? AND tracking_number = ? "
      "AND attribution_method IN (?, ?) ORDER BY started_at DESC, external_id DESC LIMIT 1");
  auto q = db_.query(sql);
  if (!q) return fail(q.error());
  q->bind_all(project_id, caller, to_unix_ms(since), to_unix_ms(before), tracking_number,
              domain::to_string(AttributionMethod::session), domain::to_string(AttributionMethod::caller_memory));
  return read_first_row(*q, read_call);
}

Result<std::optional<std::string>> SqliteCallRepository::last_operator(const std::string& project_id,
                                                                     const std::string& caller, Timestamp before) {
  auto q = db_.query(
      "SELECT operator_id FROM calls WHERE project_id = ? AND caller = ? AND started_at < ? AND operator_id IS NOT NULL "
      "ORDER BY started_at DESC, external_id DESC LIMIT 1");
  if (!q) return fail(q.error());
  q->bind_all(project_id, caller, to_unix_ms(before));
  return read_first_row(*q, first_column_text);
}

Result<std::vector<std::string>> SqliteCallRepository::operators_on_call(const std::string& project_id,
                                                                         Timestamp since) {
  auto q = db_.query(
      // `+started_at`: not an index term, so the planner reads the tiny calls_live_by_operator, not calls_by_start.
      "SELECT DISTINCT operator_id FROM calls WHERE project_id = ? AND operator_id IS NOT NULL AND ended_at IS NULL "
      "AND answered_at IS NOT NULL AND +started_at >= ? ORDER BY operator_id");
  if (!q) return fail(q.error());
  q->bind_all(project_id, to_unix_ms(since));
  return read_all_rows(*q, first_column_text);
}

Result<std::optional<std::string>> SqliteCallRepository::latest_call_before(const std::string& project_id,
                                                                          const std::string& caller, Timestamp before) {
  auto q = db_.query(
      "SELECT id FROM calls WHERE project_id = ? AND caller = ? AND started_at < ? "
      "ORDER BY started_at DESC, external_id DESC LIMIT 1");
  if (!q) return fail(q.error());
  q->bind_all(project_id, caller, to_unix_ms(before));
  return read_first_row(*q, first_column_text);
}

}  // namespace callsign::storage::sqlite
