#pragma once
// Projects as the request path sees them, kept for a moment. Every authenticated request needs its project
// (the api key → project lookup, then its settings); reading and decoding the settings from the store on every
// request cost more than the rest of the authentication. Thread-safe.
//
// Freshness: a change made through this process (PATCH, key rotation) calls forget() and is seen by the next
// request. A change made by another process sharing the store is seen within `ttl`.
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "common/result.hpp"
#include "domain/project.hpp"
#include "storage/store.hpp"

namespace callsign::api {

class ProjectCache {
 public:
  explicit ProjectCache(std::chrono::milliseconds ttl = std::chrono::seconds(1)) : ttl_(ttl) {}

  // The project whose api key has SHA-256 `hash`; nullopt when none. Errors: the store's read errors.
  Result<std::optional<domain::Project>> by_api_key_hash(const std::string& hash, storage::Store& store);
  // The project with this id; nullopt when none.
  Result<std::optional<domain::Project>> by_id(const std::string& id, storage::Store& store);
  // The project with this public key; nullopt when none.
  Result<std::optional<domain::Project>> by_public_key(const std::string& public_key, storage::Store& store);

  // Drops everything known about the project, so the next lookup reads the store.
  void forget(const std::string& project_id);

 private:
  struct Entry {
    domain::Project project;
    std::chrono::steady_clock::time_point read_at;
  };
  using Index = std::unordered_map<std::string, Entry>;
  template <typename Read>
  Result<std::optional<domain::Project>> lookup(Index& index, const std::string& key, storage::Store& store,
                                                Read read);

  // Unknown keys are not remembered, so the maps hold at most the live projects' keys; the bound only guards
  // against a store with very many projects.
  static constexpr std::size_t kMaxEntries = 10000;
  const std::chrono::milliseconds ttl_;
  std::mutex mutex_;
  Index by_key_hash_, by_id_, by_public_key_;
};

}  // namespace callsign::api
