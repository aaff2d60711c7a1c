#pragma once
// Instants are UTC milliseconds since the Unix epoch. Responses use RFC 3339 with `Z`;
// requests may carry any offset.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace callsign {

using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

// Parses RFC 3339 ("2026-03-08T09:00:00Z", "2026-03-08T04:00:00.250-05:00").
// Returns nullopt for anything else, including out-of-range fields (month 13, hour 24, Feb 30).
std::optional<Timestamp> parse_rfc3339(std::string_view text);

// "2026-03-08T09:00:00Z", with ".250" milliseconds only when they are not zero.
std::string format_rfc3339(Timestamp t);

inline std::int64_t to_unix_ms(Timestamp t) { return t.time_since_epoch().count(); }
inline Timestamp from_unix_ms(std::int64_t ms) { return Timestamp{std::chrono::milliseconds{ms}}; }

// The source of "now". Injected so tests and the simulator control time.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp now() const override {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  }
};

}  // namespace callsign
