#include "domain/withheld_caller.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace callsign::domain {
namespace {

constexpr std::array<std::string_view, 8> kWords = {"anonymous", "restricted", "private",  "unavailable",
                                                     "unknown",   "withheld",   "blocked", "private number"};
constexpr std::array<std::string_view, 4> kKeypadSpellings = {"+266696687", "+7378742833", "+86282452253",
                                                              "+8656696"};

std::string_view trim(std::string_view s, std::string_view junk) {
  while (!s.empty() && junk.find(s.front()) != std::string_view::npos) s.remove_prefix(1);
  while (!s.empty() && junk.find(s.back()) != std::string_view::npos) s.remove_suffix(1);
  return s;
}

bool is_withheld_word(std::string_view text) {
  std::string lower(trim(text, " \t\"'<>"));
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::find(kWords.begin(), kWords.end(), lower) != kWords.end();
}

}  // namespace

bool is_withheld_caller_id(std::string_view text) {
  text = trim(text, " \t");
  if (text.empty()) return false;
  if (std::find(kKeypadSpellings.begin(), kKeypadSpellings.end(), text) != kKeypadSpellings.end()) return true;
  if (is_withheld_word(text)) return true;
  // Asterisk's clid: `"Name" <number>` — the number part decides.
  const auto open = text.find('<');
  return open != std::string_view::npos && text.back() == '>' && is_withheld_word(text.substr(open));
}

}  // namespace callsign::domain
