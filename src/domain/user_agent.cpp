#include "domain/user_agent.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace callsign::domain {
namespace {

// Substrings that only automated clients put in their user agent.
constexpr std::array kAutomatedMarks = {
    "crawl",       "spider",      "slurp",        "headless",      "lighthouse",      "phantomjs",
    "puppeteer",   "playwright",  "selenium",     "webdriver",     "python-",         "curl/",
    "wget/",       "go-http-client", "java/",     "okhttp",        "libwww",          "httpclient",
    "axios/",      "node-fetch",  "facebookexternalhit", "whatsapp/", "telegrambot",  "preview",
    "pingdom",     "uptimerobot", "statuscake",   "monitor",       "scanner",         "archive.org_bot",
};
// Device names containing "bot" that are phones, not robots.
constexpr std::array kBotLookalikes = {"cubot"};

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// "googlebot/2.1", "bingbot;", "ahrefsbot)", "slackbot 1.0", "...bot" at the end — "bot" closing a word.
bool has_bot_word(const std::string& ua) {
  for (std::size_t at = ua.find("bot"); at != std::string::npos; at = ua.find("bot", at + 1)) {
    const std::size_t after = at + 3;
    const bool word_ends = after == ua.size() || !std::isalpha(static_cast<unsigned char>(ua[after]));
    if (!word_ends) continue;
    const bool lookalike = std::any_of(kBotLookalikes.begin(), kBotLookalikes.end(), [&](std::string_view name) {
      const std::size_t len = name.size();
      return at + 3 >= len && ua.compare(at + 3 - len, len, name) == 0;
    });
    if (!lookalike) return true;
  }
  return false;
}

}  // namespace

bool is_automated_user_agent(std::string_view user_agent) {
  const std::string ua = lowercase(user_agent);
  if (ua.find_first_not_of(" \t") == std::string::npos) return true;
  if (has_bot_word(ua)) return true;
  return std::any_of(kAutomatedMarks.begin(), kAutomatedMarks.end(),
                     [&](std::string_view mark) { return ua.find(mark) != std::string::npos; });
}

}  // namespace callsign::domain
