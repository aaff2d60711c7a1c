#include "api/call_query.hpp"

#include <charconv>

#include "common/crypto.hpp"
#include "domain/call.hpp"

namespace callsign::api {
namespace {

constexpr int kMaxLimit = 200;
constexpr int kMaxCsvRows = 100000;

std::optional<std::string> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    unsigned byte = 0;
    auto r = std::from_chars(hex.data() + i, hex.data() + i + 2, byte, 16);
    if (r.ec != std::errc{} || r.ptr != hex.data() + i + 2) return std::nullopt;
    out += static_cast<char>(byte);
  }
  return out;
}

Result<std::optional<bool>> decode_bool(const http::RequestContext& ctx, const std::string& name) {
  auto v = ctx.query_param(name);
  if (!v) return std::optional<bool>{};
  if (*v == "true") return std::optional<bool>{true};
  if (*v == "false") return std::optional<bool>{false};
  return fail(Error::invalid(name, name + " must be true or false"));
}


}  // namespace

Result<std::optional<Timestamp>> decode_instant(const http::RequestContext& ctx, const std::string& name) {
  auto v = ctx.query_param(name);
  if (!v) return std::optional<Timestamp>{};
  auto t = parse_rfc3339(*v);
  if (!t) return fail(Error::invalid(name, name + " must be an RFC 3339 time such as 2026-03-08T00:00:00Z"));
  return std::optional<Timestamp>{*t};
}

std::string encode_cursor(Timestamp started_at, const std::string& call_id) {
  return to_hex(std::to_string(to_unix_ms(started_at)) + ":" + call_id);
}

Result<domain::CallQuery> decode_call_query(const http::RequestContext& ctx) {
  domain::CallQuery q;
  auto from = decode_instant(ctx, "from");
  if (!from) return fail(from.error());
  q.from = *from;
  auto to = decode_instant(ctx, "to");
  if (!to) return fail(to.error());
  q.to = *to;
  if (q.from && q.to && *q.from > *q.to) return fail(Error::invalid("from", "from must not be after to"));
  q.channel = ctx.query_param("channel");
  if (auto status = ctx.query_param("status"); status && *status == "missed") {
    q.missed = true;
  } else if (status) {
    q.status = domain::call_status_from_string(*status);
    if (!q.status)
      return fail(Error::invalid(
          "status", "status must be one of answered, no_answer, busy, failed, abandoned, voicemail, missed"));
  }
  auto target = decode_bool(ctx, "target");
  if (!target) return fail(target.error());
  q.target = *target;
  auto unique = decode_bool(ctx, "unique");
  if (!unique) return fail(unique.error());
  q.unique = *unique;
  auto first_time = decode_bool(ctx, "first_time");
  if (!first_time) return fail(first_time.error());
  q.first_time = *first_time;
  q.tracking_number = ctx.query_param("tracking_number");
  q.operator_name = ctx.query_param("operator");
  q.caller = ctx.query_param("caller");

  const bool csv = ctx.query_param("format") == "csv";
  if (auto format = ctx.query_param("format"); format && !csv && *format != "json")
    return fail(Error::invalid("format", "format must be json or csv"));
  const int max_limit = csv ? kMaxCsvRows : kMaxLimit;
  if (csv) q.limit = kMaxCsvRows;
  if (auto limit = ctx.query_param("limit")) {
    int n = 0;
    auto r = std::from_chars(limit->data(), limit->data() + limit->size(), n);
    if (r.ec != std::errc{} || r.ptr != limit->data() + limit->size() || n < 1 || n > max_limit)
      return fail(Error::invalid("limit", "limit must be a whole number from 1 to " + std::to_string(max_limit)));
    q.limit = n;
  }
  if (auto cursor = ctx.query_param("cursor")) {
    auto decoded = from_hex(*cursor);
    auto colon = decoded ? decoded->find(':') : std::string::npos;
    long long ms = 0;
    bool ok = colon != std::string::npos && colon > 0;
    if (ok) {
      auto r = std::from_chars(decoded->data(), decoded->data() + colon, ms);
      ok = r.ec == std::errc{} && r.ptr == decoded->data() + colon && colon + 1 < decoded->size();
    }
    if (!ok) return fail(Error::invalid("cursor", "cursor is not one this server gave out; start from the first page"));
    q.after = std::pair{from_unix_ms(ms), decoded->substr(colon + 1)};
  }
  return q;
}

}  // namespace callsign::api
