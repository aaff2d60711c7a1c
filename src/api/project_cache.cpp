#include "api/project_cache.hpp"

namespace callsign::api {

template <typename Read>
Result<std::optional<domain::Project>> ProjectCache::lookup(Index& index, const std::string& key,
                                                            storage::Store& store, Read read) {
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mutex_);
    if (auto it = index.find(key); it != index.end() && now - it->second.read_at < ttl_) return it->second.project;
  }
  auto found = store.read(read);
  if (!found) return fail(found.error());
  if (*found) {
    std::lock_guard lock(mutex_);
    if (index.size() >= kMaxEntries) index.clear();
    index.insert_or_assign(key, Entry{**found, now});
  }
  return std::move(*found);
}

Result<std::optional<domain::Project>> ProjectCache::by_api_key_hash(const std::string& hash, storage::Store& store) {
  return lookup(by_key_hash_, hash, store,
                [&](domain::Repositories& repos) { return repos.projects().find_by_api_key_hash(hash); });
}

Result<std::optional<domain::Project>> ProjectCache::by_id(const std::string& id, storage::Store& store) {
  return lookup(by_id_, id, store, [&](domain::Repositories& repos) { return repos.projects().find(id); });
}

Result<std::optional<domain::Project>> ProjectCache::by_public_key(const std::string& public_key,
                                                                   storage::Store& store) {
  return lookup(by_public_key_, public_key, store,
                [&](domain::Repositories& repos) { return repos.projects().find_by_public_key(public_key); });
}

void ProjectCache::forget(const std::string& project_id) {
  std::lock_guard lock(mutex_);
  for (Index* index : {&by_key_hash_, &by_id_, &by_public_key_})
    std::erase_if(*index, [&](const auto& entry) { return entry.second.project.id == project_id; });
}

}  // namespace callsign::api
