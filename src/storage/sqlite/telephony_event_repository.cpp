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

Result<TelephonyEvent> read_event(const Query& q) {
  TelephonyEvent e;
  e.project_id = q.text(0);
  e.call_sid = q.text(1);
  e.kind = q.text(2);
  e.fact_key = q.text(3);
  auto parsed = nlohmann::json::parse(q.text(4), nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object())
    return fail(Error::internal("telephony event " + e.call_sid + "/" + e.kind + " has unreadable parameters"));
  for (const auto& [name, value] : parsed.items()) {
    if (!value.is_string())
      return fail(Error::internal("telephony event " + e.call_sid + "/" + e.kind + " has a non-text parameter"));
    e.params.emplace(name, value.get<std::string>());
  }
  e.received_at = from_unix_ms(q.int64(5));
  return e;
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
  return db_.changes() > 0;
}

Result<std::vector<TelephonyEvent>> SqliteTelephonyEventRepository::for_call(const std::string& call_sid) {
  auto q = db_.query(
      "SELECT project_id, call_sid, kind, fact_key, params_json, received_at FROM telephony_events "
      "WHERE call_sid = ? ORDER BY id");
  if (!q) return fail(q.error());
  q->bind_all(call_sid);
  return read_all_rows(*q, read_event);
}

}  // namespace callsign::storage::sqlite
