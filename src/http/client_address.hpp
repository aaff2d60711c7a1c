#pragma once
// The visitor's address when Callsign runs behind a reverse proxy (nginx, a load balancer): the TCP peer is
// then the proxy, and the client is named in X-Forwarded-For. That header is only believed when the peer is one
// of the proxies the operator trusts — anyone can send it.
#include <string>
#include <string_view>
#include <vector>

namespace callsign::http {

// `peer`: the TCP peer's address. `forwarded_for`: the X-Forwarded-For header ("" when absent), a comma-separated
// list where each proxy appended the address it received the request from. `trusted_proxies`: exact addresses
// ("10.0.0.5", "::1") or CIDR ranges ("10.0.0.0/8", "fd00::/8").
// Returns the right-most address of the chain that is not a trusted proxy — the first one a trusted proxy saw
// connect — or `peer` when the peer is not trusted or the header names nobody else.
// Whether `entry` is an IPv4/IPv6 address or a CIDR range of one (prefix 0..32 or 0..128).
bool is_address_or_range(std::string_view entry);

std::string client_address(std::string_view peer, std::string_view forwarded_for,
                           const std::vector<std::string>& trusted_proxies);

}  // namespace callsign::http
