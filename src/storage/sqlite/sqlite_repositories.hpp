#pragma once
// The SQLite repositories bound to one connection: one unit of work's view of the database.
// Used by one thread at a time, like its connection.
#include <cstddef>

#include "domain/repositories.hpp"
#include "storage/sqlite/call_repository.hpp"
#include "storage/sqlite/call_rollup_repository.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/cost_repository.hpp"
#include "storage/sqlite/deal_repository.hpp"
#include "storage/sqlite/lease_repository.hpp"
#include "storage/sqlite/number_repository.hpp"
#include "storage/sqlite/outbox_repository.hpp"
#include "storage/sqlite/pool_repository.hpp"
#include "storage/sqlite/project_repository.hpp"
#include "storage/sqlite/report_repository.hpp"
#include "storage/sqlite/routing_repository.hpp"
#include "storage/sqlite/session_repository.hpp"
#include "storage/sqlite/telephony_event_repository.hpp"

namespace callsign::storage::sqlite {

class SqliteRepositories final : public domain::Repositories {
 public:
  // writer: the connection that makes every change (the group-commit writer). Its repositories may keep in memory
  // what they read and wrote, as long as forget_cached() follows every rollback.
  enum class Caches { none, writer };
  static constexpr std::size_t kCachedTelephonyCalls = 1024;

  explicit SqliteRepositories(Connection& connection, Caches caches = Caches::none)
      : connection_(connection),
        projects_(connection),
        numbers_(connection),
        calls_(connection),
        pools_(connection),
        sessions_(connection),
        leases_(connection),
        routing_(connection),
        telephony_events_(connection),
        costs_(connection),
        deals_(connection),
        reports_(connection),
        call_rollup_(connection),
        outbox_(connection) {
    if (caches == Caches::writer) telephony_events_.keep_recent_calls(kCachedTelephonyCalls);
  }

  // After a rollback (to a savepoint too): forgets whatever the repositories cached of the changes it undid.
  void forget_cached() { telephony_events_.forget_cached(); }

  domain::ProjectRepository& projects() override { return projects_; }
  domain::NumberRepository& numbers() override { return numbers_; }
  domain::CallRepository& calls() override { return calls_; }
  domain::PoolRepository& pools() override { return pools_; }
  domain::SessionRepository& sessions() override { return sessions_; }
  domain::LeaseRepository& leases() override { return leases_; }
  domain::RoutingRepository& routing() override { return routing_; }
  domain::TelephonyEventRepository& telephony_events() override { return telephony_events_; }
  domain::CostRepository& costs() override { return costs_; }
  domain::DealRepository& deals() override { return deals_; }
  domain::ReportRepository& reports() override { return reports_; }
  domain::CallRollupRepository& call_rollup() override { return call_rollup_; }
  domain::OutboxRepository& outbox() override { return outbox_; }

  Connection& connection() { return connection_; }

 private:
  Connection& connection_;
  SqliteProjectRepository projects_;
  SqliteNumberRepository numbers_;
  SqliteCallRepository calls_;
  SqlitePoolRepository pools_;
  SqliteSessionRepository sessions_;
  SqliteLeaseRepository leases_;
  SqliteRoutingRepository routing_;
  SqliteTelephonyEventRepository telephony_events_;
  SqliteCostRepository costs_;
  SqliteDealRepository deals_;
  SqliteReportRepository reports_;
  SqliteCallRollupRepository call_rollup_;
  SqliteOutboxRepository outbox_;
};

}  // namespace callsign::storage::sqlite
