#include "reports/cost_input.hpp"

#include <charconv>
#include <cmath>
#include <optional>

#include <nlohmann/json.hpp>

#include "reports/calendar.hpp"

namespace callsign::reports {
namespace {

constexpr std::size_t kMaxText = 500;
constexpr std::array<const char*, 4> kTextFields{"source", "medium", "campaign", "term"};

// Checks one cost's fields (already split out) and appends the entry or the line's error.
void add_cost(CostBatch& batch, int line, const std::string& project_id, const std::string& date,
              const std::array<std::string, 4>& texts, std::optional<double> amount) {
  auto error = [&](const char* field, std::string message) { batch.errors.push_back({line, field, std::move(message)}); };
  if (!parse_day(date)) return error("date", "date must be a day such as 2026-03-08, got \"" + date + "\"");
  for (std::size_t i = 0; i < texts.size(); ++i)
    if (texts[i].size() > kMaxText) return error(kTextFields[i], std::string(kTextFields[i]) + " is over 500 bytes");
  if (!amount || !std::isfinite(*amount) || *amount < 0)
    return error("amount", "amount must be a number of money at least 0, such as 125.50");
  batch.entries.push_back({project_id, date, texts[0], texts[1], texts[2], texts[3], *amount});
}

std::optional<double> parse_amount(std::string_view text) {
  double value = 0;
  auto r = std::from_chars(text.data(), text.data() + text.size(), value);
  if (r.ec != std::errc{} || r.ptr != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

// Splits one CSV line into cells (RFC 4180 quotes, "" inside quotes).
std::vector<std::string> csv_cells(std::string_view line) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char ch = line[i];
    if (quoted) {
      if (ch == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cells.back() += '"';
        ++i;
      } else if (ch == '"') {
        quoted = false;
      } else {
        cells.back() += ch;
      }
    } else if (ch == '"') {
      quoted = true;
    } else if (ch == ',') {
      cells.emplace_back();
    } else {
      cells.back() += ch;
    }
  }
  return cells;
}

}  // namespace

Result<CostBatch> parse_costs_json(std::string_view body, const std::string& project_id) {
  auto parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded())
    return fail(Error{ErrorKind::malformed, "malformed_json", "the request body is not valid JSON", "body"});
  if (!parsed.is_array()) return fail(Error::invalid("body", "costs must be a JSON array of {date, source, medium, campaign, term, amount}"));
  if (parsed.size() > kMaxCostLines) return fail(Error::invalid("body", "at most 100000 costs per request"));
  CostBatch batch;
  int line = 0;
  for (const auto& item : parsed) {
    ++line;
    if (!item.is_object()) {
      batch.errors.push_back({line, "body", "each cost must be an object"});
      continue;
    }
    std::string unknown;
    for (const auto& [key, value] : item.items())
      if (key != "date" && key != "amount" && key != "source" && key != "medium" && key != "campaign" && key != "term")
        unknown = key;
    if (!unknown.empty()) {
      batch.errors.push_back({line, unknown, "unknown field \"" + unknown + "\""});
      continue;
    }
    auto text = [&](const char* field) -> std::optional<std::string> {
      auto it = item.find(field);
      if (it == item.end() || it->is_null()) return std::string();
      if (!it->is_string()) return std::nullopt;
      return it->get<std::string>();
    };
    std::array<std::string, 4> texts;
    const char* bad = nullptr;
    for (std::size_t i = 0; i < texts.size() && !bad; ++i) {
      auto v = text(kTextFields[i]);
      if (!v) bad = kTextFields[i];
      else texts[i] = std::move(*v);
    }
    auto date = text("date");
    if (!date || date->empty()) bad = "date";
    if (bad) {
      batch.errors.push_back({line, bad, std::string(bad) + (std::string(bad) == "date" ? " is required, as YYYY-MM-DD" : " must be a string")});
      continue;
    }
    std::optional<double> amount;
    if (auto it = item.find("amount"); it != item.end() && it->is_number()) amount = it->get<double>();
    if (auto it = item.find("amount"); it != item.end() && it->is_string()) amount = parse_amount(it->get<std::string>());
    add_cost(batch, line, project_id, *date, texts, amount);
  }
  return batch;
}

Result<CostBatch> parse_costs_csv(std::string_view body, const std::string& project_id) {
  CostBatch batch;
  int line_number = 0;
  std::size_t lines = 0;
  while (!body.empty()) {
    const auto end = body.find('\n');
    std::string_view line = body.substr(0, end);
    body = end == std::string_view::npos ? std::string_view{} : body.substr(end + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    if (++lines > kMaxCostLines) return fail(Error::invalid("body", "at most 100000 cost lines per request"));
    auto cells = csv_cells(line);
    if (line_number == 1 && !cells.empty() && cells[0] == "date") continue;  // the header
    if (cells.size() != 6) {
      batch.errors.push_back({line_number, "body", "a cost line has 6 columns: date,source,medium,campaign,term,amount"});
      continue;
    }
    add_cost(batch, line_number, project_id, cells[0], {cells[1], cells[2], cells[3], cells[4]}, parse_amount(cells[5]));
  }
  return batch;
}

}  // namespace callsign::reports
