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
