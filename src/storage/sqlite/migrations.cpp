#include "storage/sqlite/migrations.hpp"

#include <array>
#include <string>

namespace callsign::storage::sqlite {
namespace {

struct Migration {
  int version;
  const char* description;
  const char* sql;
};

// All instants are INTEGER unix milliseconds (UTC). Tables are STRICT so a wrongly typed value is an error,
// not a silent conversion. Booleans are INTEGER 0/1.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE projects (
  id            TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  settings_json TEXT NOT NULL,
  api_key_hash  TEXT NOT NULL UNIQUE,
  public_key    TEXT NOT NULL UNIQUE,
  created_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE tracking_numbers (
  id         TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  number     TEXT NOT NULL UNIQUE,
  kind       TEXT NOT NULL CHECK (kind IN ('static', 'pool')),
  pool_id    TEXT,
  channel    TEXT NOT NULL,
  source     TEXT,
  medium     TEXT,
  campaign   TEXT,
  label      TEXT,
  forward_to TEXT,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX tracking_numbers_by_project ON tracking_numbers(project_id, created_at);

CREATE TABLE calls (
  id               TEXT PRIMARY KEY,
  project_id       TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  external_id      TEXT NOT NULL,
  tracking_number  TEXT NOT NULL,
  caller           TEXT NOT NULL,
  caller_region    TEXT NOT NULL,
  caller_line_type TEXT NOT NULL,
  started_at       INTEGER NOT NULL,
  answered_at      INTEGER,
  ended_at         INTEGER,
  status           TEXT NOT NULL
                   CHECK (status IN ('answered', 'no_answer', 'busy', 'failed', 'abandoned', 'voicemail')),
  operator         TEXT,
  recording_url    TEXT,
  attribution_method     TEXT NOT NULL CHECK (attribution_method IN ('static', 'session', 'caller_memory', 'none')),
  attribution_confidence REAL NOT NULL,
  session_id       TEXT,
  visitor_id       TEXT,
  channel          TEXT,
  source           TEXT,
  medium           TEXT,
  campaign         TEXT,
  term             TEXT,
  content          TEXT,
  gclid            TEXT,
  landing_page     TEXT,
  answered         INTEGER NOT NULL CHECK (answered IN (0, 1)),
  missed           INTEGER NOT NULL CHECK (missed IN (0, 1)),
  abandoned        INTEGER NOT NULL CHECK (abandoned IN (0, 1)),
  target           INTEGER NOT NULL CHECK (target IN (0, 1)),
  first_time       INTEGER NOT NULL CHECK (first_time IN (0, 1)),
  is_unique        INTEGER NOT NULL CHECK (is_unique IN (0, 1)),
  is_repeat        INTEGER NOT NULL CHECK (is_repeat IN (0, 1)),
  unique_target    INTEGER NOT NULL CHECK (unique_target IN (0, 1)),
  off_hours        INTEGER NOT NULL CHECK (off_hours IN (0, 1)),
  spam             INTEGER NOT NULL CHECK (spam IN (0, 1)),
  tags             TEXT NOT NULL DEFAULT '[]',
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL
) STRICT;
-- Idempotent recording by the source's id.
CREATE UNIQUE INDEX calls_by_external_id ON calls(project_id, external_id);
-- A caller's history (classification, caller memory), in domain::starts_before() order.
CREATE INDEX calls_by_caller ON calls(project_id, caller, started_at, external_id);
-- The call list, newest first, with keyset pagination on (started_at, id); and its common filters.
CREATE INDEX calls_by_start ON calls(project_id, started_at DESC, id DESC);
CREATE INDEX calls_by_channel ON calls(project_id, channel, started_at DESC, id DESC);
CREATE INDEX calls_by_status ON calls(project_id, status, started_at DESC, id DESC);
CREATE INDEX calls_target_by_start ON calls(project_id, started_at DESC, id DESC) WHERE target = 1;
CREATE INDEX calls_unique_by_start ON calls(project_id, started_at DESC, id DESC) WHERE is_unique = 1;
)sql";

// Every index on calls is written by every ingested call. The call list's filters (channel, status, target,
// unique) now walk calls_by_start and skip rows that do not match; reports get their own rollups.
constexpr const char* kSchemaV2 = R"sql(
DROP INDEX calls_by_channel;
DROP INDEX calls_by_status;
DROP INDEX calls_target_by_start;
DROP INDEX calls_unique_by_start;
)sql";

// Dynamic number insertion. The lease tables are written on the hot path (every session start and ping), so
// they have rowid keys (inserts append), no foreign keys, and only the indexes their readers need; a ping's
// UPDATE changes last_seen / held_until, which no index holds.
constexpr const char* kSchemaV3 = R"sql(
CREATE TABLE pools (
  id             TEXT PRIMARY KEY,
  project_id     TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  name           TEXT NOT NULL,
  hold_seconds   INTEGER,
  when_exhausted TEXT NOT NULL CHECK (when_exhausted IN ('reuse_oldest', 'default_number')),
  replace_json   TEXT NOT NULL,  -- JSON array of the site's own numbers (E.164)
  created_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX pools_by_project ON pools(project_id, created_at);

CREATE TABLE sessions (
  id           TEXT PRIMARY KEY,
  project_id   TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  visitor_id   TEXT NOT NULL,
  started_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  page_url     TEXT NOT NULL,
  referrer     TEXT,
  channel      TEXT NOT NULL,
  source       TEXT NOT NULL,
  medium       TEXT NOT NULL,
  campaign     TEXT,
  term         TEXT,
  content      TEXT,
  gclid        TEXT,
  msclkid      TEXT,
  yclid        TEXT,
  fbclid       TEXT,
  landing_page TEXT NOT NULL,
  ga_client_id TEXT,
  user_agent   TEXT,
  ip           TEXT
) STRICT;
-- A visitor's sessions (the per-visitor cap, multi-touch paths); sessions by time (conversion reports).
CREATE INDEX sessions_by_visitor ON sessions(project_id, visitor_id, started_at);
CREATE INDEX sessions_by_start ON sessions(project_id, started_at);

CREATE TABLE session_events (
  id         INTEGER PRIMARY KEY,
  session_id TEXT NOT NULL,
  type       TEXT NOT NULL CHECK (type IN ('tel_click', 'page_view', 'form_submit')),
  at         INTEGER NOT NULL,
  page_url   TEXT
) STRICT;
CREATE INDEX session_events_by_type ON session_events(session_id, type, at);

-- One row per lease of a pool number; live on [started_at, COALESCE(ended_at, held_until)).
CREATE TABLE leases (
  id         INTEGER PRIMARY KEY,
  pool_id    TEXT NOT NULL,
  number     TEXT NOT NULL,
  session_id TEXT NOT NULL,
  visitor_id TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  last_seen  INTEGER NOT NULL,
  held_until INTEGER NOT NULL,
  ended_at   INTEGER
) STRICT;
-- Who held a number at t (call attribution).
CREATE INDEX leases_by_number ON leases(number, started_at);
-- The open lease an extended / ended / evicted event updates.
CREATE INDEX leases_open ON leases(number, session_id) WHERE ended_at IS NULL;
-- A pool's leases over a range (pool stats).
CREATE INDEX leases_by_pool ON leases(pool_id, started_at);

CREATE TABLE pool_exhaustions (
  id      INTEGER PRIMARY KEY,
  pool_id TEXT NOT NULL,
  at      INTEGER NOT NULL
) STRICT;
CREATE INDEX pool_exhaustions_by_pool ON pool_exhaustions(pool_id, at);
)sql";

// Routing (issue 4): operators, groups and plans, read when a call arrives and written only by people. A group's
// operator ids and a plan's members, schedule and fallbacks are JSON (their order matters and nothing queries
// inside them); that they name existing rows is checked by the API in the writing transaction. The numbers' and
// pools' plan columns carry no foreign key for the same reason as tracking_numbers.pool_id.
constexpr const char* kSchemaV4 = R"sql(
CREATE TABLE operators (
  id          TEXT PRIMARY KEY,
  project_id  TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  name        TEXT NOT NULL,
  destination TEXT NOT NULL,  -- E.164 or a sip: URI
  active      INTEGER NOT NULL CHECK (active IN (0, 1)),
  created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX operators_by_project ON operators(project_id, created_at);

CREATE TABLE operator_groups (
  id                TEXT PRIMARY KEY,
  project_id        TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  name              TEXT NOT NULL,
  operator_ids_json TEXT NOT NULL,  -- JSON array of operator ids, in ringing order
  created_at        INTEGER NOT NULL
) STRICT;
CREATE INDEX operator_groups_by_project ON operator_groups(project_id, created_at);

CREATE TABLE routing_plans (
  id             TEXT PRIMARY KEY,
  project_id     TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  name           TEXT NOT NULL,
  strategy       TEXT NOT NULL CHECK (strategy IN ('simultaneous', 'sequential', 'round_robin', 'sticky')),
  members_json   TEXT NOT NULL,  -- [{"operator_id": …} | {"group_id": …}, …]
  ring_seconds   INTEGER NOT NULL,
  schedule_json  TEXT,           -- working_hours shape; NULL: the project's working hours
  off_hours_json TEXT,           -- {"forward_to": …} | {"voicemail": true}; NULL: none
  no_answer_json TEXT,
  created_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX routing_plans_by_project ON routing_plans(project_id, created_at);

-- Where each round-robin plan's rotation stands; a row per plan that has taken a call.
CREATE TABLE routing_state (
  plan_id          TEXT PRIMARY KEY,
  round_robin_next INTEGER NOT NULL
) STRICT;

ALTER TABLE tracking_numbers ADD COLUMN routing_plan_id TEXT;
ALTER TABLE pools ADD COLUMN routing_plan_id TEXT;
)sql";

// Telephony (issue 4): who answered a call (sticky routing, busy operators), and every carrier callback as it came,
// one row per distinct fact, so the call is derived from the set of facts whatever order they arrived in.
constexpr const char* kSchemaV5 = R"sql(
ALTER TABLE calls ADD COLUMN operator_id TEXT;
-- Operators on a call now (routing skips them): only live answered calls stay in it, so it stays tiny. A caller's
-- last operator (sticky routing) walks calls_by_caller.
CREATE INDEX calls_live_by_operator ON calls(project_id, operator_id) WHERE operator_id IS NOT NULL AND ended_at IS NULL;

CREATE TABLE telephony_events (
  id          INTEGER PRIMARY KEY,
  project_id  TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  call_sid    TEXT NOT NULL,  -- the caller's call (the parent call of a dialled leg)
  kind        TEXT NOT NULL,  -- voice, route, dial_status, status, party_status, recording
  fact_key    TEXT NOT NULL,  -- what makes a callback distinct within its kind; a repeat of a key is a duplicate
  params_json TEXT NOT NULL,  -- the callback's form parameters (or the route decided), as a JSON object
  received_at INTEGER NOT NULL,
  UNIQUE (call_sid, kind, fact_key)
) STRICT;
)sql";

// Reports (issue 5): ad costs and CRM deals; the hourly session rollup, appended by a background job for hours that
// have closed (sessions are never written on its behalf on the DNI hot path: decision 0008), with its watermark;
// and one covering index that lets a report read a range of calls without visiting the table.
constexpr const char* kSchemaV6 = R"sql(
CREATE TABLE costs (
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  date       TEXT NOT NULL,  -- YYYY-MM-DD in the project's timezone
  source     TEXT NOT NULL,  -- '' when not given, as medium, campaign and term
  medium     TEXT NOT NULL,
  campaign   TEXT NOT NULL,
  term       TEXT NOT NULL,
  amount     REAL NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (project_id, date, source, medium, campaign, term)
) STRICT, WITHOUT ROWID;

CREATE TABLE deals (
  id          TEXT PRIMARY KEY,
  project_id  TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  external_id TEXT NOT NULL,
  call_id     TEXT,
  caller      TEXT,
  created_at  INTEGER NOT NULL,
  amount      REAL NOT NULL,
  profit      REAL,
  status      TEXT NOT NULL CHECK (status IN ('open', 'won', 'lost', 'refunded')),
  updated_at  INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX deals_by_external_id ON deals(project_id, external_id);
CREATE INDEX deals_by_call ON deals(call_id) WHERE call_id IS NOT NULL;

-- Sessions per project, UTC hour and traffic source; '' stands for a missing campaign or term.
CREATE TABLE session_rollup (
  project_id   TEXT NOT NULL,
  hour         INTEGER NOT NULL,  -- unix ms of the hour's start
  channel      TEXT NOT NULL,
  source       TEXT NOT NULL,
  medium       TEXT NOT NULL,
  campaign     TEXT NOT NULL,
  term         TEXT NOT NULL,
  landing_page TEXT NOT NULL,
  sessions     INTEGER NOT NULL,
  PRIMARY KEY (project_id, hour, channel, source, medium, campaign, term, landing_page)
) STRICT, WITHOUT ROWID;
-- The same without term and landing page: far fewer rows per hour, enough for most reports.
CREATE TABLE session_rollup_campaign (
  project_id TEXT NOT NULL,
  hour       INTEGER NOT NULL,
  channel    TEXT NOT NULL,
  source     TEXT NOT NULL,
  medium     TEXT NOT NULL,
  campaign   TEXT NOT NULL,
  sessions   INTEGER NOT NULL,
  PRIMARY KEY (project_id, hour, channel, source, medium, campaign)
) STRICT, WITHOUT ROWID;
-- Per local day of the project's timezone (narrow columns), built from whole days of session_rollup_campaign so a
-- 90-day report reads 90 days of rows, not 2,160 hours. session_rollup_days says which days it holds, and in which
-- timezone (a project that changes its timezone gets its days rebuilt).
CREATE TABLE session_rollup_daily (
  project_id TEXT NOT NULL,
  day        INTEGER NOT NULL,  -- days since 1970-01-01, local
  channel    TEXT NOT NULL,
  source     TEXT NOT NULL,
  medium     TEXT NOT NULL,
  campaign   TEXT NOT NULL,
  sessions   INTEGER NOT NULL,
  PRIMARY KEY (project_id, day, channel, source, medium, campaign)
) STRICT, WITHOUT ROWID;
CREATE TABLE session_rollup_days (
  project_id TEXT PRIMARY KEY,
  timezone   TEXT NOT NULL,
  from_day   INTEGER NOT NULL,  -- the days [from_day, until_day) are in session_rollup_daily
  until_day  INTEGER NOT NULL
) STRICT;
-- name 'sessions': every session started before `until` is in both hourly rollups.
CREATE TABLE rollup_state (
  name  TEXT PRIMARY KEY,
  until INTEGER NOT NULL
) STRICT;

CREATE INDEX calls_report ON calls(project_id, started_at, status, answered_at, ended_at, answered, missed, abandoned,
  target, first_time, is_unique, unique_target, off_hours, visitor_id, channel, source, medium, campaign, term,
  landing_page, tracking_number, operator, id);
)sql";

// Outbound (issue 8): webhook subscriptions and the outbox. An event row is written in the transaction of the change
// that causes it, with one delivery row per destination; the worker reads due deliveries through the partial
// indexes of pending ones, so delivered history costs the hot path nothing (decision 0010).
constexpr const char* kSchemaOutbound = R"sql(
CREATE TABLE webhooks (
  id         TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  url        TEXT NOT NULL,
  events     TEXT NOT NULL,  -- comma-separated event types: call.started,call.completed,...
  secret     TEXT NOT NULL,
  active     INTEGER NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX webhooks_by_project ON webhooks(project_id, active);

CREATE TABLE outbox_events (
  seq        INTEGER PRIMARY KEY,
  id         TEXT NOT NULL UNIQUE,
  project_id TEXT NOT NULL,
  type       TEXT NOT NULL,
  subject_id TEXT NOT NULL,  -- the call or deal: one subject's deliveries go out in order
  created_at INTEGER NOT NULL,
  data       TEXT NOT NULL   -- the call or deal object as the change left it
) STRICT;

CREATE TABLE deliveries (
  seq             INTEGER PRIMARY KEY,  -- publication order
  id              TEXT NOT NULL UNIQUE,
  event_seq       INTEGER NOT NULL REFERENCES outbox_events(seq),
  project_id      TEXT NOT NULL,
  destination     TEXT NOT NULL,  -- a webhook id, or 'ga4'
  subject_id      TEXT NOT NULL,
  ga4_client_id   TEXT,
  ga4_session_id  TEXT,
  status          TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts        INTEGER NOT NULL,
  retry_since     INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  last_attempt_at INTEGER,
  delivered_at    INTEGER,
  last_status     INTEGER,
  last_error      TEXT
) STRICT;
CREATE INDEX deliveries_due ON deliveries(next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_chain ON deliveries(destination, subject_id, seq) WHERE status = 'pending';
CREATE INDEX deliveries_by_project ON deliveries(project_id, status, seq);
)sql";

// Pruning the outbox (delivered and dead history older than the retention) deletes by event: deleting an event
// checks its deliveries' foreign key, which without this index is a scan of all deliveries per event. And GA4's
// session id, read by the snippet from the `_ga_<stream>` cookie, goes with the visitor's session to GA4 events.
constexpr const char* kSchemaV8 = R"sql(
CREATE INDEX deliveries_by_event ON deliveries(event_seq);
ALTER TABLE sessions ADD COLUMN ga_session_id TEXT;
)sql";

// Reports add the won deals of the calls in their range. Joining deals to calls for that walked every call of the
// range (and probed deals for each); a deal now carries its call's start, kept by the deal's upsert and by this
// trigger when a call's start changes, so the won deals of a range are one index range.
constexpr const char* kSchemaV9 = R"sql(
ALTER TABLE deals ADD COLUMN call_started_at INTEGER;
UPDATE deals SET call_started_at = (SELECT started_at FROM calls WHERE calls.id = deals.call_id)
  WHERE call_id IS NOT NULL;
CREATE INDEX deals_won_by_call_start ON deals(project_id, call_started_at)
  WHERE status = 'won' AND call_started_at IS NOT NULL;
CREATE TRIGGER calls_started_at_to_deals AFTER UPDATE OF started_at ON calls
  WHEN OLD.started_at IS NOT NEW.started_at
BEGIN
  UPDATE deals SET call_started_at = NEW.started_at WHERE call_id = NEW.id;
END;
)sql";

