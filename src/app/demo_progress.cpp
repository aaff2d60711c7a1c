#include "app/demo_progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace callsign::app {

ProgressBar::ProgressBar(std::ostream& out, std::string label, std::uint64_t total, bool interactive)
    : out_(out),
      label_(std::move(label)),
      total_(std::max<std::uint64_t>(total, 1)),
      interactive_(interactive),
      started_(std::chrono::steady_clock::now()),
      last_draw_(started_) {}

bool ProgressBar::stderr_is_terminal() { return isatty(fileno(stderr)) != 0; }

void ProgressBar::update(std::uint64_t done) {
  const int percent = static_cast<int>(std::min<std::uint64_t>(done, total_) * 100 / total_);
  if (percent == last_percent_) return;
  const auto now = std::chrono::steady_clock::now();
  if (interactive_) {
    if (now - last_draw_ < std::chrono::milliseconds(100) && percent < 100) return;
  } else if (percent / 10 == last_percent_ / 10) {
    return;
  }
  last_percent_ = percent;
  last_draw_ = now;
  draw(done);
}

void ProgressBar::draw(std::uint64_t done) {
  const int percent = static_cast<int>(std::min<std::uint64_t>(done, total_) * 100 / total_);
  if (!interactive_) {
    out_ << label_ << ": " << percent << " %" << std::endl;
    return;
  }
  constexpr int kWidth = 30;
  const int filled = percent * kWidth / 100;
  out_ << '\r' << label_ << " [" << std::string(static_cast<std::size_t>(filled), '#')
       << std::string(static_cast<std::size_t>(kWidth - filled), ' ') << "] " << percent << " %" << std::flush;
}

void ProgressBar::finish(const std::string& summary) {
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  char took[32];
  std::snprintf(took, sizeof took, "%.1f s", seconds);
  if (interactive_) {
    last_percent_ = 100;
    draw(total_);
    out_ << " " << summary << " (" << took << ")\n" << std::flush;
  } else {
    out_ << label_ << ": done, " << summary << " (" << took << ")" << std::endl;
  }
}

}  // namespace callsign::app
