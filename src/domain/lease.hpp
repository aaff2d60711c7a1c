#pragma once
// Leases of pool numbers (DNI): what the pool allocator reports to its caller, and what the caller persists
// so that (a) a call at time t can be attributed to the session that held its number at t and (b) the
// allocator can be rebuilt after a restart.
//
// A lease is half-open: it is live at t iff started_at <= t < last_seen + hold. At exactly last_seen + hold it
// has ended, and the number may be leased again at that same instant.
#include <string>
#include <string_view>
#include <vector>

#include "common/time.hpp"

namespace callsign::domain {

enum class LeaseEventKind {
  started,   // `session_id` took `number` at `at` (started_at = last_seen = at)
  extended,  // `session_id` was seen again at `at` (allocate of a live session, touch, release)
  ended,     // the lease expired; `at` is its exact end, last_seen + hold — not when expiry was noticed
  evicted,   // reuse_oldest handed `number` to another session at `at`; this session's lease ends at `at`
};

inline constexpr std::string_view to_string(LeaseEventKind kind) {
  switch (kind) {
    case LeaseEventKind::started: return "started";
    case LeaseEventKind::extended: return "extended";
    case LeaseEventKind::ended: return "ended";
    case LeaseEventKind::evicted: return "evicted";
  }
  return "unknown";
}

// One change to lease history. Events are produced in the order they happened; persisting them in that order
// (started → extended* → ended|evicted per lease) reproduces every lease's [started_at, end) interval.
struct LeaseEvent {
  std::string number;  // as the pool was built with (number id or E.164)
  std::string session_id;
  LeaseEventKind kind = LeaseEventKind::started;
  Timestamp at{};
  friend bool operator==(const LeaseEvent&, const LeaseEvent&) = default;
};

// A lease as persisted: enough to give the same session the same number after a restart.
struct PersistedLease {
  std::string session_id;
  std::string number;
  Timestamp started_at{};
  Timestamp last_seen{};
  friend bool operator==(const PersistedLease&, const PersistedLease&) = default;
};

// When a free number was last released (its last lease's end), and by whom. Numbers never released are
// simply absent: they are handed out first, in the pool's order.
struct NumberRelease {
  std::string number;
  Timestamp released_at{};
  std::string session_id;  // the last holder; empty when unknown. Lets that session get the number back.
  friend bool operator==(const NumberRelease&, const NumberRelease&) = default;
};

// Everything PoolAllocator needs to resume: open leases (oldest last_seen first) and releases (least recent
// first). Leases that had already ended by the time of a restore are fine: expire() ends them at their exact
// deadline.
struct PoolSnapshot {
  std::vector<PersistedLease> leases;
  std::vector<NumberRelease> releases;
  friend bool operator==(const PoolSnapshot&, const PoolSnapshot&) = default;
};

}  // namespace callsign::domain
