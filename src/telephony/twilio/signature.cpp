#include "telephony/twilio/signature.hpp"

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "common/crypto.hpp"

namespace callsign::telephony {
namespace {

// Where the port of `url` is, when the URL has the shape scheme://[userinfo@]host[:port][/...].
struct Authority {
  std::size_t host_end;  // one past the host (the ':' of the port when there is one)
  std::size_t end;       // one past the authority (the '/', '?', '#' or the end of the URL)
  std::string_view scheme;
};

std::optional<Authority> find_authority(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) return std::nullopt;
  const std::size_t start = scheme_end + 3;
  std::size_t end = url.find_first_of("/?#", start);
  if (end == std::string_view::npos) end = url.size();
  const std::string_view authority = url.substr(start, end - start);
  const auto at = authority.rfind('@');
  const std::size_t host_start = at == std::string_view::npos ? 0 : at + 1;
  // The port follows the last ':' after the host, unless that ':' is inside an IPv6 literal "[...]".
  std::size_t host_end = end;
  const auto colon = authority.rfind(':');
  const auto bracket = authority.rfind(']');
  if (colon != std::string_view::npos && colon >= host_start &&
      (bracket == std::string_view::npos || colon > bracket)) {
    host_end = start + colon;
  }
  return Authority{host_end, end, url.substr(0, scheme_end)};
}

std::string_view default_port(std::string_view scheme) {
  if (scheme == "https" || scheme == "HTTPS") return "443";
  if (scheme == "http" || scheme == "HTTP") return "80";
  return {};
}

// The spellings of `url` Twilio may have signed: as given, without its port, and with the default port.
std::vector<std::string> url_variants(std::string_view url) {
  std::vector<std::string> variants{std::string(url)};
  const auto authority = find_authority(url);
  if (!authority) return variants;
  const bool has_port = authority->host_end != authority->end;
  if (has_port) {
    std::string without(url.substr(0, authority->host_end));
    without.append(url.substr(authority->end));
    variants.push_back(std::move(without));
  } else if (const auto port = default_port(authority->scheme); !port.empty()) {
    std::string with(url.substr(0, authority->end));
    with.append(":").append(port).append(url.substr(authority->end));
    variants.push_back(std::move(with));
  }
  return variants;
}

}  // namespace

std::string TwilioSignature::compute(std::string_view url, std::span<const FormParam> params) const {
  std::vector<const FormParam*> sorted;
  sorted.reserve(params.size());
  std::size_t length = url.size();
  for (const auto& p : params) {
    sorted.push_back(&p);
    length += p.name.size() + p.value.size();
  }
  // By name, then by value: Twilio's libraries sort a repeated parameter's values, so the order the fields
  // arrived in never changes the signature.
  std::sort(sorted.begin(), sorted.end(), [](const FormParam* a, const FormParam* b) {
    if (a->name != b->name) return a->name < b->name;
    return a->value < b->value;
  });
  std::string data;
  data.reserve(length);
  data.append(url);
  for (const auto* p : sorted) data.append(p->name).append(p->value);
  return base64_encode(hmac_sha1(auth_token_, data));
}

bool TwilioSignature::valid(std::string_view url, std::span<const FormParam> params,
                            std::string_view signature) const {
  if (signature.empty() || auth_token_.empty()) return false;
  bool ok = false;
  // Every variant is checked, so the time taken does not tell which spelling (if any) matched.
  for (const auto& variant : url_variants(url)) {
    ok = constant_time_equal(compute(variant, params), signature) || ok;
  }
  return ok;
}

}  // namespace callsign::telephony
