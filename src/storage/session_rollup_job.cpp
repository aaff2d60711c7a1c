#include "storage/session_rollup_job.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "domain/local_days.hpp"

namespace callsign::storage {
namespace {

Timestamp floor_hour(Timestamp t) { return std::chrono::floor<std::chrono::hours>(t); }

constexpr std::int64_t kDaysPerWrite = 31;

// Adds to each project's daily rollup the local days that ended at or before `watermark` (all of their hours are
// in the hourly rollup), summed from the campaign-level hourly rollup. A zone whose offset is not a whole number of
// hours at the watermark is skipped: its local days do not start on an hour.
Result<void> roll_up_days(Store& store, Timestamp watermark) {
  auto projects = store.read([](domain::Repositories& repos) { return repos.projects().list(); });
  if (!projects) return fail(projects.error());
  auto first = store.read([](domain::Repositories& repos) { return repos.reports().first_session_start(); });
  if (!first) return fail(first.error());
  for (const auto& project : *projects) {
    const auto& timezone = project.settings.timezone;
    const date::time_zone* zone = domain::find_zone(timezone);
    if (!zone || zone->get_info(std::chrono::floor<std::chrono::seconds>(watermark)).offset.count() % 3600 != 0)
      continue;
    auto coverage = store.read([&](domain::Repositories& repos) { return repos.reports().daily_coverage(project.id); });
    if (!coverage) return fail(coverage.error());
    const std::int64_t until = domain::local_day_of(*zone, watermark);
    std::int64_t day = until;
    if (*coverage && (*coverage)->timezone == timezone)
      day = (*coverage)->until_day;
    else if (*first)
      day = std::min(until, domain::local_day_of(*zone, **first));
    if (*coverage && (*coverage)->timezone == timezone && day >= until) continue;
    do {
      const std::int64_t end = std::min(until, day + kDaysPerWrite);
      auto rows = store.read([&](domain::Repositories& repos) -> Result<std::vector<domain::DailyRollupRow>> {
        std::vector<domain::DailyRollupRow> all;
        for (std::int64_t d = day; d < end; ++d) {
          auto summed = repos.reports().sum_hourly(project.id, domain::local_day_start(*zone, d),
                                                   domain::local_day_start(*zone, d + 1));
          if (!summed) return fail(summed.error());
          for (auto& row : *summed) {
            row.day = d;
            all.push_back(std::move(row));
          }
        }
        return all;
      });
      if (!rows) return fail(rows.error());
      auto appended = store.write_blocking<bool>([&](domain::Repositories& repos) -> Result<bool> {
        if (auto r = repos.reports().append_daily(project.id, timezone, day, end, *rows); !r) return fail(r.error());
        return true;
      });
      if (!appended) return fail(appended.error());
      day = end;
    } while (day < until);
  }
  return {};
}

}  // namespace

Result<std::int64_t> roll_up_sessions(Store& store, Timestamp now, std::chrono::hours step) {
  const Timestamp target = floor_hour(now - kRollupGrace);
  auto until = store.read([](domain::Repositories& repos) { return repos.reports().rolled_up_until(); });
  if (!until) return fail(until.error());
  std::optional<Timestamp> watermark = *until;
  Timestamp start = target;
  if (watermark) {
    start = *watermark;
  } else {
    auto first = store.read([](domain::Repositories& repos) { return repos.reports().first_session_start(); });
    if (!first) return fail(first.error());
    if (*first) start = std::min(target, floor_hour(**first));
  }
  std::int64_t hours = 0;
  // Without a watermark the first write records one even when there is nothing to roll up yet.
  while (start < target || !watermark) {
    const Timestamp end = std::min(target, start + step);
    auto rows = store.read([&](domain::Repositories& repos) { return repos.reports().aggregate_sessions(start, end); });
    if (!rows) return fail(rows.error());
    auto appended = store.write_blocking<bool>([&](domain::Repositories& repos) -> Result<bool> {
      if (auto r = repos.reports().append_rollup(*rows, watermark, end); !r) return fail(r.error());
      return true;
    });
    if (!appended) return fail(appended.error());
    hours += std::chrono::duration_cast<std::chrono::hours>(end - start).count();
    watermark = end;
    start = end;
  }
  if (auto r = roll_up_days(store, *watermark); !r) return fail(r.error());
  return hours;
}

std::unique_ptr<PeriodicJob> start_session_rollup(Store& store, const Clock& clock, std::chrono::seconds interval) {
  return std::make_unique<PeriodicJob>("rollup", interval, [&store, &clock, interval] {
    if (auto rolled = roll_up_sessions(store, clock.now()); !rolled)
      spdlog::warn("session rollup: {} (retried in {} s)", rolled.error().message, interval.count());
    else if (*rolled > 0)
      spdlog::debug("session rollup: {} hours rolled up", *rolled);
  });
}

}  // namespace callsign::storage
