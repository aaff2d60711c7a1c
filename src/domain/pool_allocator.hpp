#pragma once
// PoolAllocator: which number of ONE pool a visitor session sees (dynamic number insertion, DESIGN.md §1, §4).
//
// Rules:
//  * A session keeps its number while it is live: allocate() and touch() set last_seen = now, and the lease is
//    live while now < last_seen + hold (half-open; see domain/lease.hpp).
//  * A new session gets the free number released LEAST recently (never-used numbers first, in pool order), so
//    a number goes back into circulation as late as possible and a late caller who saved it still reaches
//    the session that showed it, or is at least inside the caller-memory window of it.
//    One exception: a session whose own expired number is still free gets that number back — its previous
//    holder is that same session, so nothing is lost and the number on the visitor's page stays right.
//  * No free number: reuse_oldest hands over the number whose lease has been idle longest (smallest
//    last_seen) and reports the evicted session; default_number returns no number (the page keeps the site's
//    own number). Either way the request counts in exhausted_total — that is the "pool too small" signal.
//
// Pure domain logic: no I/O, no clock. `now` is passed in and must not go backwards; an earlier `now` is
// treated as the latest one seen (a wall clock stepping back must not reorder leases).
//
// Every mutating call appends the lease events it causes to `events` (never clears it), in the order they
// happened, for the caller to persist. Expiry is lazy: allocate() and expire() end due leases first.
//
// Cost: allocate, touch, release: O(1) amortized (one hash lookup) plus O(1) per lease that ends.
// expire: O(1 + ended). in_use(now): O(1 + leases due by now). snapshot/restore: O(n log n).
// Memory: O(pool size) — at most one remembered session per number; history lives in the database.
//
// Thread safety: none. One pool is driven by one strand or mutex outside; const members are safe to call
// concurrently with each other only.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <tl/expected.hpp>

#include "common/result.hpp"
#include "common/time.hpp"
#include "domain/lease.hpp"

namespace callsign::domain {

enum class WhenExhausted { reuse_oldest, default_number };

struct PoolPolicy {
  std::chrono::milliseconds hold{std::chrono::seconds{900}};  // the pool's hold_seconds; must be > 0
  WhenExhausted when_exhausted = WhenExhausted::reuse_oldest;
};

// A number for a session.
struct Allocation {
  std::string number;
  bool started = true;  // false: the session already held this number and its lease was extended
  std::optional<std::string> evicted_session;  // reuse_oldest took the number from this session
  Timestamp expires_at{};                      // last_seen + hold: the lease ends here unless seen again
};

enum class NoNumberReason {
  exhausted,   // every number is leased and the policy is default_number
  empty_pool,  // the pool has no numbers
};

struct NoNumber {
  NoNumberReason reason = NoNumberReason::exhausted;
};

struct PoolStats {
  std::size_t size = 0;
  std::size_t in_use = 0;                 // live leases at `now`
  std::size_t peak_in_use = 0;            // most live leases at once since construction
  std::uint64_t exhausted_total = 0;      // new-session requests that found no free number (any policy)
  std::uint64_t allocations_total = 0;    // leases started (new sessions, handovers, returning sessions)
  std::uint64_t evictions_total = 0;      // handovers by reuse_oldest
};

class PoolAllocator {
 public:
  // `numbers`: the pool's numbers (number ids or E.164), in the order never-used numbers are handed out.
  // Error{invalid, field "hold_seconds"} when policy.hold <= 0; Error{invalid, field "numbers"} on a duplicate.
  // An empty pool is valid: every allocation then reports NoNumberReason::empty_pool.
  static Result<PoolAllocator> create(std::vector<std::string> numbers, PoolPolicy policy);

  // Movable, not copyable (the session index points into the allocator's own storage).
  PoolAllocator(PoolAllocator&&) noexcept = default;
  PoolAllocator& operator=(PoolAllocator&&) noexcept = default;
  PoolAllocator(const PoolAllocator&) = delete;
  PoolAllocator& operator=(const PoolAllocator&) = delete;
  ~PoolAllocator() = default;

  // The number leased to `session_id` at `now`. Ends due leases first (their `ended` events come first).
  // A live session: same number, last_seen = now, event `extended`, Allocation::started = false.
  // Otherwise a new lease (event `started`), taken by the rules above; a handover also appends `evicted`
  // for the previous holder before `started`. No number: NoNumber with its reason; no lease event.
  tl::expected<Allocation, NoNumber> allocate(std::string_view session_id, Timestamp now,
                                              std::vector<LeaseEvent>& events);

