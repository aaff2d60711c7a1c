#pragma once
// Pool advice answered in the last few minutes, by what it was computed from. Replaying 14 days of a busy pool
// takes seconds to minutes (50,000 sessions a day: ~100 s of one core), and the answer barely moves in minutes;
// the dashboard asks each time the Numbers page opens. Thread-safe.
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "common/time.hpp"

namespace callsign::api {

class AdviceCache {
 public:
  explicit AdviceCache(std::chrono::seconds keep = std::chrono::minutes(10)) : keep_(keep) {}

  // The advice stored under `key` less than `keep` before `now` (or after it); nullopt otherwise.
  std::optional<nlohmann::json> find(const std::string& key, Timestamp now) const;
  // Stores `advice` under `key` as of `now`, and forgets entries older than `keep`.
  void store(const std::string& key, nlohmann::json advice, Timestamp now);

 private:
  struct Entry {
    nlohmann::json advice;
    Timestamp stored_at{};
  };
  std::chrono::seconds keep_;
  mutable std::mutex mutex_;
  std::map<std::string, Entry> entries_;
};

}  // namespace callsign::api
