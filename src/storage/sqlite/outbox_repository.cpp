#include "storage/sqlite/outbox_repository.hpp"

#include <sqlite3.h>

#include "common/crypto.hpp"

namespace callsign::storage::sqlite {
namespace {

using domain::Delivery;
using domain::DeliveryStatus;
using domain::EventType;
using domain::WebhookSubscription;

std::string join_events(const std::vector<EventType>& events) {
  std::string out;
  for (EventType e : events) {
    if (!out.empty()) out += ',';
    out += domain::to_string(e);
  }
  return out;
}

std::vector<EventType> split_events(std::string_view text) {
  std::vector<EventType> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    if (auto e = domain::event_type_from_string(text.substr(0, comma))) out.push_back(*e);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
  }
  return out;
}

constexpr std::string_view kWebhookColumns = "id, project_id, url, events, secret, active, created_at";

Result<WebhookSubscription> read_webhook(const Query& q) {
  WebhookSubscription w;
  w.id = q.text(0);
  w.project_id = q.text(1);
  w.url = q.text(2);
  w.events = split_events(q.text(3));
  w.secret = q.text(4);
  w.active = q.boolean(5);
  w.created_at = from_unix_ms(q.int64(6));
  return w;
}

constexpr std::string_view kDeliveryColumns =
    "d.id, d.project_id, d.destination, d.ga4_client_id, d.ga4_session_id, d.status, d.attempts, d.retry_since, "
    "d.next_attempt_at, d.last_attempt_at, d.delivered_at, d.last_status, d.last_error, "
    "e.id, e.type, e.subject_id, e.created_at, e.data";

Result<Delivery> read_delivery(const Query& q) {
  Delivery d;
  d.id = q.text(0);
  d.project_id = q.text(1);
  d.destination = q.text(2);
  if (!q.is_null(3)) d.ga4 = domain::Ga4Visitor{q.text(3), q.optional_text(4)};
  auto status = domain::delivery_status_from_string(q.text(5));
  if (!status) return fail(Error::internal("delivery " + d.id + " has an unknown status"));
  d.status = *status;
  d.attempts = static_cast<int>(q.int64(6));
  d.retry_since = from_unix_ms(q.int64(7));
  d.next_attempt_at = from_unix_ms(q.int64(8));
  if (!q.is_null(9)) d.last_attempt_at = from_unix_ms(q.int64(9));
  if (!q.is_null(10)) d.delivered_at = from_unix_ms(q.int64(10));
  if (!q.is_null(11)) d.last_status = static_cast<int>(q.int64(11));
  d.last_error = q.optional_text(12);
  d.event.id = q.text(13);
  auto type = domain::event_type_from_string(q.text(14));
  if (!type) return fail(Error::internal("event " + d.event.id + " has an unknown type"));
  d.event.type = *type;
  d.event.project_id = d.project_id;
  d.event.subject_id = q.text(15);
  d.event.created_at = from_unix_ms(q.int64(16));
  d.event.data = q.text(17);
  return d;
}

const std::string& delivery_select() {
  static const std::string sql =
      "SELECT " + std::string(kDeliveryColumns) + " FROM deliveries d JOIN outbox_events e ON e.seq = d.event_seq ";
  return sql;
}

}  // namespace

