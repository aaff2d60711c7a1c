#include "storage/sqlite/telephony_event_repository.hpp"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

namespace callsign::storage::sqlite {
namespace {

using domain::TelephonyEvent;

std::string encode_params(const std::map<std::string, std::string>& params) {
  // replace, not throw, on invalid UTF-8: a carrier's odd byte must not lose the callback.
  return nlohmann::json(params).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Reads the flat object of text values that encode_params writes straight into the map, building no JSON tree on
// the way: the writer reads every stored event of a call on each of the call's webhooks. Anything else — another
// type of value, a nested object or array, malformed JSON — stops the parse.
class ParamsReader final : public nlohmann::json_sax<nlohmann::json> {
 public:
  explicit ParamsReader(std::map<std::string, std::string>& out) : out_(out) {}
  bool null() override { return false; }
  bool boolean(bool) override { return false; }
  bool number_integer(number_integer_t) override { return false; }
  bool number_unsigned(number_unsigned_t) override { return false; }
  bool number_float(number_float_t, const string_t&) override { return false; }
  bool string(string_t& value) override {
    if (depth_ != 1) return false;
    out_.insert_or_assign(std::move(name_), std::move(value));
    return true;
  }
  bool binary(binary_t&) override { return false; }
  bool start_object(std::size_t) override { return ++depth_ == 1; }
  bool key(string_t& name) override {
    name_ = std::move(name);
    return true;
  }
  bool end_object() override {
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override { return false; }
  bool end_array() override { return false; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

 private:
  std::map<std::string, std::string>& out_;
  std::string name_;
  int depth_ = 0;
};

Result<TelephonyEvent> read_event(const Query& q) {
  TelephonyEvent e;
  e.project_id = q.text(0);
  e.call_sid = q.text(1);
  e.kind = q.text(2);
  e.fact_key = q.text(3);
  ParamsReader reader(e.params);
  if (!nlohmann::json::sax_parse(q.text(4), &reader))
    return fail(Error::internal("telephony event " + e.call_sid + "/" + e.kind +
                                " has unreadable parameters (not a JSON object of text values)"));
  e.received_at = from_unix_ms(q.int64(5));
  return e;
}

struct StoredEvent {
  std::int64_t id = 0;
  TelephonyEvent event;
};

// A row of for_call()'s SELECT: read_event()'s columns, then the row id.
Result<StoredEvent> read_stored_event(const Query& q) {
  auto event = read_event(q);
  if (!event) return fail(event.error());
  return StoredEvent{q.int64(6), std::move(*event)};
}

}  // namespace

Result<bool> SqliteTelephonyEventRepository::add(const TelephonyEvent& event) {
  auto q = db_.query(
      "INSERT INTO telephony_events(project_id, call_sid, kind, fact_key, params_json, received_at) "
      "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (call_sid, kind, fact_key) DO NOTHING");
  if (!q) return fail(q.error());
  q->bind_all(event.project_id, event.call_sid, event.kind, event.fact_key, encode_params(event.params),
              to_unix_ms(event.received_at));
  if (auto r = q->run(); !r) {
    if (q->error_code() == SQLITE_CONSTRAINT_FOREIGNKEY) return fail(Error::not_found("no project " + event.project_id));
    return fail(r.error());
  }
  if (db_.changes() == 0) return false;
  if (auto cached = cache_.find(event.call_sid); cached != cache_.end()) {
    cached->second.last_id = sqlite3_last_insert_rowid(db_.handle());
    cached->second.events.push_back(event);
  }
  return true;
}

Result<bool> SqliteTelephonyEventRepository::still_stored(const std::string& call_sid, const CachedCall& cached) {
  auto q = db_.query("SELECT COUNT(*), MAX(id) FROM telephony_events WHERE call_sid = ?");
  if (!q) return fail(q.error());
  q->bind_all(call_sid);
  auto row = q->step();
  if (!row) return fail(row.error());
  return *row && q->int64(0) == static_cast<std::int64_t>(cached.events.size()) &&
         q->optional_int64(1) == cached.last_id;
}

Result<std::vector<TelephonyEvent>> SqliteTelephonyEventRepository::for_call(const std::string& call_sid) {
  if (auto cached = cache_.find(call_sid); cached != cache_.end()) {
    auto current = still_stored(call_sid, cached->second);
    if (!current) return fail(current.error());
    if (*current) return cached->second.events;
    cache_.erase(cached);
  }
  auto q = db_.query(
      "SELECT project_id, call_sid, kind, fact_key, params_json, received_at, id FROM telephony_events "
      "WHERE call_sid = ? ORDER BY id");
  if (!q) return fail(q.error());
  q->bind_all(call_sid);
  auto rows = read_all_rows(*q, read_stored_event);
  if (!rows) return fail(rows.error());
  std::vector<TelephonyEvent> events;
  events.reserve(rows->size());
  for (auto& row : *rows) events.push_back(std::move(row.event));
  if (cache_capacity_ > 0 && !rows->empty()) {
    if (cache_.size() >= cache_capacity_) cache_.clear();  // calls are short: the live ones come back at once
    cache_[call_sid] = CachedCall{rows->back().id, events};
  }
  return events;
}

}  // namespace callsign::storage::sqlite
