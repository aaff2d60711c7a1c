#pragma once
// The storage ports the domain needs. Implementations live in src/storage/ (sqlite/ now, postgres/ later).
// Contract for every method: a storage failure returns Error{internal}; "not there" is an empty optional,
// never an error. A Repositories object is bound to one connection and used by one thread at a time; writes
// made through it become durable together when the unit of work that owns it commits.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "domain/call.hpp"
#include "domain/project.hpp"
#include "domain/tracking_number.hpp"

namespace callsign::domain {

class ProjectRepository {
 public:
  virtual ~ProjectRepository() = default;
  virtual Result<void> insert(const Project& project) = 0;
  // Replaces name and settings (and the api key hash, for rotation). Error{not_found} if absent.
  virtual Result<void> update(const Project& project) = 0;
  virtual Result<std::optional<Project>> find(const std::string& project_id) = 0;
  virtual Result<std::optional<Project>> find_by_api_key_hash(const std::string& api_key_hash) = 0;
  virtual Result<std::optional<Project>> find_by_public_key(const std::string& public_key) = 0;
  virtual Result<std::vector<Project>> list() = 0;  // oldest first
};

class NumberRepository {
 public:
  virtual ~NumberRepository() = default;
  // Error{conflict, field "number"} when the E.164 number is already used by any project.
  virtual Result<void> insert(const TrackingNumber& number) = 0;
  virtual Result<void> update(const TrackingNumber& number) = 0;
  virtual Result<bool> remove(const std::string& project_id, const std::string& number_id) = 0;  // false: absent
  virtual Result<std::optional<TrackingNumber>> find(const std::string& project_id, const std::string& number_id) = 0;
  virtual Result<std::optional<TrackingNumber>> find_by_number(const std::string& e164) = 0;  // in any project
  virtual Result<std::vector<TrackingNumber>> list(const std::string& project_id) = 0;       // oldest first
};

struct CallQuery {
  std::optional<Timestamp> from, to;  // started_at in [from, to)
  std::optional<std::string> channel;
  std::optional<CallStatus> status;
  std::optional<bool> target, unique;
  int limit = 50;
  // Keyset cursor: the (started_at, id) of the last call of the previous page; the next page is strictly older.
  std::optional<std::pair<Timestamp, std::string>> after;
};

class CallRepository {
 public:
  virtual ~CallRepository() = default;
  // Error{conflict, field "external_id"} if (project_id, external_id) exists.
  virtual Result<void> insert(const Call& call) = 0;
  virtual Result<void> update(const Call& call) = 0;  // every field, by id
  virtual Result<std::optional<Call>> find(const std::string& project_id, const std::string& call_id) = 0;
  virtual Result<std::optional<Call>> find_by_external_id(const std::string& project_id,
                                                          const std::string& external_id) = 0;
  // The caller's calls in the project with started_at >= since, ordered by starts_before().
  virtual Result<std::vector<Call>> caller_calls_since(const std::string& project_id, const std::string& caller,
                                                       Timestamp since) = 0;
  // Whether the caller has any call in the project with started_at < before.
  virtual Result<bool> caller_has_call_before(const std::string& project_id, const std::string& caller,
                                              Timestamp before) = 0;
  // Newest first (started_at desc, id desc); at most query.limit calls.
  virtual Result<std::vector<Call>> list(const std::string& project_id, const CallQuery& query) = 0;
};

// The repositories of one unit of work (a read snapshot, or one write transaction).
class Repositories {
 public:
  virtual ~Repositories() = default;
  virtual ProjectRepository& projects() = 0;
  virtual NumberRepository& numbers() = 0;
  virtual CallRepository& calls() = 0;
};

}  // namespace callsign::domain