// The daily rollup of calls (decision 0008, domain/call_rollup.hpp). Calls and deals change after the fact, so their
// triggers mark the UTC hours a change touches in call_rollup_dirty — one small upsert, counted so that the job can
// tell a mark it read from one set again while it was recomputing — and a report reads a day from call_rollup only
// while none of its hours is marked. An update marks only when a column the rollup sums changed.
constexpr const char* kSchemaV10 = R"sql(
CREATE TABLE call_rollup (
  project_id    TEXT NOT NULL,
  day           INTEGER NOT NULL,  -- days since 1970-01-01, local to call_rollup_basis.timezone
  channel       TEXT NOT NULL,     -- '' for none, as source, medium and campaign
  source        TEXT NOT NULL,
  medium        TEXT NOT NULL,
  campaign      TEXT NOT NULL,
  calls         INTEGER NOT NULL,
  answered      INTEGER NOT NULL,
  missed        INTEGER NOT NULL,
  abandoned     INTEGER NOT NULL,
  target        INTEGER NOT NULL,
  first_time    INTEGER NOT NULL,
  is_unique     INTEGER NOT NULL,
  unique_target INTEGER NOT NULL,
  off_hours     INTEGER NOT NULL,
  wait_ms       INTEGER NOT NULL,
  waits         INTEGER NOT NULL,
  talk_ms       INTEGER NOT NULL,
  talks         INTEGER NOT NULL,
  deals         INTEGER NOT NULL,  -- won deals
  revenue_units INTEGER NOT NULL,  -- ten-thousandths of the currency
  profit_units  INTEGER NOT NULL,
  PRIMARY KEY (project_id, day, channel, source, medium, campaign)
) STRICT, WITHOUT ROWID;
CREATE TABLE call_rollup_basis (
  project_id     TEXT PRIMARY KEY,
  timezone       TEXT NOT NULL,
  margin_percent REAL NOT NULL,
  until_day      INTEGER  -- the days before it are in call_rollup (but for dirty ones); NULL: none yet
) STRICT;
CREATE TABLE call_rollup_dirty (
  project_id TEXT NOT NULL,
  hour       INTEGER NOT NULL,  -- unix ms of the UTC hour's start
  changes    INTEGER NOT NULL,
  PRIMARY KEY (project_id, hour)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER calls_rollup_insert AFTER INSERT ON calls
BEGIN
  INSERT INTO call_rollup_dirty(project_id, hour, changes) VALUES (NEW.project_id, NEW.started_at / 3600000 * 3600000, 1)
    ON CONFLICT DO UPDATE SET changes = changes + 1;
END;
CREATE TRIGGER calls_rollup_update AFTER UPDATE ON calls
  WHEN OLD.started_at IS NOT NEW.started_at OR OLD.answered_at IS NOT NEW.answered_at
    OR OLD.ended_at IS NOT NEW.ended_at OR OLD.answered IS NOT NEW.answered OR OLD.missed IS NOT NEW.missed
    OR OLD.abandoned IS NOT NEW.abandoned OR OLD.target IS NOT NEW.target OR OLD.first_time IS NOT NEW.first_time
    OR OLD.is_unique IS NOT NEW.is_unique OR OLD.unique_target IS NOT NEW.unique_target
    OR OLD.off_hours IS NOT NEW.off_hours OR OLD.channel IS NOT NEW.channel OR OLD.source IS NOT NEW.source
    OR OLD.medium IS NOT NEW.medium OR OLD.campaign IS NOT NEW.campaign OR OLD.project_id IS NOT NEW.project_id
BEGIN
  INSERT INTO call_rollup_dirty(project_id, hour, changes) VALUES (OLD.project_id, OLD.started_at / 3600000 * 3600000, 1)
    ON CONFLICT DO UPDATE SET changes = changes + 1;
  INSERT INTO call_rollup_dirty(project_id, hour, changes) VALUES (NEW.project_id, NEW.started_at / 3600000 * 3600000, 1)
    ON CONFLICT DO UPDATE SET changes = changes + 1;
END;
CREATE TRIGGER calls_rollup_delete AFTER DELETE ON calls
BEGIN
  INSERT INTO call_rollup_dirty(project_id, hour, changes) VALUES (OLD.project_id, OLD.started_at / 3600000 * 3600000, 1)
    ON CONFLICT DO UPDATE SET changes = changes + 1;
END;
-- A won deal counts in its call's hour (deals.call_started_at, kept by calls_started_at_to_deals).
CREATE TRIGGER deals_rollup_insert AFTER INSERT ON deals
  WHEN NEW.status = 'won' AND NEW.call_started_at IS NOT NULL
BEGIN
  INSERT INTO call_rollup_dirty(project_id, hour, changes)
    VALUES (NEW.project_id, NEW.call_started_at / 3600000 * 3600000, 1)
    ON CONFLICT DO UPDATE SET changes = changes + 1;
END;
CREATE TRIGGER deals_rollup_update AFTER UPDATE ON deals
  WHEN (OLD.status = 'won' OR NEW.status = 'won') AND (OLD.status IS NOT NEW.status
    OR OLD.call_id IS NOT NEW.call_id OR OLD.call_started_at IS NOT NEW.call_started_at
    OR OLD.amount IS NOT NEW.amount OR OLD.profit IS NOT NEW.profit OR OLD.project_id IS NOT NEW.project_id)
BEGIN
  INSERT INTO call_rollup_dirty(project_id, hour, changes)
    SELECT OLD.project_id, OLD.call_started_at / 3600000 * 3600000, 1
    WHERE OLD.status = 'won' AND OLD.call_started_at IS NOT NULL
    ON CONFLICT DO UPDATE SET changes = changes + 1;
  INSERT INTO call_rollup_dirty(project_id, hour, changes)
    SELECT NEW.project_id, NEW.call_started_at / 3600000 * 3600000, 1
    WHERE NEW.status = 'won' AND NEW.call_started_at IS NOT NULL
    ON CONFLICT DO UPDATE SET changes = changes + 1;
END;
CREATE TRIGGER deals_rollup_delete AFTER DELETE ON deals
  WHEN OLD.status = 'won' AND OLD.call_started_at IS NOT NULL
BEGIN
  INSERT INTO call_rollup_dirty(project_id, hour, changes)
    VALUES (OLD.project_id, OLD.call_started_at / 3600000 * 3600000, 1)
    ON CONFLICT DO UPDATE SET changes = changes + 1;
END;
)sql";

