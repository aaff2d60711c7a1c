#include "api/call_rollup_job.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <vector>

#include <spdlog/spdlog.h>

#include "domain/local_days.hpp"
#include "reports/call_rollup.hpp"

namespace callsign::api {
namespace {

constexpr std::int64_t kHourMs = 3'600'000;

class ProjectRollup {
 public:
  ProjectRollup(storage::Store& store, const domain::Project& project, const date::time_zone& zone,
                std::int64_t days_per_write)
      : store_(store), project_(project), zone_(zone), days_per_write_(days_per_write) {}

  // Returns the days computed.
  Result<std::int64_t> run(Timestamp now) {
    auto basis = store_.read([&](domain::Repositories& repos) { return repos.call_rollup().basis(project_.id); });
    if (!basis) return fail(basis.error());
    const domain::CallRollupBasis fresh{project_.settings.timezone, project_.settings.margin_percent, std::nullopt};
    if (*basis && (*basis)->timezone == fresh.timezone && (*basis)->margin_percent == fresh.margin_percent) {
      basis_ = **basis;
    } else {
      auto reset = store_.write_blocking<bool>([&](domain::Repositories& repos) -> Result<bool> {
        if (auto r = repos.call_rollup().reset(project_.id, fresh); !r) return fail(r.error());
        return true;
      });
      if (!reset) return fail(reset.error());
      basis_ = fresh;
    }
    const std::int64_t until = domain::local_day_of(zone_, now) + 1;  // through the local today
    std::int64_t days = 0;
    while (!basis_.until_day || *basis_.until_day < until) {
      auto appended = append_days(until);
      if (!appended) return fail(appended.error());
      days += *appended;
    }
    auto recomputed = recompute_dirty_days();
    if (!recomputed) return fail(recomputed.error());
    return days + *recomputed;
  }

 private:
  Timestamp day_start(std::int64_t day) const { return domain::local_day_start(zone_, day); }

  // Computes the next days of the rollup (from its until_day, or the first call's day) up to `until`, clearing the
  // dirty marks of the hours inside them. Returns the days computed.
  Result<std::int64_t> append_days(std::int64_t until) {
    auto update = store_.read_report([&](domain::Repositories& repos) -> Result<domain::CallRollupUpdate> {
      domain::CallRollupUpdate u;
      u.basis = basis_;
      std::int64_t start = until;
      if (basis_.until_day) {
        start = *basis_.until_day;
      } else {
        auto first = repos.call_rollup().first_call_start(project_.id);
        if (!first) return fail(first.error());
        if (*first) start = std::min(until, domain::local_day_of(zone_, **first));
      }
      const std::int64_t end = std::min(until, start + days_per_write_);
      for (auto day = start; day < end; ++day) u.days.push_back(day);
      auto rows = reports::compute_call_rollup(repos, project_, u.days);
      if (!rows) return fail(rows.error());
      u.rows = std::move(*rows);
      const std::int64_t from_ms = to_unix_ms(day_start(start)), to_ms = to_unix_ms(day_start(end));
      auto dirty = repos.call_rollup().dirty_hours(project_.id, from_unix_ms(from_ms), from_unix_ms(to_ms));
      if (!dirty) return fail(dirty.error());
      for (const auto& hour : *dirty)  // an hour across the edge may still mark a day outside: it stays
        if (hour.hour_start_ms >= from_ms && hour.hour_start_ms + kHourMs <= to_ms) u.cleared.push_back(hour);
      u.until_day = end;
      return u;
    });
    if (!update) return fail(update.error());
    if (auto r = write(*update); !r) return fail(r.error());
    basis_.until_day = update->until_day;
    return static_cast<std::int64_t>(update->days.size());
  }

