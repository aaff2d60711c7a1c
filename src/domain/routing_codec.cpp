#include "domain/routing_codec.hpp"

#include <algorithm>
#include <cctype>

#include "domain/phone.hpp"

namespace callsign::domain {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxSipUriLength = 256;

bool is_host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

// host, host:port, [v6], [v6]:port
bool is_sip_host(std::string_view host) {
  if (host.empty()) return false;
  if (host.front() == '[') {
    auto close = host.find(']');
    if (close == std::string_view::npos || close == 1) return false;
    for (char c : host.substr(1, close - 1))
      if (!(std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.')) return false;
    host.remove_prefix(close + 1);
    if (host.empty()) return true;
    if (host.front() != ':') return false;
  } else {
    auto colon = host.find(':');
    auto name = host.substr(0, colon);
    if (name.empty() || !std::all_of(name.begin(), name.end(), is_host_char)) return false;
    if (name.front() == '.' || name.front() == '-' || name.back() == '.' || name.back() == '-') return false;
    if (colon == std::string_view::npos) return true;
    host.remove_prefix(colon);
  }
  auto port = host.substr(1);
  return !port.empty() && port.size() <= 5 && std::all_of(port.begin(), port.end(), [](char c) {
    return c >= '0' && c <= '9';
  });
}

}  // namespace

bool is_sip_uri(std::string_view text) {
  if (text.size() > kMaxSipUriLength || text.substr(0, 4) != "sip:") return false;
  for (char c : text)
    if (c <= ' ' || c >= 0x7f || c == '"' || c == '<' || c == '>') return false;
  auto rest = text.substr(4);
  auto at = rest.find('@');
  if (at == std::string_view::npos || at == 0) return false;
  auto host = rest.substr(at + 1);
  host = host.substr(0, host.find_first_of(";?"));
  return is_sip_host(host);
}

Result<std::string> normalize_destination(std::string_view text, std::string_view country, const std::string& field) {
  // Anything that looks like a URI is judged as one, so its error says what a SIP URI must look like.
  if (text.find(':') != std::string_view::npos || text.find('@') != std::string_view::npos) {
    if (!is_sip_uri(text))
      return fail(Error::invalid(field, field + " must be a phone number or a SIP URI such as \"sip:alice@pbx.example.com\""));
    return std::string(text);
  }
  auto phone = normalize_phone(text, country, field);
  if (!phone) return fail(phone.error());
  return std::move(phone->e164);
}

json encode_fallback(const Fallback& fallback) {
  if (fallback.kind == Fallback::Kind::forward) return json{{"forward_to", fallback.destination}};
  return json{{"voicemail", true}};
}

Result<Fallback> decode_fallback(const json& value, const std::string& field, std::string_view country) {
  const auto shape = [&] {
    return fail(Error::invalid(field, field + " must be null, {\"forward_to\": \"<number or sip: URI>\"} or "
                                              "{\"voicemail\": true}"));
  };
  if (!value.is_object() || value.size() != 1) return shape();
  Fallback fallback;
  if (auto it = value.find("forward_to"); it != value.end()) {
    const std::string sub_field = field + ".forward_to";
    if (!it->is_string()) return fail(Error::invalid(sub_field, sub_field + " must be a phone number or a SIP URI"));
    auto destination = normalize_destination(it->get_ref<const std::string&>(), country, sub_field);
    if (!destination) return fail(destination.error());
    fallback.kind = Fallback::Kind::forward;
    fallback.destination = std::move(*destination);
    return fallback;
  }
  if (auto it = value.find("voicemail"); it != value.end() && *it == true) {
    fallback.kind = Fallback::Kind::voicemail;
    return fallback;
  }
  return shape();
}

json encode_members(const std::vector<RoutingMember>& members) {
  json out = json::array();
  for (const auto& m : members)
    out.push_back(json{{m.kind == RoutingMember::Kind::operator_id ? "operator_id" : "group_id", m.id}});
  return out;
}

Result<std::vector<RoutingMember>> decode_members(const json& value, const std::string& field,
                                                  std::size_t max_members) {
  if (!value.is_array() || value.size() > max_members)
    return fail(Error::invalid(field, field + " must be a list of up to " + std::to_string(max_members) +
                                          " entries {\"operator_id\": …} or {\"group_id\": …}"));
  std::vector<RoutingMember> members;
  members.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto& entry = value[i];
    const bool one_key = entry.is_object() && entry.size() == 1;
    const auto it = one_key ? entry.begin() : entry.end();
    const bool known = one_key && (it.key() == "operator_id" || it.key() == "group_id");
    if (!known || !it->is_string() || it->get_ref<const std::string&>().empty())
      return fail(Error::invalid(field, field + "[" + std::to_string(i) +
                                            "] must be {\"operator_id\": \"op_…\"} or {\"group_id\": \"grp_…\"}"));
    members.push_back({it.key() == "operator_id" ? RoutingMember::Kind::operator_id : RoutingMember::Kind::group_id,
                       it->get<std::string>()});
  }
  return members;
}

}  // namespace callsign::domain