constexpr std::array kMigrations{
    Migration{1, "projects, tracking numbers, calls", kSchemaV1},
    Migration{2, "fewer indexes on calls", kSchemaV2},
    Migration{3, "pools, visitor sessions, leases", kSchemaV3},
    Migration{4, "operators, operator groups, routing plans", kSchemaV4},
    Migration{5, "operators on calls, telephony callbacks", kSchemaV5},
    Migration{6, "costs, deals, session rollup, report index on calls", kSchemaV6},
    Migration{7, "webhooks, outbox events and deliveries", kSchemaOutbound},
    Migration{8, "outbox pruning index, GA4 session ids", kSchemaV8},
    Migration{9, "won deals by their call's start", kSchemaV9},
    Migration{10, "daily rollup of calls, dirty hours and their triggers", kSchemaV10},
};

Result<void> apply(Connection& connection, const Migration& migration) {
  const std::string where = " (schema version " + std::to_string(migration.version) + ", " + migration.description +
                            ") on " + connection.path();
  if (auto r = connection.exec("BEGIN IMMEDIATE"); !r)
    return fail(Error::internal("cannot start migration" + where + ": " + r.error().message));
  auto abort = [&](const Error& e) {
    (void)connection.exec("ROLLBACK");
    return fail(Error::internal("migration failed" + where + ": " + e.message));
  };
  // Another process may have applied it between our check and our lock.
  auto current = schema_version(connection);
  if (!current) return abort(current.error());
  if (*current >= migration.version) return connection.exec("COMMIT");
  if (auto r = connection.exec(migration.sql); !r) return abort(r.error());
  {
    auto record = connection.prepare(
        "INSERT INTO schema_migrations(version, applied_at) VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))");
    if (!record) return abort(record.error());
    if (auto r = record->bind_all(migration.version).run(); !r) return abort(r.error());
  }
  if (auto r = connection.exec("COMMIT"); !r) return abort(r.error());
  return {};
}

}  // namespace

int latest_schema_version() { return kMigrations.back().version; }

Result<int> schema_version(Connection& connection) {
  auto exists = connection.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'");
  if (!exists) return fail(exists.error());
  auto found = exists->step();
  if (!found) return fail(found.error());
  if (!*found) return 0;
  auto max = connection.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!max) return fail(max.error());
  auto row = max->step();
  if (!row) return fail(row.error());
  return *row ? static_cast<int>(max->int64(0)) : 0;
}

Result<int> migrate(Connection& connection) {
  if (auto r = connection.exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                               "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL) STRICT");
      !r)
    return fail(Error::internal("cannot create schema_migrations in " + connection.path() + ": " + r.error().message));
  auto current = schema_version(connection);
  if (!current) return fail(current.error());
  if (*current > latest_schema_version())
    return fail(Error::internal(connection.path() + " has schema version " + std::to_string(*current) +
                                ", newer than this binary knows (" + std::to_string(latest_schema_version()) +
                                "); upgrade Callsign"));
  for (const auto& migration : kMigrations) {
    if (migration.version <= *current) continue;
    if (auto r = apply(connection, migration); !r) return fail(r.error());
  }
  return schema_version(connection);
}

}  // namespace callsign::storage::sqlite
