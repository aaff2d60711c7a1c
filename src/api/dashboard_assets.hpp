#pragma once
// The dashboard's built files (web/dashboard, bundled at build time by scripts/build-dashboard), embedded in the
// binary so that `callsign serve` needs no install folder and loads nothing from the internet.
#include <span>
#include <string_view>

namespace callsign::embedded {

struct DashboardAsset {
  std::string_view path;          // "index.html", "assets/app-<hash>.js"
  std::string_view content_type;
  std::string_view body;
  std::string_view gzip;          // the same bytes gzipped (level 9)
  bool immutable;                 // content-hashed name: cacheable for ever
};

// Every file, index.html first. Static storage; thread-safe.
std::span<const DashboardAsset> dashboard_assets();

}  // namespace callsign::embedded
