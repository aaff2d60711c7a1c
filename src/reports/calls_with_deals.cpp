#include "reports/calls_with_deals.hpp"

#include <optional>

namespace callsign::reports {

Result<void> each_call_with_deals(domain::Repositories& repos, const domain::Project& project,
                                  domain::CallFactFilter filter, bool with_deals,
                                  const std::function<void(const domain::CallFact&, const DealTotals*)>& each) {
  std::optional<DealsByCall> deals;
  if (with_deals) {
    auto won = repos.deals().won_for_calls(project.id, filter.from, filter.to);
    if (!won) return fail(won.error());
    deals.emplace(*won, project.settings.margin_percent);
  }
  filter.fields.id = filter.fields.id || (deals && !deals->empty());
  return repos.reports().calls(project.id, filter, [&](const domain::CallFact& call) {
    each(call, deals ? deals->of(call.id, call.started_at) : nullptr);
  });
}

}  // namespace callsign::reports
