#pragma once
// Recording a CRM deal: the one write path for deals (the deals API and the demo's history).
#include <utility>

#include "common/result.hpp"
#include "domain/cost_deal.hpp"
#include "domain/repositories.hpp"

namespace callsign::domain {

// Links `deal` to its call — the one it names (call_id), else the caller's latest call before created_at
// (none: left unlinked) — and upserts it on (project, external_id), publishing deal.updated when it changed.
// Runs inside one write unit of work, so the call is read in the snapshot the deal is written in.
// Returns the stored deal and whether it is new.
// Errors: Error{invalid, "call_id"} when call_id names no call of the project; storage errors as returned.
Result<std::pair<Deal, bool>> record_deal(Repositories& repos, Deal deal);

}  // namespace callsign::domain
