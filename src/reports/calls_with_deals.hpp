#pragma once
// The walk under every call figure of a report: the project's calls of a range, oldest first, each met with its
// won deals. The report's rows and the call rollup's days (decision 0008) are both built from it, so a day read from
// the rollup holds what a raw scan of that day would give.
#include <functional>

#include "common/result.hpp"
#include "domain/project.hpp"
#include "domain/repositories.hpp"
#include "reports/deals_by_call.hpp"

namespace callsign::reports {

// Calls `each` with every call matching `filter` (started in [filter.from, filter.to)), oldest first, and its won
// deals summed (nullptr when it has none, or when `with_deals` is false: then no deals are read). The call's id is
// read when there are deals to meet, whatever filter.fields.id says. Errors: storage failures.
Result<void> each_call_with_deals(domain::Repositories& repos, const domain::Project& project,
                                  domain::CallFactFilter filter, bool with_deals,
                                  const std::function<void(const domain::CallFact&, const DealTotals*)>& each);

}  // namespace callsign::reports
