#pragma once
// Splitting a request target ("/v1/calls?from=2026-01-01&q=a+b") into a decoded path and query map.
// Pure functions, no I/O: the server calls them once per request; tests call them directly.
#include <map>
#include <string>
#include <string_view>

namespace callsign::http {

struct ParsedTarget {
  std::string path;                          // percent-decoded; '+' stays '+' (it is literal in a path)
  std::map<std::string, std::string> query;  // keys and values decoded, '+' as space; the last value wins
};

// Never fails: a '%' not followed by two hex digits is kept as is, a parameter without '=' gets "",
// an empty key is dropped, and a "#fragment" (which clients should not send) is ignored.
// Note that "%2F" decodes to '/', so it separates path segments like a plain '/'.
ParsedTarget parse_target(std::string_view target);

// Decodes %XX escapes; with plus_as_space, '+' becomes ' ' (application/x-www-form-urlencoded).
std::string percent_decode(std::string_view text, bool plus_as_space);

// Parses "a=1&b=x+y" (no leading '?') into `out`, with the rules of parse_target. Also fits
// form-encoded bodies (Content-Type: application/x-www-form-urlencoded).
void parse_query_string(std::string_view query, std::map<std::string, std::string>& out);

}  // namespace callsign::http
