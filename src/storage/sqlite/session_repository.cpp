#include "storage/sqlite/session_repository.hpp"

#include <sqlite3.h>

namespace callsign::storage::sqlite {
namespace {

using domain::VisitorSession;

constexpr std::string_view kSelect =
    "SELECT id, project_id, visitor_id, started_at, last_seen_at, page_url, referrer, channel, source, medium, "
    "campaign, term, content, gclid, msclkid, yclid, fbclid, landing_page, ga_client_id, ga_session_id, user_agent, ip "
    "FROM sessions ";

Result<VisitorSession> read_session(const Query& q) {
  VisitorSession s;
  int i = 0;
  s.id = q.text(i++);
  s.project_id = q.text(i++);
  s.visitor_id = q.text(i++);
  s.started_at = from_unix_ms(q.int64(i++));
  s.last_seen_at = from_unix_ms(q.int64(i++));
  s.page_url = q.text(i++);
  s.referrer = q.optional_text(i++);
  auto& source = s.source;
  const std::string channel = q.text(i++);
  auto parsed_channel = domain::traffic_channel_from_string(channel);
  if (!parsed_channel) return fail(Error::internal("session " + s.id + " has an unknown channel \"" + channel + "\""));
  source.channel = *parsed_channel;
  source.source = q.text(i++);
  source.medium = q.text(i++);
  for (auto* field : {&source.campaign, &source.term, &source.content, &source.gclid, &source.msclkid, &source.yclid,
                      &source.fbclid})
    *field = q.optional_text(i++);
  source.landing_page = q.text(i++);
  s.ga_client_id = q.optional_text(i++);
  s.ga_session_id = q.optional_text(i++);
  s.user_agent = q.optional_text(i++);
  s.ip = q.optional_text(i++);
  return s;
}

}  // namespace

Result<void> SqliteSessionRepository::insert(const VisitorSession& s) {
  auto q = db_.query(
      "INSERT INTO sessions(id, project_id, visitor_id, started_at, last_seen_at, page_url, referrer, channel, source, "
      "medium, campaign, term, content, gclid, msclkid, yclid, fbclid, landing_page, ga_client_id, ga_session_id, "
      "user_agent, ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!q) return fail(q.error());
  const auto& t = s.source;
  q->bind_all(s.id, s.project_id, s.visitor_id, to_unix_ms(s.started_at), to_unix_ms(s.last_seen_at), s.page_url,
              s.referrer, domain::to_string(t.channel), t.source, t.medium, t.campaign, t.term, t.content, t.gclid,
              t.msclkid, t.yclid, t.fbclid, t.landing_page, s.ga_client_id, s.ga_session_id, s.user_agent, s.ip);
  if (auto r = q->run(); !r) {
    if (q->violated_unique("sessions.id"))
      return fail(Error::conflict("session_id", "a session with id " + s.id + " already exists"));
    if (q->error_code() == SQLITE_CONSTRAINT_FOREIGNKEY) return fail(Error::not_found("no project " + s.project_id));
    return fail(r.error());
  }
  return {};
}

Result<bool> SqliteSessionRepository::touch(const std::string& session_id, Timestamp at) {
  auto q = db_.query("UPDATE sessions SET last_seen_at = MAX(last_seen_at, ?) WHERE id = ?");
  if (!q) return fail(q.error());
  if (auto r = q->bind_all(to_unix_ms(at), session_id).run(); !r) return fail(r.error());
  return db_.changes() > 0;  // counts the matched row even when last_seen_at stays
}

Result<std::optional<VisitorSession>> SqliteSessionRepository::find(const std::string& session_id) {
  static const std::string sql = std::string(kSelect) + "WHERE id = ?";
  auto q = db_.query(sql);
  if (!q) return fail(q.error());
  q->bind_all(session_id);
  return read_first_row(*q, read_session);
}

Result<void> SqliteSessionRepository::add_event(const domain::SessionEvent& event) {
  auto q = db_.query("INSERT INTO session_events(session_id, type, at, page_url) VALUES (?, ?, ?, ?)");
  if (!q) return fail(q.error());
  q->bind_all(event.session_id, domain::to_string(event.type), to_unix_ms(event.at), event.page_url);
  return q->run();
}

Result<std::optional<Timestamp>> SqliteSessionRepository::latest_event(const std::string& session_id,
                                                                       domain::SessionEventType type, Timestamp since,
                                                                       Timestamp until) {
  auto q = db_.query("SELECT MAX(at) FROM session_events WHERE session_id = ? AND type = ? AND at >= ? AND at <= ?");
  if (!q) return fail(q.error());
  q->bind_all(session_id, domain::to_string(type), to_unix_ms(since), to_unix_ms(until));
  auto row = q->step();
  if (!row) return fail(row.error());
  if (!*row || q->is_null(0)) return std::optional<Timestamp>{};
  return std::optional<Timestamp>(from_unix_ms(q->int64(0)));
}

Result<std::uint64_t> SqliteSessionRepository::count_visitor_sessions(const std::string& project_id,
                                                                      const std::string& visitor_id, Timestamp since,
                                                                      Timestamp until) {
  auto q = db_.query(
      "SELECT COUNT(*) FROM sessions WHERE project_id = ? AND visitor_id = ? AND started_at >= ? AND started_at < ?");
  if (!q) return fail(q.error());
  q->bind_all(project_id, visitor_id, to_unix_ms(since), to_unix_ms(until));
  auto row = q->step();
  if (!row) return fail(row.error());
  return *row ? static_cast<std::uint64_t>(q->int64(0)) : 0;
}

}  // namespace callsign::storage::sqlite
