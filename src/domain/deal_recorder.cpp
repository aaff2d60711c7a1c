#include "domain/deal_recorder.hpp"

#include "common/crypto.hpp"
#include "domain/outbound_publisher.hpp"

namespace callsign::domain {

Result<std::pair<Deal, bool>> record_deal(Repositories& repos, Deal deal) {
  if (deal.call_id) {
    auto call = repos.calls().find(deal.project_id, *deal.call_id);
    if (!call) return fail(call.error());
    if (!*call) return fail(Error::invalid("call_id", "no call " + *deal.call_id + " in this project"));
  } else if (deal.caller) {
    auto latest = repos.calls().latest_call_before(deal.project_id, *deal.caller, deal.created_at);
    if (!latest) return fail(latest.error());
    deal.call_id = *latest;
  }
  deal.id = new_id("deal");  // kept only when the deal is new
  auto before = repos.deals().find_by_external_id(deal.project_id, deal.external_id);
  if (!before) return fail(before.error());
  auto stored = repos.deals().upsert(deal);
  if (!stored) return fail(stored.error());
  if (auto r = publish_deal_change(repos, *before, stored->first, deal.updated_at); !r) return fail(r.error());
  return stored;
}

}  // namespace callsign::domain
