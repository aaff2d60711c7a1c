#include "http/client_address.hpp"

#include <algorithm>

namespace callsign::http {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool trusted(std::string_view address, const std::vector<std::string>& proxies) {
  return std::find(proxies.begin(), proxies.end(), address) != proxies.end();
}

}  // namespace

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
