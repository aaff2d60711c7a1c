#include "domain/pool_allocator.hpp"

#include <algorithm>
#include <utility>

namespace callsign::domain {

Result<PoolAllocator> PoolAllocator::create(std::vector<std::string> numbers, PoolPolicy policy) {
  if (policy.hold <= std::chrono::milliseconds::zero()) {
    return fail(Error::invalid("hold_seconds", "The hold time must be positive."));
  }
  if (numbers.size() >= kNone) return fail(Error::invalid("numbers", "The pool has too many numbers."));
  std::unordered_map<std::string_view, std::size_t> seen;
  seen.reserve(numbers.size());
  for (const auto& n : numbers) {
    if (!seen.emplace(n, 0).second) return fail(Error::invalid("numbers", "The number " + n + " is listed twice."));
  }
  return PoolAllocator(std::move(numbers), policy);
}

PoolAllocator::PoolAllocator(std::vector<std::string> numbers, PoolPolicy policy)
    : policy_(policy), latest_(Timestamp::min()) {
  slots_.resize(numbers.size());
  for (std::size_t i = 0; i < numbers.size(); ++i) slots_[i].number = std::move(numbers[i]);
  sessions_.reserve(slots_.size());
  reset_lease_state();
}

void PoolAllocator::reset_lease_state() {
  sessions_.clear();
  free_ = List{};
  leased_ = List{};
  for (std::uint32_t i = 0; i < slots_.size(); ++i) {
    Slot& s = slots_[i];
    s.session.clear();
    s.started_at = s.last_seen = s.released_at = Timestamp{};
    s.leased = s.ever_released = s.indexed = false;
    link_back(free_, i);
  }
}

Timestamp PoolAllocator::advance(Timestamp now) {
  if (now > latest_) latest_ = now;
  return latest_;
}

void PoolAllocator::link_back(List& list, std::uint32_t index) {
  Slot& s = slots_[index];
  s.prev = list.tail;
  s.next = kNone;
  if (list.tail != kNone) {
    slots_[list.tail].next = index;
  } else {
    list.head = index;
  }
  list.tail = index;
  ++list.count;
}

void PoolAllocator::unlink(List& list, std::uint32_t index) {
  Slot& s = slots_[index];
  if (s.prev != kNone) {
    slots_[s.prev].next = s.next;
  } else {
    list.head = s.next;
  }
  if (s.next != kNone) {
    slots_[s.next].prev = s.prev;
  } else {
    list.tail = s.prev;
  }
  s.prev = s.next = kNone;
  --list.count;
}

void PoolAllocator::unindex(Slot& slot) {
  if (!slot.indexed) return;
  sessions_.erase(std::string_view(slot.session));
  slot.indexed = false;
}

Allocation PoolAllocator::allocation_of(const Slot& slot, bool started, std::optional<std::string> evicted) const {
  return Allocation{slot.number, started, std::move(evicted), deadline(slot)};
}

// Puts `index` (already off every list) on leased_ for `session_id`. The slot's previous holder, if another
// session, is forgotten: from now on the number is this session's.
void PoolAllocator::start_lease(std::uint32_t index, std::string_view session_id, Timestamp now,
                                std::vector<LeaseEvent>& events) {
  Slot& s = slots_[index];
  if (!s.indexed || s.session != session_id) {
    unindex(s);
    s.session.assign(session_id);  // reuses the old holder's buffer when it fits
    sessions_.emplace(std::string_view(s.session), index);
    s.indexed = true;
  }
  s.leased = true;
  s.started_at = s.last_seen = now;
  link_back(leased_, index);
  ++allocations_total_;
  peak_in_use_ = std::max(peak_in_use_, leased_.count);
  events.push_back(LeaseEvent{s.number, s.session, LeaseEventKind::started, now});
}

std::size_t PoolAllocator::expire(Timestamp now, std::vector<LeaseEvent>& events) {
  now = advance(now);
  std::size_t ended = 0;
  while (leased_.head != kNone) {
    const std::uint32_t index = leased_.head;
    Slot& s = slots_[index];
    const Timestamp end = deadline(s);
    if (end > now) break;
    unlink(leased_, index);
    s.leased = false;
    s.released_at = end;
    s.ever_released = true;
    link_back(free_, index);  // deadlines come in order, so free_ stays in release order
    events.push_back(LeaseEvent{s.number, s.session, LeaseEventKind::ended, end});
    ++ended;
  }
  return ended;
}

tl::expected<Allocation, NoNumber> PoolAllocator::allocate(std::string_view session_id, Timestamp now,
                                                           std::vector<LeaseEvent>& events) {
  now = advance(now);
  expire(now, events);

  if (const auto it = sessions_.find(session_id); it != sessions_.end()) {
    const std::uint32_t index = it->second;
    Slot& s = slots_[index];
    if (s.leased) {  // live: expire() just ran
      s.last_seen = now;
      unlink(leased_, index);
      link_back(leased_, index);
      events.push_back(LeaseEvent{s.number, s.session, LeaseEventKind::extended, now});
      return allocation_of(s, false, std::nullopt);
    }
    // Its own number is still free: give it back rather than show the visitor a different one.
    unlink(free_, index);
    start_lease(index, session_id, now, events);
    return allocation_of(s, true, std::nullopt);
  }

  if (free_.head != kNone) {
    const std::uint32_t index = free_.head;
    unlink(free_, index);
    start_lease(index, session_id, now, events);
    return allocation_of(slots_[index], true, std::nullopt);
  }

  ++exhausted_total_;
  if (slots_.empty()) return tl::unexpected(NoNumber{NoNumberReason::empty_pool});
  if (policy_.when_exhausted == WhenExhausted::default_number) {
    return tl::unexpected(NoNumber{NoNumberReason::exhausted});
  }

  // reuse_oldest: every number is leased and live; the head of leased_ has been idle longest.
  const std::uint32_t index = leased_.head;
  Slot& s = slots_[index];
  std::string evicted = s.session;
  events.push_back(LeaseEvent{s.number, evicted, LeaseEventKind::evicted, now});
  unlink(leased_, index);
  s.leased = false;
  ++evictions_total_;
  start_lease(index, session_id, now, events);
  return allocation_of(s, true, std::move(evicted));
}

bool PoolAllocator::touch(std::string_view session_id, Timestamp now, std::vector<LeaseEvent>& events) {
  now = advance(now);
  const auto it = sessions_.find(session_id);
  if (it == sessions_.end()) return false;
  const std::uint32_t index = it->second;
  Slot& s = slots_[index];
  if (!s.leased || deadline(s) <= now) return false;  // ended, even if expire() has not noticed yet
  s.last_seen = now;
  unlink(leased_, index);
  link_back(leased_, index);  // now >= every last_seen, so the list stays in last_seen order
  events.push_back(LeaseEvent{s.number, s.session, LeaseEventKind::extended, now});
  return true;
}

bool PoolAllocator::release(std::string_view session_id, Timestamp now, std::vector<LeaseEvent>& events) {
  return touch(session_id, now, events);
}

std::size_t PoolAllocator::in_use(Timestamp now) const {
  now = std::max(now, latest_);
  std::size_t due = 0;
  for (std::uint32_t i = leased_.head; i != kNone && deadline(slots_[i]) <= now; i = slots_[i].next) ++due;
  return leased_.count - due;
}

PoolStats PoolAllocator::stats(Timestamp now) const {
  PoolStats st;
  st.size = slots_.size();
  st.in_use = in_use(now);
  st.peak_in_use = std::max(peak_in_use_, st.in_use);  // restored leases count too
  st.exhausted_total = exhausted_total_;
  st.allocations_total = allocations_total_;
  st.evictions_total = evictions_total_;
  return st;
}

PoolSnapshot PoolAllocator::snapshot() const {
  PoolSnapshot snap;
  snap.leases.reserve(leased_.count);
  for (std::uint32_t i = leased_.head; i != kNone; i = slots_[i].next) {
    const Slot& s = slots_[i];
    snap.leases.push_back(PersistedLease{s.session, s.number, s.started_at, s.last_seen});
  }
  for (std::uint32_t i = free_.head; i != kNone; i = slots_[i].next) {
    const Slot& s = slots_[i];
    if (!s.ever_released) continue;
    snap.releases.push_back(NumberRelease{s.number, s.released_at, s.indexed ? s.session : std::string{}});
  }
  return snap;
}

Result<std::size_t> PoolAllocator::restore(const PoolSnapshot& snapshot) {
  std::unordered_map<std::string_view, std::uint32_t> by_number;
  by_number.reserve(slots_.size());
  for (std::uint32_t i = 0; i < slots_.size(); ++i) by_number.emplace(slots_[i].number, i);

  // Validate everything before touching any state.
  std::size_t skipped = 0;
  std::vector<std::pair<std::uint32_t, const PersistedLease*>> leases;
  std::vector<char> number_leased(slots_.size(), 0);
  std::unordered_map<std::string_view, char> lease_sessions;
  for (const auto& l : snapshot.leases) {
    const auto it = by_number.find(l.number);
    if (it == by_number.end()) {
      ++skipped;
      continue;
    }
    if (number_leased[it->second]) {
      return fail(Error::invalid("leases", "The number " + l.number + " is leased twice."));
    }
    if (!lease_sessions.emplace(l.session_id, 0).second) {
      return fail(Error::invalid("leases", "The session " + l.session_id + " holds two leases."));
    }
    number_leased[it->second] = 1;
    leases.emplace_back(it->second, &l);
  }
  std::vector<std::pair<std::uint32_t, const NumberRelease*>> releases;
  std::vector<char> number_released(slots_.size(), 0);
  for (const auto& r : snapshot.releases) {
    const auto it = by_number.find(r.number);
    if (it == by_number.end()) {
      ++skipped;
      continue;
    }
    if (number_released[it->second]) {
      return fail(Error::invalid("releases", "The number " + r.number + " is released twice."));
    }
    number_released[it->second] = 1;
    if (!number_leased[it->second]) releases.emplace_back(it->second, &r);
  }

  // Rebuild: never-used numbers first in pool order, then releases least recent first, then leases by
  // last_seen. Ties keep the input order, which for a snapshot() is the order the allocator itself had.
  std::stable_sort(releases.begin(), releases.end(),
                   [](const auto& a, const auto& b) { return a.second->released_at < b.second->released_at; });
  std::stable_sort(leases.begin(), leases.end(),
                   [](const auto& a, const auto& b) { return a.second->last_seen < b.second->last_seen; });

  reset_lease_state();  // every number free and never used, in pool order
  for (const auto& [index, r] : releases) {
    Slot& s = slots_[index];
    unlink(free_, index);
    link_back(free_, index);  // after the never-used ones, least recently released first
    s.released_at = r->released_at;
    s.ever_released = true;
    // A session that also holds a live lease, or that released a later number too, keeps only that one.
    if (!r->session_id.empty() && !lease_sessions.contains(r->session_id)) {
      s.session = r->session_id;
      const auto [it, inserted] = sessions_.emplace(std::string_view(s.session), index);
      if (!inserted) {  // releases are sorted: the earlier one gives way
        slots_[it->second].indexed = false;
        sessions_.erase(it);
        sessions_.emplace(std::string_view(s.session), index);
      }
      s.indexed = true;
    }
    latest_ = std::max(latest_, s.released_at);
  }
  for (const auto& [index, l] : leases) {
    Slot& s = slots_[index];
    unlink(free_, index);
    link_back(leased_, index);  // longest idle first
    s.session = l->session_id;
    s.started_at = l->started_at;
    s.last_seen = l->last_seen;
    s.leased = true;
    s.indexed = true;
    sessions_.emplace(std::string_view(s.session), index);
    latest_ = std::max(latest_, s.last_seen);
  }
  return skipped;
}

}  // namespace callsign::domain
