#include "api/advice_cache.hpp"

namespace callsign::api {

std::optional<nlohmann::json> AdviceCache::find(const std::string& key, Timestamp now) const {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  // An entry stored after `now` (a request that waited while the answer was computed) is fresh too.
  if (it == entries_.end() || now - it->second.stored_at >= keep_) return std::nullopt;
  return it->second.advice;
}

void AdviceCache::store(const std::string& key, nlohmann::json advice, Timestamp now) {
  std::lock_guard lock(mutex_);
  std::erase_if(entries_, [&](const auto& entry) { return now - entry.second.stored_at >= keep_; });
  entries_.insert_or_assign(key, Entry{std::move(advice), now});
}

}  // namespace callsign::api
