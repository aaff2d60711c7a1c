#pragma once
// TelephonyEventRepository on one SQLite connection (table `telephony_events`, parameters as a JSON object).
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/repositories.hpp"
#include "storage/sqlite/connection.hpp"

namespace callsign::storage::sqlite {

class SqliteTelephonyEventRepository final : public domain::TelephonyEventRepository {
 public:
  explicit SqliteTelephonyEventRepository(Connection& connection) : db_(connection) {}

  Result<bool> add(const domain::TelephonyEvent& event) override;
  // A row whose parameters cannot be read is Error{internal} naming it.
  Result<std::vector<domain::TelephonyEvent>> for_call(const std::string& call_sid) override;

  // Keeps the events of up to `calls` calls in memory once read, and the events added to them since, so that a
  // call's next webhook parses none of its stored parameters again. For the writing connection only, and right
  // only while every change to the table is made through this repository: call forget_cached() after any rollback
  // (a rolled-back row's id is given out again). A cached call is served only while the table still holds as many
  // rows for it, the last with the id cached (read from the index alone) — so rows that a project's deletion
  // cascaded away are read, not served. 0 (the default): no cache.
  void keep_recent_calls(std::size_t calls) { cache_capacity_ = calls; }
  void forget_cached() { cache_.clear(); }

 private:
  struct CachedCall {
    std::int64_t last_id = 0;
    std::vector<domain::TelephonyEvent> events;
  };
  // Whether `cached` is still what the table holds for `call_sid`.
  Result<bool> still_stored(const std::string& call_sid, const CachedCall& cached);

  Connection& db_;
  std::size_t cache_capacity_ = 0;
  std::unordered_map<std::string, CachedCall> cache_;  // by call_sid
};

}  // namespace callsign::storage::sqlite
