#include "sim/pool_advisor.hpp"

#include <algorithm>

#include "sim/recorded_traffic.hpp"

namespace callsign::sim {

Result<std::size_t> pool_number_count(domain::Repositories& repos, const std::string& project_id,
                                      const std::string& pool_id) {
  auto numbers = repos.numbers().list(project_id);
  if (!numbers) return fail(numbers.error());
  return static_cast<std::size_t>(std::count_if(numbers->begin(), numbers->end(), [&](const auto& n) {
    return n.kind == domain::NumberKind::pool && n.pool_id == pool_id;
  }));
}

Result<RecordedAdvice> advise_recorded_pool(domain::Repositories& repos, const domain::Project& project,
                                            const domain::Pool& pool, Timestamp now, double target) {
  RecordedAdvice out;
  out.to = now;
  out.from = now - kAdviceWindow;
  out.hold_seconds = pool.hold_seconds.value_or(project.settings.session_hold_seconds);
  auto size = pool_number_count(repos, project.id, pool.id);
  if (!size) return fail(size.error());
  auto recorded = repos.reports().recent_visits(project.id, pool.id, out.from, out.to);
  if (!recorded) return fail(recorded.error());
  const RecordedTraffic traffic = to_traffic(*recorded, out.from, static_cast<int>(kAdviceWindow.count()),
                                             out.hold_seconds);
  out.excluded_calls = traffic.excluded_calls;
  auto advice = advise_pool_size(traffic.traffic, *size, target);
  if (!advice) return fail(advice.error());
  out.advice = std::move(*advice);
  return out;
}

}  // namespace callsign::sim
