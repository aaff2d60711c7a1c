// POST …/costs (JSON array or CSV, upsert per key, per-line errors) and POST …/deals (upsert on external_id,
// linked to a call by id or to the caller's latest call before the deal).
#include "api/error_mapping.hpp"
#include "api/handlers.hpp"
#include "api/json_body.hpp"
#include "domain/call_codec.hpp"
#include "domain/deal_recorder.hpp"
#include "domain/phone.hpp"
#include "reports/cost_input.hpp"

namespace callsign::api {
namespace {

using nlohmann::json;

struct CostCounts {
  std::int64_t imported = 0, updated = 0;
};

Result<std::optional<double>> optional_number(const json& body, const std::string& field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::optional<double>{};
  if (!it->is_number() || !std::isfinite(it->get<double>()))
    return fail(Error::invalid(field, field + " must be a number, such as 125.50"));
  return std::optional<double>{it->get<double>()};
}

// The deal as sent; call_id and caller are checked against the store when it is written.
Result<domain::Deal> decode_deal(const json& body, const domain::Project& project, Timestamp now) {
  if (auto r = reject_unknown_fields(body, {"external_id", "call_id", "caller", "created_at", "amount", "profit", "status"});
      !r)
    return fail(r.error());
  domain::Deal deal;
  deal.project_id = project.id;
  deal.updated_at = now;
  std::string status;
  std::optional<double> amount;
  auto fields = first_error({assign(deal.external_id, required_string(body, "external_id")),
                             assign(deal.call_id, optional_string(body, "call_id")),
                             assign(deal.caller, optional_string(body, "caller")),
                             assign(deal.created_at, required_time(body, "created_at")),
                             assign(amount, optional_number(body, "amount")),
                             assign(deal.profit, optional_number(body, "profit")),
                             assign(status, required_string(body, "status"))});
  if (!fields) return fail(fields.error());
  if (deal.external_id.empty() || deal.external_id.size() > 200)
    return fail(Error::invalid("external_id", "external_id must be 1 to 200 characters"));
  if (!amount) return fail(Error{ErrorKind::invalid, "missing_field", "amount is required", "amount"});
  if (*amount < 0) return fail(Error::invalid("amount", "amount must not be negative"));
  deal.amount = *amount;
  auto parsed_status = domain::deal_status_from_string(status);
  if (!parsed_status) return fail(Error::invalid("status", "status must be one of open, won, lost, refunded"));
  deal.status = *parsed_status;
  if (!deal.call_id && !deal.caller)
    return fail(Error{ErrorKind::invalid, "missing_field", "give call_id or caller to link the deal to a call",
                      "call_id"});
  if (deal.caller) {
    auto phone = domain::normalize_phone(*deal.caller, project.settings.country, "caller");
    if (!phone) return fail(phone.error());
    deal.caller = phone->e164;
  }
  return deal;
}

}  // namespace

Awaitable post_costs(Api& api, http::RequestContext& ctx) {
  auto project = api.authorized_project(ctx);
  if (!project) co_return error_to_response(project.error());
  const bool csv = ctx.header("Content-Type").find("csv") != std::string_view::npos;
  auto batch = csv ? reports::parse_costs_csv(ctx.request.body(), project->id)
                   : reports::parse_costs_json(ctx.request.body(), project->id);
  if (!batch) co_return error_to_response(batch.error());
  auto written_pending = api.store.write<CostCounts>(
      [entries = std::move(batch->entries)](domain::Repositories& repos) -> Result<CostCounts> {
        CostCounts counts;
        for (const auto& entry : entries) {
          auto created = repos.costs().upsert(entry);
          if (!created) return fail(created.error());
          ++(*created ? counts.imported : counts.updated);
        }
        return counts;
      });
  auto written = co_await std::move(written_pending);
  if (!written) co_return error_to_response(written.error());
  json errors = json::array();
  for (const auto& e : batch->errors) errors.push_back({{"line", e.line}, {"field", e.field}, {"message", e.message}});
  co_return http::Response::json(
      200, json{{"imported", written->imported}, {"updated", written->updated}, {"errors", std::move(errors)}}
               .dump(-1, ' ', false, json::error_handler_t::replace));
}

Awaitable post_deal(Api& api, http::RequestContext& ctx) {
  auto project = api.authorized_project(ctx);
  if (!project) co_return error_to_response(project.error());
  auto body = parse_json_object(ctx.request.body());
  if (!body) co_return error_to_response(body.error());
  auto deal = decode_deal(*body, *project, api.clock.now());
  if (!deal) co_return error_to_response(deal.error());
  auto stored_pending = api.store.write<std::pair<domain::Deal, bool>>(
      [deal = std::move(*deal)](domain::Repositories& repos) { return domain::record_deal(repos, deal); });
  auto stored = co_await std::move(stored_pending);
  if (!stored) co_return error_to_response(stored.error());
  co_return http::Response::json(stored->second ? 201 : 200, domain::encode_deal(stored->first).dump());
}

}  // namespace callsign::api