  // Recomputes the days of the dirty hours below until_day, a write per days_per_write days, each day once.
  // Returns the days computed.
  Result<std::int64_t> recompute_dirty_days() {
    std::set<std::int64_t> done;
    std::int64_t days = 0;
    for (;;) {
      using Step = std::optional<domain::CallRollupUpdate>;
      auto update = store_.read_report([&](domain::Repositories& repos) -> Result<Step> {
        const Timestamp covered_to = day_start(*basis_.until_day);
        auto dirty = repos.call_rollup().dirty_hours(project_.id, Timestamp{}, covered_to);
        if (!dirty) return fail(dirty.error());
        std::vector<std::pair<domain::DirtyHour, std::pair<std::int64_t, std::int64_t>>> marks;
        std::optional<reports::ProjectCalendar> calendar;
        if (!dirty->empty()) {
          auto made = reports::ProjectCalendar::make(
              project_.settings.timezone, domain::local_day_of(zone_, from_unix_ms(dirty->front().hour_start_ms)) - 1,
              domain::local_day_of(zone_, from_unix_ms(dirty->back().hour_start_ms)) + 1);
          if (!made) return fail(made.error());
          calendar = std::move(*made);
        }
        std::set<std::int64_t> pending;
        for (const auto& hour : *dirty) {
          if (from_unix_ms(hour.hour_start_ms + kHourMs) > covered_to) continue;  // reaches an uncovered day
          const auto days_of = reports::days_of_hour(*calendar, hour.hour_start_ms);
          marks.emplace_back(hour, days_of);
          for (auto day = days_of.first; day <= days_of.second; ++day)
            if (!done.count(day)) pending.insert(day);
        }
        if (pending.empty()) return Step{};
        domain::CallRollupUpdate u;
        u.basis = basis_;
        for (auto day : pending) {
          if (static_cast<std::int64_t>(u.days.size()) == days_per_write_) break;
          u.days.push_back(day);
        }
        const std::set<std::int64_t> chosen(u.days.begin(), u.days.end());
        for (const auto& [hour, days_of] : marks)
          if (chosen.count(days_of.first) && chosen.count(days_of.second)) u.cleared.push_back(hour);
        auto rows = reports::compute_call_rollup(repos, project_, u.days);
        if (!rows) return fail(rows.error());
        u.rows = std::move(*rows);
        return Step(std::move(u));
      });
      if (!update) return fail(update.error());
      if (!*update) return days;
      if (auto r = write(**update); !r) return fail(r.error());
      done.insert((*update)->days.begin(), (*update)->days.end());
      days += static_cast<std::int64_t>((*update)->days.size());
    }
  }

  Result<void> write(const domain::CallRollupUpdate& update) {
    auto written = store_.write_blocking<bool>([&](domain::Repositories& repos) -> Result<bool> {
      if (auto r = repos.call_rollup().apply(project_.id, update); !r) return fail(r.error());
      return true;
    });
    if (!written) return fail(written.error());
    return {};
  }

  storage::Store& store_;
  const domain::Project& project_;
  const date::time_zone& zone_;
  const std::int64_t days_per_write_;
  domain::CallRollupBasis basis_;
};

}  // namespace

Result<std::int64_t> roll_up_calls(storage::Store& store, Timestamp now, std::int64_t days_per_write) {
  auto projects = store.read([](domain::Repositories& repos) { return repos.projects().list(); });
  if (!projects) return fail(projects.error());
  std::int64_t days = 0;
  for (const auto& project : *projects) {
    const date::time_zone* zone = domain::find_zone(project.settings.timezone);
    if (!zone) continue;  // reports refuse the project too
    auto computed = ProjectRollup(store, project, *zone, std::max<std::int64_t>(days_per_write, 1)).run(now);
    if (!computed) return fail(computed.error());
    days += *computed;
  }
  return days;
}

std::unique_ptr<storage::PeriodicJob> start_call_rollup(storage::Store& store, const Clock& clock,
                                                        CallRollupStats& stats, std::chrono::seconds interval) {
  return std::make_unique<storage::PeriodicJob>("call-rollup", interval, [&store, &clock, &stats, interval] {
    const auto started = std::chrono::steady_clock::now();
    auto rolled = roll_up_calls(store, clock.now());
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    stats.last_run_ms = took.count();
    if (!rolled) {
      ++stats.failures;
      spdlog::warn("call rollup: {} (retried in {} s)", rolled.error().message, interval.count());
      return;
    }
    stats.days += static_cast<std::uint64_t>(*rolled);
    ++stats.runs;
    if (*rolled > 0) spdlog::debug("call rollup: {} days computed in {} ms", *rolled, took.count());
  });
}

}  // namespace callsign::api
