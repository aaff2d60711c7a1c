#include "http/message.hpp"

#include <nlohmann/json.hpp>

#include "http/string_view.hpp"

namespace callsign::http {

std::optional<std::string> RequestContext::query_param(const std::string& name) const {
  if (auto it = query.find(name); it != query.end()) return it->second;
  return std::nullopt;
}

std::optional<std::string> RequestContext::path_param(const std::string& name) const {
  if (auto it = params.find(name); it != params.end()) return it->second;
  return std::nullopt;
}

std::string_view RequestContext::header(std::string_view name) const {
  // Beast's lookup is case-insensitive and yields "" for a missing field.
  return to_std(request[to_beast(name)]);
}

Response error_response(unsigned status, std::string_view code, std::string_view message, std::string_view field) {
  // ordered_json keeps API.md's key order (code, message, field) so bodies read the same everywhere.
  nlohmann::ordered_json error;
  error["code"] = code;
  error["message"] = message;
  if (!field.empty()) error["field"] = field;
  nlohmann::ordered_json body;
  body["error"] = std::move(error);
  // Messages may quote client input; `replace` turns invalid UTF-8 into U+FFFD instead of throwing.
  return Response::json(status, body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}

}  // namespace callsign::http