  // A ping: last_seen = now (event `extended`). False, with no event, when the session has no live lease at
  // `now` (unknown, expired — even if expiry has not been processed yet — or evicted).
  bool touch(std::string_view session_id, Timestamp now, std::vector<LeaseEvent>& events);

  // The session says it is leaving (sendBeacon). Its lease is NOT shortened: it stays until now + hold,
  // exactly like a last ping, because a visitor who leaves the page holding the number is the likeliest
  // caller of the next minutes — the hold is what protects them. Same result and event as touch().
  bool release(std::string_view session_id, Timestamp now, std::vector<LeaseEvent>& events);

  // Ends every lease whose deadline (last_seen + hold) is <= now, in deadline order, appending `ended`
  // events stamped with that deadline; the numbers become free in the same order. Returns how many ended.
  std::size_t expire(Timestamp now, std::vector<LeaseEvent>& events);

  std::size_t size() const { return slots_.size(); }
  std::size_t in_use(Timestamp now) const;  // live leases at `now`, whether or not expire() has run
  PoolStats stats(Timestamp now) const;
  const PoolPolicy& policy() const { return policy_; }

  // The state to persist or to carry into a rebuilt allocator (restore()). Leases not yet expired by
  // expire() are included as leases.
  PoolSnapshot snapshot() const;

  // Replaces all lease state with `snapshot` (counters are kept), e.g. after a restart, so the same sessions
  // keep the same numbers; call expire(now) next to end the leases that ran out meanwhile. Leases and
  // releases of numbers not in this pool are skipped (a number removed while the server was down) and
  // counted in the return value. Leases and releases are ordered by last_seen / released_at; equal times keep
  // the input order (a snapshot's order is the allocator's own). Error{invalid, field "leases"} when a number
  // or a session appears in two leases, Error{invalid, field "releases"} when a number is released twice; on
  // error nothing changes. A release of a number that is also leased is ignored (the lease wins); a session
  // named by a lease and a release, or by two releases, is remembered only for its lease / latest release.
  Result<std::size_t> restore(const PoolSnapshot& snapshot);

 private:
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

  // Intrusive doubly linked list over slot indices. Every slot is on exactly one list: free_ (release
  // order: least recently released at the head) or leased_ (last_seen order: longest idle at the head).
  // Because the hold is the same for every lease, last_seen order is also deadline order, so both the
  // eviction victim and the next lease to expire are the head of leased_ — no heap needed.
  struct List {
    std::uint32_t head = kNone;
    std::uint32_t tail = kNone;
    std::size_t count = 0;
  };

  struct Slot {
    std::string number;
    std::string session;  // holder while leased; last holder while free (empty: never used)
    Timestamp started_at{};
    Timestamp last_seen{};
    Timestamp released_at{};
    bool leased = false;
    bool ever_released = false;  // released_at is meaningful
    bool indexed = false;        // sessions_ maps `session` to this slot
    std::uint32_t prev = kNone;
    std::uint32_t next = kNone;
  };

  PoolAllocator(std::vector<std::string> numbers, PoolPolicy policy);

  Timestamp advance(Timestamp now);
  Timestamp deadline(const Slot& slot) const { return slot.last_seen + policy_.hold; }
  void link_back(List& list, std::uint32_t index);
  void unlink(List& list, std::uint32_t index);
  void unindex(Slot& slot);
  void start_lease(std::uint32_t index, std::string_view session_id, Timestamp now, std::vector<LeaseEvent>& events);
  Allocation allocation_of(const Slot& slot, bool started, std::optional<std::string> evicted) const;
  void reset_lease_state();

  PoolPolicy policy_;
  std::vector<Slot> slots_;  // never resized after construction: sessions_ keys point into it
  // Session → its slot: the live lease, or the free number it held last (until someone else takes it).
  // Keys view Slot::session of the slot they map to.
  std::unordered_map<std::string_view, std::uint32_t> sessions_;
  List free_;
  List leased_;
  Timestamp latest_{};  // the latest `now` seen
  std::size_t peak_in_use_ = 0;
  std::uint64_t exhausted_total_ = 0;
  std::uint64_t allocations_total_ = 0;
  std::uint64_t evictions_total_ = 0;
};

}  // namespace callsign::domain
