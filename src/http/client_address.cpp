#include "http/client_address.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>

namespace callsign::http {
namespace {

struct Address {
  int family = AF_INET;             // AF_INET or AF_INET6
  std::array<unsigned char, 16> bytes{};  // network order; the first 4 for IPv4
  int bits() const { return family == AF_INET ? 32 : 128; }
};

std::optional<Address> parse_address(std::string_view text) {
  if (text.empty() || text.size() > 45) return std::nullopt;
  const std::string copy(text);  // inet_pton wants a terminated string
  Address a;
  if (inet_pton(AF_INET, copy.c_str(), a.bytes.data()) == 1) return a;
  a.family = AF_INET6;
  if (inet_pton(AF_INET6, copy.c_str(), a.bytes.data()) == 1) return a;
  return std::nullopt;
}

// Whether `address` lies in `network`/`prefix` (both of one family).
bool in_network(const Address& address, const Address& network, int prefix) {
  if (address.family != network.family) return false;
  for (int i = 0; i < prefix / 8; ++i)
    if (address.bytes[i] != network.bytes[i]) return false;
  if (prefix % 8 == 0) return true;
  const unsigned char mask = static_cast<unsigned char>(0xFF << (8 - prefix % 8));
  return (address.bytes[prefix / 8] & mask) == (network.bytes[prefix / 8] & mask);
}

// `entry` is an exact address or a CIDR range.
bool matches(std::string_view address, std::string_view entry) {
  const auto slash = entry.find('/');
  if (slash == std::string_view::npos) return address == entry;
  const auto network = parse_address(entry.substr(0, slash));
  const auto candidate = parse_address(address);
  const std::string_view prefix_text = entry.substr(slash + 1);
  int prefix = -1;
  const auto [end, ec] = std::from_chars(prefix_text.data(), prefix_text.data() + prefix_text.size(), prefix);
  if (!network || !candidate || ec != std::errc() || end != prefix_text.data() + prefix_text.size() || prefix < 0 ||
      prefix > network->bits())
    return false;
  return in_network(*candidate, *network, prefix);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool trusted(std::string_view address, const std::vector<std::string>& proxies) {
  return std::any_of(proxies.begin(), proxies.end(), [&](const std::string& entry) { return matches(address, entry); });
}

}  // namespace

bool is_address_or_range(std::string_view entry) {
  const auto slash = entry.find('/');
  const auto address = parse_address(entry.substr(0, slash));
  if (!address) return false;
  if (slash == std::string_view::npos) return true;
  return matches(entry.substr(0, slash), entry);  // a valid prefix matches its own network address
}

std::string client_address(std::string_view peer, std::string_view forwarded_for,
                           const std::vector<std::string>& trusted_proxies) {
  if (!trusted(peer, trusted_proxies)) return std::string(peer);
  while (!forwarded_for.empty()) {
    const auto comma = forwarded_for.rfind(',');
    const std::string_view hop = trim(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
    forwarded_for = comma == std::string_view::npos ? std::string_view{} : forwarded_for.substr(0, comma);
    if (hop.empty() || hop.size() > 45) continue;  // 45: the longest textual IPv6 address
    if (!trusted(hop, trusted_proxies)) return std::string(hop);
  }
  return std::string(peer);
}

}  // namespace callsign::http
