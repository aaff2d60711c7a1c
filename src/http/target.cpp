#include "http/target.hpp"

namespace callsign::http {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string percent_decode(std::string_view text, bool plus_as_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      const int hi = hex_value(text[i + 1]);
      const int lo = hex_value(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_as_space && c == '+' ? ' ' : c);
  }
  return out;
}

void parse_query_string(std::string_view query, std::map<std::string, std::string>& out) {
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);

    const std::size_t eq = pair.find('=');
    std::string key = percent_decode(pair.substr(0, eq), /*plus_as_space=*/true);
    if (key.empty()) continue;
    std::string value =
        eq == std::string_view::npos ? std::string{} : percent_decode(pair.substr(eq + 1), /*plus_as_space=*/true);
    out.insert_or_assign(std::move(key), std::move(value));
  }
}

ParsedTarget parse_target(std::string_view target) {
  target = target.substr(0, target.find('#'));
  const std::size_t question = target.find('?');

  ParsedTarget parsed;
  parsed.path = percent_decode(target.substr(0, question), /*plus_as_space=*/false);
  if (question != std::string_view::npos) parse_query_string(target.substr(question + 1), parsed.query);
  return parsed;
}

}  // namespace callsign::http
