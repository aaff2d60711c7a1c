#include "sim/pool_advisor.hpp"

#include <algorithm>

#include "sim/recorded_traffic.hpp"

namespace callsign::sim {

Result<RecordedAdvice> advise_recorded_pool(domain::Repositories& repos, const domain::Project& project,
                                            const domain::Pool& pool, Timestamp now, double target) {
  RecordedAdvice out;
  out.to = now;
  out.from = now - kAdviceWindow;
  out.hold_seconds = pool.hold_seconds.value_or(project.settings.session_hold_seconds);
  auto numbers = repos.numbers().list(project.id);
  if (!numbers) return fail(numbers.error());
  const auto size = static_cast<std::size_t>(std::count_if(numbers->begin(), numbers->end(), [&](const auto& n) {
    return n.kind == domain::NumberKind::pool && n.pool_id == pool.id;
  }));
  auto recorded = repos.reports().recent_visits(project.id, pool.id, out.from, out.to);
  if (!recorded) return fail(recorded.error());
  const RecordedTraffic traffic = to_traffic(*recorded, out.from, static_cast<int>(kAdviceWindow.count()),
                                             out.hold_seconds);
  out.excluded_calls = traffic.excluded_calls;
  auto advice = advise_pool_size(traffic.traffic, size, target);
  if (!advice) return fail(advice.error());
  out.advice = std::move(*advice);
  return out;
}

}  // namespace callsign::sim
