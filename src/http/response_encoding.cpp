#include "http/response_encoding.hpp"

#include <spdlog/spdlog.h>

#include "http/string_view.hpp"

namespace callsign::http {
namespace {

namespace beast_http = boost::beast::http;

// The server owns message framing; a handler setting these would corrupt the connection.
bool is_framing_header(std::string_view name) {
  return iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding") ||
         iequals(name, "Connection");
}

// CR, LF or NUL in a header would let a value echoed from client input split the response.
bool is_safe_header(std::string_view name, std::string_view value) {
  constexpr std::string_view kForbidden("\r\n\0", 3);
  return !name.empty() && name.find(':') == std::string_view::npos &&
         name.find_first_of(kForbidden) == std::string_view::npos &&
         value.find_first_of(kForbidden) == std::string_view::npos;
}

}  // namespace

WireResponse encode_response(Response response, unsigned http_version, bool keep_alive, bool headers_only) {
  WireResponse wire;
  wire.version(http_version);
  wire.result(response.status);
  const bool bodiless = response.status == 204 || response.status == 304;

  if (!bodiless && !response.content_type.empty()) wire.set(beast_http::field::content_type, response.content_type);
  for (const auto& [name, value] : response.headers) {
    if (!is_safe_header(name, value)) {
      spdlog::error("dropped a response header containing CR, LF, NUL or ':' in its name");
      continue;
    }
    if (is_framing_header(name)) {
      spdlog::error("dropped response header {}: the server sets message framing itself", name);
      continue;
    }
    wire.insert(name, value);
  }
  if (!bodiless) {
    wire.content_length(response.body.size());
    // The serializer writes whatever the body holds, whatever Content-Length says: a HEAD's stays empty.
    if (!headers_only) wire.body() = std::move(response.body);
  }
  wire.keep_alive(keep_alive);
  return wire;
}

}  // namespace callsign::http
