#include "domain/outbound_publisher.hpp"

#include "common/crypto.hpp"
#include "domain/call_codec.hpp"

namespace callsign::domain {
namespace {

// The GA4 ids of the call's visitor: the session the call is attributed to, when it carried a GA client id (and
// GA's session id, when the page had the stream's cookie).
Result<std::optional<Ga4Visitor>> ga4_visitor(Repositories& repos, const Call& call) {
  if (!call.attribution.session_id) return std::optional<Ga4Visitor>{};
  auto session = repos.sessions().find(*call.attribution.session_id);
  if (!session) return fail(session.error());
  if (!*session || !(*session)->ga_client_id) return std::optional<Ga4Visitor>{};
  return std::optional<Ga4Visitor>{Ga4Visitor{*(*session)->ga_client_id, (*session)->ga_session_id}};
}

}  // namespace

Result<void> publish_call_change(Repositories& repos, const Project& project, const std::optional<Call>& before,
                                 const Call& after, Timestamp now) {
  for (EventType type : call_event_types(before, after)) {
    auto destinations = repos.outbox().subscribers(project.id, type);
    if (!destinations) return fail(destinations.error());
    std::optional<Ga4Visitor> ga4;
    if (type == EventType::call_completed && project.settings.ga4) {
      auto visitor = ga4_visitor(repos, after);
      if (!visitor) return fail(visitor.error());
      ga4 = std::move(*visitor);
      if (ga4) destinations->emplace_back(kGa4Destination);
    }
    if (destinations->empty()) continue;
    OutboundEvent event{new_id("evt"), project.id, type, after.id, now, encode_call(after).dump()};
    if (auto r = repos.outbox().publish(event, *destinations, ga4); !r) return r;
  }
  return {};
}

Result<void> publish_deal_change(Repositories& repos, const std::optional<Deal>& before, const Deal& after,
                                 Timestamp now) {
  if (!deal_changed(before, after)) return {};
  auto destinations = repos.outbox().subscribers(after.project_id, EventType::deal_updated);
  if (!destinations) return fail(destinations.error());
  if (destinations->empty()) return {};
  OutboundEvent event{new_id("evt"), after.project_id, EventType::deal_updated, after.id, now,
                      encode_deal(after).dump()};
  return repos.outbox().publish(event, *destinations, std::nullopt);
}

}  // namespace callsign::domain
