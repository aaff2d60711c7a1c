#pragma once
// Is a visit made by a program rather than a person? Crawlers, link previewers, uptime monitors, HTTP libraries
// and headless browsers get no pool number: leasing them one would take a number from a real visitor and
// attribute nothing (API.md: the page then keeps the site's own number).
#include <string_view>

namespace callsign::domain {

// True for an empty user agent and for known automated ones ("Googlebot/2.1", "HeadlessChrome/120",
// "python-requests/2.31", "curl/8.1", "facebookexternalhit/1.1", "Lighthouse"). Case-insensitive.
// Not fooled by device names that merely contain "bot" ("CUBOT P30").
bool is_automated_user_agent(std::string_view user_agent);

}  // namespace callsign::domain
