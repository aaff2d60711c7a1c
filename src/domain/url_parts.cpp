#include "domain/url_parts.hpp"

#include <algorithm>

namespace callsign::domain {
namespace {

// More parameters than any real landing page carries; the rest of a pathological query is not read, so the
// work per request stays bounded whatever a client sends.
constexpr std::size_t kMaxParams = 1000;

bool is_scheme_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-' ||
         c == '.';
}

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Bytes a host may hold: letters, digits, '-', '.', '_' (seen in the wild), and non-ASCII (raw IDN).
bool is_host_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_trim_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// "host:port" or "[v6]:port" after userinfo is removed → host (lowercased, validated) and port.
void read_authority(std::string_view authority, UrlParts& parts) {
  if (auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  std::string_view host = authority;
  if (!host.empty() && host.front() == '[') {  // IPv6 literal: keep the brackets, as URLs write it
    auto close = host.find(']');
    if (close == std::string_view::npos) return;
    if (close + 1 < host.size() && host[close + 1] == ':') parts.port = host.substr(close + 2);
    host = host.substr(0, close + 1);
    for (char c : host.substr(1, host.size() - 2))
      if (!(c == ':' || c == '.' || hex_value(c) >= 0)) return;
    parts.host = ascii_lower(host);
    return;
  }
  if (auto colon = host.find(':'); colon != std::string_view::npos) {
    parts.port = host.substr(colon + 1);
    host = host.substr(0, colon);
  }
  while (!host.empty() && host.back() == '.') host.remove_suffix(1);
  if (host.empty() || !std::all_of(host.begin(), host.end(), is_host_char)) {
    parts.port = {};
    return;
  }
  parts.host = ascii_lower(host);
}

// Splits "path?query#fragment".
void read_rest(std::string_view rest, UrlParts& parts) {
  if (auto hash = rest.find('#'); hash != std::string_view::npos) {
    parts.fragment = rest.substr(hash + 1);
    rest = rest.substr(0, hash);
  }
  if (auto q = rest.find('?'); q != std::string_view::npos) {
    parts.query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  parts.path = rest;
}

// Length of the scheme at the start of `url` when it is followed by ':' (RFC 3986: ALPHA *( ALPHA / DIGIT /
// "+" / "-" / "." )), else 0.
std::size_t scheme_length(std::string_view url) {
  if (url.empty() || !is_alpha(url.front())) return 0;
  std::size_t i = 1;
  while (i < url.size() && is_scheme_char(url[i])) ++i;
  return i < url.size() && url[i] == ':' ? i : 0;
}

}  // namespace

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

UrlParts split_url(std::string_view url) {
  UrlParts parts;
  // Browsers strip surrounding whitespace from URLs; so do we.
  while (!url.empty() && is_trim_space(static_cast<unsigned char>(url.front()))) url.remove_prefix(1);
  while (!url.empty() && is_trim_space(static_cast<unsigned char>(url.back()))) url.remove_suffix(1);

  std::string_view rest = url;
  bool has_authority = false;
  if (std::size_t n = scheme_length(url); n > 0) {
    parts.scheme = ascii_lower(url.substr(0, n));
    rest = url.substr(n + 1);
    if (rest.size() >= 2 && (rest[0] == '/' || rest[0] == '\\') && (rest[1] == '/' || rest[1] == '\\')) {
      rest.remove_prefix(2);
      has_authority = true;
    }
  } else if (rest.size() >= 2 && rest[0] == '/' && rest[1] == '/') {
    rest.remove_prefix(2);
    has_authority = true;
  } else {
    // A bare "example.com/path": the first segment has a dot and nothing but host characters (and a port).
    std::size_t end = rest.find_first_of("/?#\\");
    std::string_view first = rest.substr(0, end);
    std::string_view name = first.substr(0, first.find(':'));
    if (name.find('.') != std::string_view::npos && name.front() != '.' &&
        std::all_of(name.begin(), name.end(), is_host_char))
      has_authority = true;
  }
  if (has_authority) {
    std::size_t end = rest.find_first_of("/?#\\");
    read_authority(rest.substr(0, end), parts);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
  }
  read_rest(rest, parts);
  return parts;
}

std::string percent_decode(std::string_view text, bool plus_as_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += (plus_as_space && c == '+') ? ' ' : c;
  }
  return out;
}

std::string clean_text(std::string_view text, std::size_t max_bytes) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
  // Leading blanks and controls go first, so that the copy below can stop soon after max_bytes.
  while (!text.empty() && (static_cast<unsigned char>(text.front()) <= 0x20 || text.front() == 0x7F))
    text.remove_prefix(1);
  std::string out;
  out.reserve(std::min(text.size(), max_bytes + 4));
  std::size_t i = 0;
  while (i < text.size() && out.size() <= max_bytes) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      out += (c < 0x20 || c == 0x7F) ? ' ' : static_cast<char>(c);
      ++i;
      continue;
    }
    // Well-formed UTF-8 only (RFC 3629): no overlongs, no surrogates, nothing above U+10FFFF.
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c == 0xE0) len = 3, lo = 0xA0;
    else if (c >= 0xE1 && c <= 0xEC) len = 3;
    else if (c == 0xED) len = 3, hi = 0x9F;
    else if (c >= 0xEE && c <= 0xEF) len = 3;
    else if (c == 0xF0) len = 4, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3) len = 4;
    else if (c == 0xF4) len = 4, hi = 0x8F;
    bool ok = len > 0 && i + len <= text.size();
    for (std::size_t k = 1; ok && k < len; ++k) {
      const auto b = static_cast<unsigned char>(text[i + k]);
      ok = k == 1 ? (b >= lo && b <= hi) : (b >= 0x80 && b <= 0xBF);
    }
    if (ok) {
      out.append(text.substr(i, len));
      i += len;
    } else {
      out += kReplacement;
      ++i;
    }
  }
  if (out.size() > max_bytes) {
    std::size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    out.resize(cut);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

QueryParams::QueryParams(std::string_view query) {
  while (!query.empty() && params_.size() < kMaxParams) {
    std::size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    std::size_t eq = pair.find('=');
    std::string key = ascii_lower(percent_decode(pair.substr(0, eq), true));
    if (key.rfind("amp;", 0) == 0) key.erase(0, 4);
    std::string_view value = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    params_.push_back({std::move(key), value});
  }
}

std::optional<std::string> QueryParams::first(std::string_view key, std::size_t max_bytes) const {
  for (const auto& p : params_) {
    if (p.key != key || p.raw_value.empty()) continue;
    std::string value = clean_text(percent_decode(p.raw_value, true), max_bytes);
    if (!value.empty()) return value;
  }
  return std::nullopt;
}

}  // namespace callsign::domain
