#pragma once
// Just enough URL reading for what browsers send as page_url and document.referrer: the parts, the query's
// parameters, percent-decoding and text made safe to store and echo as JSON. Pure and never throws; malformed
// input gives empty parts, not errors, because a visit with a junk URL is still a visit.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace callsign::domain {

// The parts of "scheme://userinfo@host:port/path?query#fragment". Views point into the parsed string, which
// must outlive this value; `scheme` and `host` are copies, lowercased (ASCII only; UTF-8 bytes are kept).
struct UrlParts {
  std::string scheme;         // "https"; "" when there is none
  std::string host;           // "www.example.co.uk": no userinfo, port or trailing dot; "" when none or invalid
  std::string_view port;      // "8080"; "" when none
  std::string_view path;      // "/a/b" as written (still percent-encoded); may be empty
  std::string_view query;     // after '?', before '#'; "" when none
  std::string_view fragment;  // after '#'
};

// Splits `url`. Accepts "scheme://…", scheme-relative "//host/…", "android-app://package/…" (the package is
// the host), and a bare "host.tld/path" (a first segment with a dot and only host characters). Anything else
// ("/path?q", "not a url") has no host; its path, query and fragment are still split. A host with characters
// no host can hold (spaces, quotes, '<', controls) is dropped. Backslashes end the authority as browsers do.
UrlParts split_url(std::string_view url);

// "%41+b" → "A b" when `plus_as_space`. Invalid or truncated escapes ("%4", "%zz") are kept literally.
// The result may hold any byte, including invalid UTF-8; pass it through clean_text before storing it.
std::string percent_decode(std::string_view text, bool plus_as_space);

// `text` as valid UTF-8 without control characters, surrounding whitespace trimmed, at most `max_bytes` long
// (cut at a character boundary). Invalid bytes become U+FFFD; controls (C0, DEL) become spaces.
std::string clean_text(std::string_view text, std::size_t max_bytes);

// ASCII lowercase; other bytes unchanged.
std::string ascii_lower(std::string_view text);

// The parameters of a query string in order. Keys are percent-decoded and ASCII-lowercased, so "UTM_Source"
// and "utm%5Fsource" are both "utm_source"; a leading "amp;" (an HTML-escaped "&amp;" pasted into a link) is
// dropped. Values stay raw until asked for.
class QueryParams {
 public:
  explicit QueryParams(std::string_view query);

  // The first non-empty value of `key` (lowercase), percent-decoded with '+' as space and cleaned
  // (clean_text with `max_bytes`); nullopt when the key is absent or every occurrence is empty or blank.
  std::optional<std::string> first(std::string_view key, std::size_t max_bytes) const;

 private:
  struct Param {
    std::string key;
    std::string_view raw_value;
  };
  std::vector<Param> params_;
};

}  // namespace callsign::domain
