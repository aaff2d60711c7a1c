#include "sim/baseline_allocator.hpp"

#include <algorithm>

namespace callsign::sim {

BaselineAllocator::BaselineAllocator(std::size_t size, std::chrono::milliseconds hold, std::size_t sessions)
    : hold_(hold), slots_(size), slot_of_(sessions, -1) {
  for (std::uint32_t i = 0; i < size; ++i) free_.insert(i);
}

bool BaselineAllocator::current(const Due& due) const {
  const Slot& s = slots_[due.second];
  return s.leased && s.last_seen + hold_ == due.first;
}

void BaselineAllocator::expire(Timestamp now) {
  while (!due_.empty() && due_.top().first <= now) {
    const Due due = due_.top();
    due_.pop();
    if (!current(due)) continue;
    slots_[due.second].leased = false;
    free_.insert(due.second);
    --in_use_;
  }
}

std::optional<std::uint32_t> BaselineAllocator::allocate(std::int32_t session, Timestamp now) {
  if (slots_.empty()) return std::nullopt;
  expire(now);
  std::uint32_t index = 0;
  if (!free_.empty()) {
    index = *free_.begin();
    free_.erase(free_.begin());
    ++in_use_;
  } else {
    ++exhausted_;
    while (!current(due_.top())) due_.pop();
    index = due_.top().second;  // idle longest
    due_.pop();
  }
  Slot& s = slots_[index];
  if (s.holder >= 0 && slot_of_[static_cast<std::size_t>(s.holder)] == static_cast<std::int32_t>(index))
    slot_of_[static_cast<std::size_t>(s.holder)] = -1;
  s.holder = session;
  s.leased = true;
  s.last_seen = now;
  s.history.emplace_back(now, session);
  slot_of_[static_cast<std::size_t>(session)] = static_cast<std::int32_t>(index);
  due_.emplace(now + hold_, index);
  peak_ = std::max(peak_, in_use_);
  return index;
}

void BaselineAllocator::touch(std::int32_t session, Timestamp now) {
  expire(now);
  const std::int32_t index = slot_of_[static_cast<std::size_t>(session)];
  if (index < 0) return;
  Slot& s = slots_[static_cast<std::size_t>(index)];
  if (!s.leased || s.holder != session) return;
  s.last_seen = now;
  due_.emplace(now + hold_, static_cast<std::uint32_t>(index));
}

std::int32_t BaselineAllocator::last_holder(std::uint32_t slot, Timestamp t) const {
  const auto& h = slots_[slot].history;
  auto it = std::upper_bound(h.begin(), h.end(), t, [](Timestamp at, const auto& e) { return at < e.first; });
  return it == h.begin() ? -1 : std::prev(it)->second;
}

}  // namespace callsign::sim
