#include "storage/sqlite/report_repository.hpp"

#include <algorithm>
#include <unordered_map>

namespace callsign::storage::sqlite {
namespace {

using domain::ReportDimension;

constexpr std::int64_t kHourMs = 3'600'000;
constexpr std::string_view kRollupState = "sessions";

// Session columns by ReportDimension (channel … landing_page); campaign and term may be NULL in `sessions`.
constexpr std::array<std::string_view, domain::kTrafficDimensions> kSessionColumns{
    "channel", "source", "medium", "COALESCE(campaign, '')", "COALESCE(term, '')", "landing_page"};
constexpr std::array<std::string_view, domain::kTrafficDimensions> kRollupColumns{
    "channel", "source", "medium", "campaign", "term", "landing_page"};

std::int64_t floor_hour(std::int64_t ms) { return ms - ((ms % kHourMs) + kHourMs) % kHourMs; }
std::int64_t ceil_hour(std::int64_t ms) { return floor_hour(ms + kHourMs - 1); }

// The campaign-level rollups (no term, no landing page; far fewer rows) can answer the query.
bool campaign_level(const domain::SessionCountQuery& query) {
  auto narrow = [](ReportDimension d) { return d <= ReportDimension::campaign; };
  return std::all_of(query.dimensions.begin(), query.dimensions.end(), narrow) &&
         std::all_of(query.filters.begin(), query.filters.end(), [&](const auto& f) { return narrow(f.first); });
}

std::optional<Timestamp> optional_time(const Query& q, int column) {
  if (q.is_null(column)) return std::nullopt;
  return from_unix_ms(q.int64(column));
}

}  // namespace

Result<void> SqliteReportRepository::calls(const std::string& project_id, const domain::CallFactFilter& f,
                                           const std::function<void(const domain::CallFact&)>& each) {
  // Every column read is in calls_report, so the range scan never visits the table. A field the reader does not
  // need is selected as NULL (the columns keep their positions) and not read.
  const auto& want = f.fields;
  auto column = [](bool wanted, std::string_view name) { return std::string(wanted ? name : "NULL"); };
  std::string sql = "SELECT " + column(want.id, "id") + ", started_at, answered_at, ended_at, " +
                    column(want.status, "status") +
                    ", answered + 2 * missed + 4 * abandoned + 8 * target + 16 * first_time + 32 * is_unique + "
                    "64 * unique_target + 128 * off_hours, " +  // the flags in one column: one value to fetch, not 8
                    column(want.visitor_id, "visitor_id");
  static constexpr std::array<std::string_view, domain::kCallTextDimensions> kTextColumns{
      "channel", "source", "medium", "campaign", "term", "landing_page", "tracking_number", "operator"};
  for (std::size_t i = 0; i < kTextColumns.size(); ++i) sql += ", " + column(want.values[i], kTextColumns[i]);
  sql += " FROM calls INDEXED BY calls_report WHERE project_id = ? AND started_at >= ? AND started_at < ?";
  if (f.status) sql += " AND status = ?";
  if (f.missed_only) sql += " AND missed = 1";
  if (f.target) sql += " AND target = ?";
  if (f.unique) sql += " AND is_unique = ?";
  if (f.off_hours) sql += " AND off_hours = ?";
  if (f.tracking_number) sql += " AND tracking_number = ?";
  if (f.operator_name) sql += " AND COALESCE(operator, '') = ?";
  sql += " ORDER BY started_at";
  auto q = db_.query(sql);
  if (!q) return fail(q.error());
  q->bind_all(project_id, to_unix_ms(f.from), to_unix_ms(f.to));
  int next = 4;
  if (f.status) q->bind(next++, domain::to_string(*f.status));
  for (const auto& flag : {f.target, f.unique, f.off_hours})
    if (flag) q->bind(next++, *flag);
  if (f.tracking_number) q->bind(next++, *f.tracking_number);
  if (f.operator_name) q->bind(next++, *f.operator_name);

  domain::CallFact fact;
  std::string status_text;
  for (;;) {
    auto stepped = q->step();
    if (!stepped) return fail(stepped.error());
    if (!*stepped) return {};
    if (want.id) q->text_into(0, fact.id);
    fact.started_at = from_unix_ms(q->int64(1));
    fact.answered_at = optional_time(*q, 2);
    fact.ended_at = optional_time(*q, 3);
    if (want.status) {
      q->text_into(4, status_text);
      auto status = domain::call_status_from_string(status_text);
      if (!status) return fail(Error::internal("call " + fact.id + " has an unknown status"));
      fact.status = *status;
    }
    const auto flags = q->int64(5);
    auto& fl = fact.flags;
    fl.answered = flags & 1;
    fl.missed = flags & 2;
    fl.abandoned = flags & 4;
    fl.target = flags & 8;
    fl.first_time = flags & 16;
    fl.unique = flags & 32;
    fl.unique_target = flags & 64;
    fl.off_hours = flags & 128;
    if (want.visitor_id) q->text_into(6, fact.visitor_id);
    for (std::size_t i = 0; i < fact.values.size(); ++i)
      if (want.values[i]) q->text_into(7 + static_cast<int>(i), fact.values[i]);
    each(fact);
  }
}

Result<std::vector<domain::SessionTouch>> SqliteReportRepository::visitor_sessions(const std::string& project_id,
                                                                                   const std::string& visitor_id,
                                                                                   Timestamp since, Timestamp until) {
  auto q = db_.query(
      "SELECT started_at, channel, source, medium, COALESCE(campaign, ''), COALESCE(term, ''), landing_page "
      "FROM sessions WHERE project_id = ? AND visitor_id = ? AND started_at >= ? AND started_at <= ? "
      "ORDER BY started_at, id");
  if (!q) return fail(q.error());
  q->bind_all(project_id, visitor_id, to_unix_ms(since), to_unix_ms(until));
  return read_all_rows<domain::SessionTouch>(*q, [](const Query& row) -> Result<domain::SessionTouch> {
    domain::SessionTouch touch;
    touch.started_at = from_unix_ms(row.int64(0));
    for (std::size_t i = 0; i < touch.values.size(); ++i) touch.values[i] = row.text(1 + static_cast<int>(i));
    return touch;
  });
}

Result<void> SqliteReportRepository::count_from(CountSource source, const std::string& project_id,
                                                const domain::SessionCountQuery& query, std::int64_t from,
                                                std::int64_t to, std::vector<domain::SessionBucket>& out) {
  const bool raw = source == CountSource::sessions;
  const auto& columns = raw ? kSessionColumns : kRollupColumns;
  std::string select;
  if (source == CountSource::sessions) {
    const std::string bucket_ms = std::to_string(std::chrono::milliseconds(query.bucket).count());
    select = "SELECT (started_at / " + bucket_ms + ") * " + bucket_ms;
  } else {
    select = source == CountSource::daily ? "SELECT day" : "SELECT hour";
  }
  std::string group = " GROUP BY 1";
  for (std::size_t i = 0; i < query.dimensions.size(); ++i) {
    select += ", " + std::string(columns[static_cast<std::size_t>(query.dimensions[i])]);
    group += ", " + std::to_string(i + 2);
  }
  if (source == CountSource::daily) {
    // By day and the primary key's columns down to the deepest dimension asked for: the rows are summed as they
    // are walked in key order, not sorted first (~20 ms less for 90 days by campaign). Buckets may then repeat a
    // day and values.
    std::size_t depth = 0;
    for (auto d : query.dimensions) depth = std::max(depth, static_cast<std::size_t>(d) + 1);
    group = " GROUP BY day";
    for (std::size_t i = 0; i < depth; ++i) group += ", " + std::string(kRollupColumns[i]);
  }
  switch (source) {
    case CountSource::sessions:
      select += ", COUNT(*) FROM sessions WHERE project_id = ? AND started_at >= ? AND started_at < ?";
      break;
    case CountSource::hourly:
      select += std::string(", SUM(sessions) FROM ") +
                (campaign_level(query) ? "session_rollup_campaign" : "session_rollup") +
                " WHERE project_id = ? AND hour >= ? AND hour < ?";
      break;
    case CountSource::daily:
      select += ", SUM(sessions) FROM session_rollup_daily WHERE project_id = ? AND day >= ? AND day < ?";
      break;
  }
  for (const auto& [dimension, value] : query.filters)
    select += " AND " + std::string(columns[static_cast<std::size_t>(dimension)]) + " = ?";
  auto q = db_.query(select + group);
  if (!q) return fail(q.error());
  q->bind_all(project_id, from, to);
  int next = 4;
  for (const auto& filter : query.filters) q->bind(next++, filter.second);
  const int n = static_cast<int>(query.dimensions.size());
  for (;;) {
    auto stepped = q->step();
    if (!stepped) return fail(stepped.error());
    if (!*stepped) return {};
    domain::SessionBucket bucket;
    (source == CountSource::daily ? bucket.local_day : bucket.bucket_start_ms) = q->int64(0);
    bucket.values.reserve(query.dimensions.size());
    for (int i = 0; i < n; ++i) bucket.values.push_back(q->text(1 + i));
    bucket.sessions = static_cast<std::uint64_t>(q->int64(1 + n));
    out.push_back(std::move(bucket));
  }
}

Result<std::vector<domain::SessionBucket>> SqliteReportRepository::session_counts(
    const std::string& project_id, const domain::SessionCountQuery& query) {
  std::vector<domain::SessionBucket> out;
  const std::int64_t from = to_unix_ms(query.from), to = to_unix_ms(query.to);
  std::int64_t rolled_from = from, rolled_to = from;  // the part the rollup answers: whole hours below the watermark
  if (query.bucket == std::chrono::minutes(60)) {
    auto until = rolled_up_until();
    if (!until) return fail(until.error());
    if (*until) {
      rolled_from = ceil_hour(from);
      rolled_to = std::min(floor_hour(to), to_unix_ms(**until));
    }
  }
  if (rolled_from < rolled_to) {
    for (auto [a, b, source] : {std::tuple{from, rolled_from, CountSource::sessions},
                                std::tuple{rolled_from, rolled_to, CountSource::hourly},
                                std::tuple{rolled_to, to, CountSource::sessions}})
      if (a < b)
        if (auto r = count_from(source, project_id, query, a, b, out); !r) return fail(r.error());
  } else if (auto r = count_from(CountSource::sessions, project_id, query, from, to, out); !r) {
    return fail(r.error());
  }
  return out;
}

Result<std::optional<domain::DailyRollupCoverage>> SqliteReportRepository::daily_coverage(const std::string& project_id) {
  auto q = db_.query("SELECT timezone, from_day, until_day FROM session_rollup_days WHERE project_id = ?");
  if (!q) return fail(q.error());
  q->bind_all(project_id);
  return read_first_row<domain::DailyRollupCoverage>(*q, [](const Query& row) -> Result<domain::DailyRollupCoverage> {
    return domain::DailyRollupCoverage{row.text(0), row.int64(1), row.int64(2)};
  });
}

Result<std::vector<domain::SessionBucket>> SqliteReportRepository::daily_session_counts(
    const std::string& project_id, std::int64_t from_day, std::int64_t until_day, const domain::SessionCountQuery& query) {
  if (!campaign_level(query))
    return fail(Error::internal("the daily session rollup has channel, source, medium and campaign only"));
  std::vector<domain::SessionBucket> out;
  if (from_day < until_day)
    if (auto r = count_from(CountSource::daily, project_id, query, from_day, until_day, out); !r) return fail(r.error());
  return out;
}

Result<std::optional<Timestamp>> SqliteReportRepository::rolled_up_until() {
  auto q = db_.query("SELECT until FROM rollup_state WHERE name = ?");
  if (!q) return fail(q.error());
  q->bind_all(kRollupState);
  auto row = q->step();
  if (!row) return fail(row.error());
  if (!*row) return std::optional<Timestamp>{};
  return std::optional<Timestamp>(from_unix_ms(q->int64(0)));
}

Result<std::optional<Timestamp>> SqliteReportRepository::first_session_start() {
  // Per project through sessions_by_start: MIN over the whole table would scan it.
  auto q = db_.query("SELECT MIN((SELECT MIN(started_at) FROM sessions WHERE project_id = p.id)) FROM projects p");
  if (!q) return fail(q.error());
  auto row = q->step();
  if (!row) return fail(row.error());
  if (!*row || q->is_null(0)) return std::optional<Timestamp>{};
  return std::optional<Timestamp>(from_unix_ms(q->int64(0)));
}

Result<std::vector<domain::SessionRollupRow>> SqliteReportRepository::aggregate_sessions(Timestamp from, Timestamp to) {
  auto projects = db_.query("SELECT id FROM projects ORDER BY id");
  if (!projects) return fail(projects.error());
  std::vector<std::string> ids;
  for (;;) {
    auto row = projects->step();
    if (!row) return fail(row.error());
    if (!*row) break;
    ids.push_back(projects->text(0));
  }
  std::vector<domain::SessionRollupRow> out;
  for (const auto& project_id : ids) {
    auto q = db_.query(
        "SELECT (started_at / 3600000) * 3600000, channel, source, medium, COALESCE(campaign, ''), "
        "COALESCE(term, ''), landing_page, COUNT(*) FROM sessions "
        "WHERE project_id = ? AND started_at >= ? AND started_at < ? GROUP BY 1, 2, 3, 4, 5, 6, 7");
    if (!q) return fail(q.error());
    q->bind_all(project_id, to_unix_ms(from), to_unix_ms(to));
    for (;;) {
      auto stepped = q->step();
      if (!stepped) return fail(stepped.error());
      if (!*stepped) break;
      domain::SessionRollupRow row;
      row.project_id = project_id;
      row.hour_start_ms = q->int64(0);
      for (std::size_t i = 0; i < row.values.size(); ++i) row.values[i] = q->text(1 + static_cast<int>(i));
      row.sessions = static_cast<std::uint64_t>(q->int64(7));
      out.push_back(std::move(row));
    }
  }
  return out;
}

Result<void> SqliteReportRepository::append_rollup(const std::vector<domain::SessionRollupRow>& rows,
                                                   std::optional<Timestamp> from, Timestamp to) {
  auto current = rolled_up_until();
  if (!current) return fail(current.error());
  if (*current != from) return fail(Error::conflict("until", "the session rollup moved on meanwhile"));
  auto insert = db_.query(
      "INSERT INTO session_rollup(project_id, hour, channel, source, medium, campaign, term, landing_page, sessions) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET sessions = sessions + excluded.sessions");
  if (!insert) return fail(insert.error());
  for (const auto& row : rows) {
    const auto& v = row.values;
    insert->reset().bind_all(row.project_id, row.hour_start_ms, v[0], v[1], v[2], v[3], v[4], v[5],
                     static_cast<std::int64_t>(row.sessions));
    if (auto r = insert->run(); !r) return fail(r.error());
  }
  // The narrow rollup: the same rows summed over term and landing page.
  auto narrow = db_.query(
      "INSERT INTO session_rollup_campaign(project_id, hour, channel, source, medium, campaign, sessions) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET sessions = sessions + excluded.sessions");
  if (!narrow) return fail(narrow.error());
  for (const auto& row : rows) {
    const auto& v = row.values;
    narrow->reset().bind_all(row.project_id, row.hour_start_ms, v[0], v[1], v[2], v[3],
                             static_cast<std::int64_t>(row.sessions));
    if (auto r = narrow->run(); !r) return fail(r.error());
  }
  auto state = db_.query(
      "INSERT INTO rollup_state(name, until) VALUES (?, ?) ON CONFLICT DO UPDATE SET until = excluded.until");
  if (!state) return fail(state.error());
  return state->bind_all(kRollupState, to_unix_ms(to)).run();
}

Result<std::vector<domain::DailyRollupRow>> SqliteReportRepository::sum_hourly(const std::string& project_id,
                                                                             Timestamp from, Timestamp to) {
  auto q = db_.query(
      "SELECT channel, source, medium, campaign, SUM(sessions) FROM session_rollup_campaign "
      "WHERE project_id = ? AND hour >= ? AND hour < ? GROUP BY 1, 2, 3, 4");
  if (!q) return fail(q.error());
  q->bind_all(project_id, to_unix_ms(from), to_unix_ms(to));
  return read_all_rows<domain::DailyRollupRow>(*q, [](const Query& row) -> Result<domain::DailyRollupRow> {
    domain::DailyRollupRow out;
    for (std::size_t i = 0; i < out.values.size(); ++i) out.values[i] = row.text(static_cast<int>(i));
    out.sessions = static_cast<std::uint64_t>(row.int64(4));
    return out;
  });
}

Result<void> SqliteReportRepository::append_daily(const std::string& project_id, const std::string& timezone,
                                                  std::int64_t from_day, std::int64_t until_day,
                                                  const std::vector<domain::DailyRollupRow>& rows) {
  auto coverage = daily_coverage(project_id);
  if (!coverage) return fail(coverage.error());
  std::int64_t first_day = from_day;
  if (*coverage && (*coverage)->timezone == timezone) {
    if ((*coverage)->until_day != from_day)
      return fail(Error::conflict("from_day", "the daily session rollup moved on meanwhile"));
    first_day = (*coverage)->from_day;
  } else if (*coverage) {
    auto drop = db_.query("DELETE FROM session_rollup_daily WHERE project_id = ?");
    if (!drop) return fail(drop.error());
    if (auto r = drop->bind_all(project_id).run(); !r) return fail(r.error());
  }
  auto insert = db_.query(
      "INSERT INTO session_rollup_daily(project_id, day, channel, source, medium, campaign, sessions) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET sessions = sessions + excluded.sessions");
  if (!insert) return fail(insert.error());
  for (const auto& row : rows) {
    const auto& v = row.values;
    insert->reset().bind_all(project_id, row.day, v[0], v[1], v[2], v[3], static_cast<std::int64_t>(row.sessions));
    if (auto r = insert->run(); !r) return fail(r.error());
  }
  auto state = db_.query(
      "INSERT INTO session_rollup_days(project_id, timezone, from_day, until_day) VALUES (?, ?, ?, ?) "
      "ON CONFLICT DO UPDATE SET timezone = excluded.timezone, from_day = excluded.from_day, "
      "until_day = excluded.until_day");
  if (!state) return fail(state.error());
  return state->bind_all(project_id, timezone, first_day, until_day).run();
}

Result<domain::RecordedPoolTraffic> SqliteReportRepository::recent_visits(const std::string& project_id,
                                                                          const std::string& pool_id, Timestamp since,
                                                                          Timestamp until) {
  domain::RecordedPoolTraffic out;
  const std::int64_t from = to_unix_ms(since), to = to_unix_ms(until);
  // A lease starts at or after its session's start, so the pool's leases of the window (leases_by_pool) name every
  // session of the window that held a number; SQLite answers the IN from an ephemeral index built once.
  auto sessions = db_.query(
      "SELECT id, visitor_id, started_at, last_seen_at, channel, user_agent, "
      "id IN (SELECT session_id FROM leases WHERE pool_id = ?1 AND started_at >= ?2 AND started_at < ?3) "
      "FROM sessions WHERE project_id = ?4 AND started_at >= ?2 AND started_at < ?3 ORDER BY started_at, id");
  if (!sessions) return fail(sessions.error());
  sessions->bind_all(pool_id, from, to, project_id);
  std::unordered_map<std::string, std::size_t> visit_of;
  for (;;) {
    auto row = sessions->step();
    if (!row) return fail(row.error());
    if (!*row) break;
    domain::RecordedVisit v;
    v.session_id = sessions->text(0);
    v.visitor_id = sessions->text(1);
    v.started_at = from_unix_ms(sessions->int64(2));
    v.last_seen_at = from_unix_ms(sessions->int64(3));
    v.channel = sessions->text(4);
    v.user_agent = sessions->optional_text(5);
    v.got_number = sessions->int64(6) != 0;
    visit_of.emplace(v.session_id, out.visits.size());
    out.visits.push_back(std::move(v));
  }
  // calls_by_start over the window, the pool's numbers from tracking_numbers; the tel: tap of the attributed
  // session through session_events_by_type.
  auto calls = db_.query(
      "SELECT c.started_at, c.answered_at, c.ended_at, c.caller, c.attribution_method, c.session_id, c.spam, "
      "(SELECT MAX(e.at) FROM session_events e WHERE e.session_id = c.session_id AND e.type = 'tel_click' "
      "AND e.at <= c.started_at) "
      "FROM calls c WHERE c.project_id = ?1 AND c.started_at >= ?2 AND c.started_at < ?3 "
      "AND c.tracking_number IN (SELECT number FROM tracking_numbers WHERE project_id = ?1 AND pool_id = ?4) "
      "ORDER BY c.started_at, c.id");
  if (!calls) return fail(calls.error());
  calls->bind_all(project_id, from, to, pool_id);
  for (;;) {
    auto row = calls->step();
    if (!row) return fail(row.error());
    if (!*row) break;
    domain::RecordedPoolCall c;
    c.started_at = from_unix_ms(calls->int64(0));
    c.answered_at = optional_time(*calls, 1);
    c.ended_at = optional_time(*calls, 2);
    c.caller = calls->text(3);
    const std::string method = calls->text(4);
    for (auto m : {domain::AttributionMethod::static_number, domain::AttributionMethod::session,
                   domain::AttributionMethod::caller_memory})
      if (domain::to_string(m) == method) c.method = m;
    const auto session_id = calls->optional_text(5);
    c.spam = calls->int64(6) != 0;
    c.tel_click = optional_time(*calls, 7);
    auto visit = session_id ? visit_of.find(*session_id) : visit_of.end();
    if (visit == visit_of.end()) {
      out.unmatched.push_back(std::move(c));
    } else {
      out.visits[visit->second].calls.push_back(std::move(c));
    }
  }
  return out;
}

}  // namespace callsign::storage::sqlite
