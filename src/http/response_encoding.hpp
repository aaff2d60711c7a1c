#pragma once
// From a handler's Response to the bytes' shape on the wire.
#include <utility>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http/message.hpp"

namespace callsign::http {

using WireResponse = boost::beast::http::response<boost::beast::http::string_body>;

// Always sets Content-Length, except on 204 and 304, which carry neither a body nor Content-Type nor
// Content-Length (RFC 9110 §8.6, §15.3.5). Extra headers that would break framing (Content-Length,
// Transfer-Encoding, Connection) or contain CR/LF are dropped and logged: they are programming errors.
// `status` must be 100..999 (the dispatcher guarantees 200..599).
// `headers_only` (the answer to a HEAD): the same headers, Content-Length included, and no body.
WireResponse encode_response(Response response, unsigned http_version, bool keep_alive, bool headers_only = false);

}  // namespace callsign::http
