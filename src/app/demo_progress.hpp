#pragma once
// A progress bar for long CLI steps: redrawn in place on a terminal, a line every 10 % otherwise (logs, CI).
#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

namespace callsign::app {

class ProgressBar {
 public:
  // `interactive`: redraw in place (a terminal); else plain lines.
  ProgressBar(std::ostream& out, std::string label, std::uint64_t total, bool interactive);
  // Reports `done` of total; cheap to call often (draws at most every 1 % or 100 ms).
  void update(std::uint64_t done);
  // Completes the bar with `summary` after it.
  void finish(const std::string& summary);

  // Whether stderr is a terminal.
  static bool stderr_is_terminal();

 private:
  void draw(std::uint64_t done);

  std::ostream& out_;
  std::string label_;
  std::uint64_t total_;
  bool interactive_;
  int last_percent_ = -1;
  std::chrono::steady_clock::time_point started_, last_draw_;
};

}  // namespace callsign::app