Result<void> SqliteOutboxRepository::insert_webhook(const WebhookSubscription& w) {
  auto q = db_.query("INSERT INTO webhooks(id, project_id, url, events, secret, active, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!q) return fail(q.error());
  q->bind_all(w.id, w.project_id, w.url, join_events(w.events), w.secret, w.active, to_unix_ms(w.created_at));
  if (auto r = q->run(); !r) {
    if (q->error_code() == SQLITE_CONSTRAINT_FOREIGNKEY) return fail(Error::not_found("no project " + w.project_id));
    return fail(r.error());
  }
  return {};
}

Result<void> SqliteOutboxRepository::update_webhook(const WebhookSubscription& w) {
  auto q = db_.query("UPDATE webhooks SET url = ?, events = ?, secret = ?, active = ? WHERE project_id = ? AND id = ?");
  if (!q) return fail(q.error());
  q->bind_all(w.url, join_events(w.events), w.secret, w.active, w.project_id, w.id);
  if (auto r = q->run(); !r) return fail(r.error());
  if (db_.changes() == 0) return fail(Error::not_found("no webhook " + w.id));
  return {};
}

Result<bool> SqliteOutboxRepository::remove_webhook(const std::string& project_id, const std::string& webhook_id) {
  auto q = db_.query("DELETE FROM webhooks WHERE project_id = ? AND id = ?");
  if (!q) return fail(q.error());
  q->bind_all(project_id, webhook_id);
  if (auto r = q->run(); !r) return fail(r.error());
  if (db_.changes() == 0) return false;
  auto dead = db_.query("UPDATE deliveries SET status = 'dead', last_error = 'webhook deleted' "
                        "WHERE status = 'pending' AND destination = ? AND project_id = ?");
  if (!dead) return fail(dead.error());
  dead->bind_all(webhook_id, project_id);
  if (auto r = dead->run(); !r) return fail(r.error());
  return true;
}

Result<std::optional<WebhookSubscription>> SqliteOutboxRepository::find_webhook(const std::string& project_id,
                                                                                const std::string& webhook_id) {
  static const std::string sql =
      "SELECT " + std::string(kWebhookColumns) + " FROM webhooks WHERE project_id = ? AND id = ?";
  auto q = db_.query(sql);
  if (!q) return fail(q.error());
  q->bind_all(project_id, webhook_id);
  return read_first_row(*q, read_webhook);
}

Result<std::vector<WebhookSubscription>> SqliteOutboxRepository::list_webhooks(const std::string& project_id) {
  static const std::string sql =
      "SELECT " + std::string(kWebhookColumns) + " FROM webhooks WHERE project_id = ? ORDER BY created_at, id";
  auto q = db_.query(sql);
  if (!q) return fail(q.error());
  q->bind_all(project_id);
  return read_all_rows(*q, read_webhook);
}

Result<std::vector<std::string>> SqliteOutboxRepository::subscribers(const std::string& project_id, EventType type) {
  auto q = db_.query("SELECT id, events FROM webhooks WHERE project_id = ? AND active = 1 ORDER BY created_at, id");
  if (!q) return fail(q.error());
  q->bind_all(project_id);
  std::vector<std::string> ids;
  const std::string_view name = domain::to_string(type);
  for (;;) {
    auto stepped = q->step();
    if (!stepped) return fail(stepped.error());
    if (!*stepped) return ids;
    const std::string events = q->text(1);
    for (EventType e : split_events(events))
      if (domain::to_string(e) == name) ids.push_back(q->text(0));
  }
}

Result<void> SqliteOutboxRepository::publish(const domain::OutboundEvent& event,
                                             const std::vector<std::string>& destinations,
                                             const std::optional<domain::Ga4Visitor>& ga4) {
  auto e = db_.query("INSERT INTO outbox_events(id, project_id, type, subject_id, created_at, data) "
                     "VALUES (?, ?, ?, ?, ?, ?) RETURNING seq");
  if (!e) return fail(e.error());
  e->bind_all(event.id, event.project_id, domain::to_string(event.type), event.subject_id,
              to_unix_ms(event.created_at), event.data);
  auto stepped = e->step();
  if (!stepped) return fail(stepped.error());
  if (!*stepped) return fail(Error::internal("outbox event " + event.id + " was not stored"));
  const std::int64_t event_seq = e->int64(0);
  if (auto r = e->run(); !r) return fail(r.error());

  auto d = db_.query(
      "INSERT INTO deliveries(id, event_seq, project_id, destination, subject_id, ga4_client_id, ga4_session_id, "
      "status, attempts, retry_since, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)");
  if (!d) return fail(d.error());
  const std::int64_t at = to_unix_ms(event.created_at);
  for (const auto& destination : destinations) {
    const bool to_ga4 = destination == domain::kGa4Destination;
    std::optional<std::string> client_id, session_id;
    if (to_ga4 && ga4) {
      client_id = ga4->client_id;
      session_id = ga4->session_id;
    }
    d->reset();
    d->bind_all(new_id("dlv"), event_seq, event.project_id, destination, event.subject_id, client_id, session_id,
                at, at);
    if (auto r = d->run(); !r) return fail(r.error());
  }
  return {};
}

Result<std::vector<Delivery>> SqliteOutboxRepository::due(Timestamp now, std::size_t limit) {
  // The head of each (destination, subject) chain only: an earlier pending delivery holds the later ones back.
  static const std::string sql =
      delivery_select() +
      "WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND NOT EXISTS (SELECT 1 FROM deliveries p "
      "WHERE p.status = 'pending' AND p.destination = d.destination AND p.subject_id = d.subject_id AND p.seq < d.seq) "
      "ORDER BY d.next_attempt_at, d.seq LIMIT ?";
  auto q = db_.query(sql);
  if (!q) return fail(q.error());
  q->bind_all(to_unix_ms(now), static_cast<std::int64_t>(limit));
  return read_all_rows(*q, read_delivery);
}

Result<std::optional<Timestamp>> SqliteOutboxRepository::next_due() {
  auto q = db_.query("SELECT MIN(next_attempt_at) FROM deliveries WHERE status = 'pending'");
  if (!q) return fail(q.error());
  auto stepped = q->step();
  if (!stepped) return fail(stepped.error());
  if (!*stepped || q->is_null(0)) return std::optional<Timestamp>{};
  return std::optional<Timestamp>{from_unix_ms(q->int64(0))};
}

Result<void> SqliteOutboxRepository::record(const domain::DeliveryAttempt& a) {
  const char* status = a.delivered ? "delivered" : (a.retry_at ? "pending" : "dead");
  auto q = db_.query(
      "UPDATE deliveries SET status = ?, attempts = attempts + 1, last_attempt_at = ?, last_status = ?, "
      "last_error = ?, delivered_at = ?, next_attempt_at = COALESCE(?, next_attempt_at) "
      "WHERE id = ? AND status = 'pending'");
  if (!q) return fail(q.error());
  std::optional<std::int64_t> delivered_at, retry_at;
  if (a.delivered) delivered_at = to_unix_ms(a.at);
  if (a.retry_at) retry_at = to_unix_ms(*a.retry_at);
  std::optional<std::string> error;
  if (!a.error.empty()) error = a.error;
  std::optional<std::int64_t> http_status;
  if (a.http_status) http_status = *a.http_status;
  q->bind_all(status, to_unix_ms(a.at), http_status, error, delivered_at, retry_at, a.delivery_id);
  return q->run();
}

Result<std::vector<Delivery>> SqliteOutboxRepository::list_deliveries(const std::string& project_id,
                                                                      std::optional<DeliveryStatus> status,
                                                                      std::size_t limit) {
  static const std::string all = delivery_select() + "WHERE d.project_id = ? ORDER BY d.seq DESC LIMIT ?";
  static const std::string one_status =
      delivery_select() + "WHERE d.project_id = ? AND d.status = ? ORDER BY d.seq DESC LIMIT ?";
  auto q = db_.query(status ? one_status : all);
  if (!q) return fail(q.error());
  if (status)
    q->bind_all(project_id, domain::to_string(*status), static_cast<std::int64_t>(limit));
  else
    q->bind_all(project_id, static_cast<std::int64_t>(limit));
  return read_all_rows(*q, read_delivery);
}

Result<std::optional<Delivery>> SqliteOutboxRepository::find_delivery(const std::string& project_id,
                                                                      const std::string& delivery_id) {
  static const std::string sql = delivery_select() + "WHERE d.project_id = ? AND d.id = ?";
  auto q = db_.query(sql);
  if (!q) return fail(q.error());
  q->bind_all(project_id, delivery_id);
  return read_first_row(*q, read_delivery);
}

Result<bool> SqliteOutboxRepository::redeliver(const std::string& project_id, const std::string& delivery_id,
                                               Timestamp now) {
  auto q = db_.query("UPDATE deliveries SET status = 'pending', retry_since = ?, next_attempt_at = ?, "
                     "delivered_at = NULL WHERE project_id = ? AND id = ?");
  if (!q) return fail(q.error());
  q->bind_all(to_unix_ms(now), to_unix_ms(now), project_id, delivery_id);
  if (auto r = q->run(); !r) return fail(r.error());
  return db_.changes() > 0;
}

Result<domain::PruneStep> SqliteOutboxRepository::prune(Timestamp before, std::int64_t after_seq,
                                                       std::size_t limit) {
  // Walk the events in publication order and stop at the first one too young: no index on created_at is needed,
  // and since earlier steps removed what was old, the walk starts near the boundary.
  auto q = db_.query("SELECT seq, created_at FROM outbox_events WHERE seq > ? ORDER BY seq LIMIT ?");
  if (!q) return fail(q.error());
  q->bind_all(after_seq, static_cast<std::int64_t>(limit));
  domain::PruneStep step;
  step.last_seq = after_seq;
  step.done = false;
  std::size_t looked_at = 0;
  for (;;) {
    auto row = q->step();
    if (!row) return fail(row.error());
    if (!*row) break;
    ++looked_at;
    if (q->int64(1) >= to_unix_ms(before)) {
      step.done = true;
      break;
    }
    step.last_seq = q->int64(0);
  }
  if (looked_at < limit) step.done = true;
  if (step.last_seq == after_seq) return step;

  auto deliveries = db_.query("DELETE FROM deliveries WHERE event_seq > ? AND event_seq <= ? AND status != 'pending'");
  if (!deliveries) return fail(deliveries.error());
  deliveries->bind_all(after_seq, step.last_seq);
  if (auto r = deliveries->run(); !r) return fail(r.error());
  step.deliveries_removed = static_cast<std::size_t>(db_.changes());

  auto events = db_.query("DELETE FROM outbox_events WHERE seq > ? AND seq <= ? AND NOT EXISTS "
                          "(SELECT 1 FROM deliveries d WHERE d.event_seq = outbox_events.seq)");
  if (!events) return fail(events.error());
  events->bind_all(after_seq, step.last_seq);
  if (auto r = events->run(); !r) return fail(r.error());
  step.events_removed = static_cast<std::size_t>(db_.changes());
  return step;
}

}  // namespace callsign::storage::sqlite
