#include "storage/session_rollup_job.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "common/thread_name.hpp"

namespace callsign::storage {
namespace {

Timestamp floor_hour(Timestamp t) { return std::chrono::floor<std::chrono::hours>(t); }

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
  return hours;
}

SessionRollupJob::SessionRollupJob(Store& store, const Clock& clock, std::chrono::seconds interval)
    : store_(store), clock_(clock), interval_(interval), thread_([this] { run(); }) {}

SessionRollupJob::~SessionRollupJob() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void SessionRollupJob::run() {
  name_this_thread("rollup");
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    if (auto rolled = roll_up_sessions(store_, clock_.now()); !rolled)
      spdlog::warn("session rollup: {} (retried in {} s)", rolled.error().message, interval_.count());
    else if (*rolled > 0)
      spdlog::debug("session rollup: {} hours rolled up", *rolled);
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

}  // namespace callsign::storage
