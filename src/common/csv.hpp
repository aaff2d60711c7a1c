#pragma once
// One CSV cell (RFC 4180): quoted only when it holds a comma, a quote or a line break; quotes doubled.
#include <nlohmann/json.hpp>
#include <string>

namespace callsign {

inline std::string csv_cell(const nlohmann::json& value) {
  if (value.is_null()) return "";
  std::string text = value.is_string() ? value.get<std::string>() : value.dump();
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char ch : text) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return quoted + "\"";
}

}  // namespace callsign
