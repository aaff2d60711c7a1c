#pragma once
// The BASELINE the accuracy benchmark compares Callsign with: what simple call-tracking implementations do.
//  * reuse: the first free number (lowest index) — a number just released goes straight back out;
//  * hold: a fixed time after the session's last activity (15 minutes in the benchmark);
//  * exhausted: the number idle longest is taken from its session;
//  * attribution: a call is credited to the number's LAST HOLDER at the call's start, whoever and however long ago.
// Not used by the product; it lives here only to be measured against.
#include <chrono>
#include <cstdint>
#include <optional>
#include <queue>
#include <set>
#include <vector>

#include "common/time.hpp"

namespace callsign::sim {

class BaselineAllocator {
 public:
  BaselineAllocator(std::size_t size, std::chrono::milliseconds hold, std::size_t sessions);

  // A number (slot index) for session `session` at `now`; nullopt only for an empty pool.
  std::optional<std::uint32_t> allocate(std::int32_t session, Timestamp now);
  // A ping: extends the session's hold if it still has its number.
  void touch(std::int32_t session, Timestamp now);
  // The session that was last given `slot` at or before `t`; -1 when none.
  std::int32_t last_holder(std::uint32_t slot, Timestamp t) const;

  std::uint64_t exhausted() const { return exhausted_; }
  std::size_t peak_in_use() const { return peak_; }

 private:
  struct Slot {
    std::int32_t holder = -1;
    Timestamp last_seen{};
    bool leased = false;
    std::vector<std::pair<Timestamp, std::int32_t>> history;  // (given at, session), in time order
  };
  using Due = std::pair<Timestamp, std::uint32_t>;  // (deadline, slot); stale entries skipped

  void expire(Timestamp now);
  bool current(const Due& due) const;

  std::chrono::milliseconds hold_;
  std::vector<Slot> slots_;
  std::vector<std::int32_t> slot_of_;  // session → slot, -1 none
  std::set<std::uint32_t> free_;
  std::priority_queue<Due, std::vector<Due>, std::greater<>> due_;
  std::size_t in_use_ = 0, peak_ = 0;
  std::uint64_t exhausted_ = 0;
};

}  // namespace callsign::sim
