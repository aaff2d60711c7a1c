// SqliteRoutingRepository: operators, groups and plans round-trip with every field empty and set, are scoped to
// their project and listed oldest first, ids are unique, the project must exist, updates by id, removal (a plan's
// round-robin position goes with it); the round-robin position reads 0 until stored. Numbers and pools keep their
// routing_plan_id.
#include <sqlite3.h>

#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/migrations.hpp"
#include "storage_test_support.hpp"

namespace callsign::storage::testing {
namespace {

using domain::Fallback;
using domain::OperatorGroup;
using domain::OperatorRecord;
using domain::RoutingMember;
using domain::RoutingPlanRecord;
using domain::RoutingStrategy;

OperatorRecord sample_operator(const std::string& project_id, const std::string& suffix,
                               std::int64_t created_ms = 1'700'000'400'000) {
  OperatorRecord op;
  op.id = "op_" + suffix;
  op.project_id = project_id;
  op.name = "Operator " + suffix;
  op.destination = "+12125550200";
  op.created_at = at_ms(created_ms);
  return op;
}

OperatorGroup sample_group(const std::string& project_id, const std::string& suffix,
                           std::int64_t created_ms = 1'700'000'500'000) {
  OperatorGroup g;
  g.id = "grp_" + suffix;
  g.project_id = project_id;
  g.name = "Group " + suffix;
  g.created_at = at_ms(created_ms);
  return g;
}

RoutingPlanRecord sample_plan(const std::string& project_id, const std::string& suffix,
                              std::int64_t created_ms = 1'700'000'600'000) {
  RoutingPlanRecord p;
  p.id = "plan_" + suffix;
  p.project_id = project_id;
  p.name = "Plan " + suffix;
  p.created_at = at_ms(created_ms);
  return p;
}

RoutingPlanRecord full_plan(const std::string& project_id, const std::string& suffix) {
  RoutingPlanRecord p = sample_plan(project_id, suffix);
  p.name = "Sales — \"main line\"";
  p.strategy = RoutingStrategy::round_robin;
  p.members = {{RoutingMember::Kind::group_id, "grp_sales"},
               {RoutingMember::Kind::operator_id, "op_lead"},
               {RoutingMember::Kind::operator_id, "op_night"}};
  p.ring_seconds = 35;
  domain::WorkingHours hours;
  hours.days[0] = {{9 * 60, 12 * 60}, {13 * 60, 18 * 60}};
  hours.days[5] = {{10 * 60, 24 * 60}};
  p.schedule = hours;
  p.off_hours = Fallback{Fallback::Kind::forward, "sip:night@pbx.example.com"};
  p.no_answer = Fallback{Fallback::Kind::voicemail, ""};
  return p;
}

class RoutingRepositoryTest : public RepositoryTest<domain::RoutingRepository, &domain::Repositories::routing> {
 protected:
  template <class Fn>
  auto read(Fn fn) {
    auto r = store_->read([&](domain::Repositories& repos) { return fn(repos.routing()); });
    EXPECT_TRUE(r) << r.error().message;
    using Value = typename decltype(r)::value_type;
    return r ? std::move(*r) : Value{};
  }
  template <class Records>
  static std::vector<std::string> ids(const Records& records) {
    std::vector<std::string> out;
    for (const auto& r : records) out.push_back(r.id);
    return out;
  }
};

TEST_F(RoutingRepositoryTest, OperatorsRoundTripAndAreScopedToTheirProject) {
  OperatorRecord desk = sample_operator("prj_a", "desk");
  desk.destination = "sip:desk@pbx.example.com";
  desk.active = false;
  const OperatorRecord ann = sample_operator("prj_a", "ann");
  ASSERT_TRUE(write([&](domain::RoutingRepository& repo) -> Result<void> {
    if (auto r = repo.insert_operator(desk); !r) return r;
    return repo.insert_operator(ann);
  }));
  EXPECT_EQ(read([](auto& repo) { return repo.find_operator("prj_a", "op_desk"); }), desk);
  EXPECT_EQ(read([](auto& repo) { return repo.find_operator("prj_a", "op_ann"); }), ann);
  EXPECT_FALSE(read([](auto& repo) { return repo.find_operator("prj_b", "op_desk"); }));
  EXPECT_FALSE(read([](auto& repo) { return repo.find_operator("prj_a", "op_ghost"); }));
  EXPECT_TRUE(read([](auto& repo) { return repo.list_operators("prj_b"); }).empty());
}

TEST_F(RoutingRepositoryTest, ListsAreOldestFirstWithInsertionOrderOnTies) {
  ASSERT_TRUE(write([&](domain::RoutingRepository& repo) -> Result<void> {
    for (const auto& op : {sample_operator("prj_a", "late", 3000), sample_operator("prj_a", "early", 1000),
                           sample_operator("prj_b", "other", 2000), sample_operator("prj_a", "tie_1", 2000),
                           sample_operator("prj_a", "tie_0", 2000)})
      if (auto r = repo.insert_operator(op); !r) return r;
    for (const auto& g : {sample_group("prj_a", "2", 20), sample_group("prj_a", "1", 10)})
      if (auto r = repo.insert_group(g); !r) return r;
    for (const auto& p : {sample_plan("prj_a", "2", 20), sample_plan("prj_b", "x", 5), sample_plan("prj_a", "1", 10)})
      if (auto r = repo.insert_plan(p); !r) return r;
    return {};
  }));
  EXPECT_EQ(ids(read([](auto& repo) { return repo.list_operators("prj_a"); })),
            (std::vector<std::string>{"op_early", "op_tie_1", "op_tie_0", "op_late"}));
  EXPECT_EQ(ids(read([](auto& repo) { return repo.list_groups("prj_a"); })),
            (std::vector<std::string>{"grp_1", "grp_2"}));
  EXPECT_EQ(ids(read([](auto& repo) { return repo.list_plans("prj_a"); })),
            (std::vector<std::string>{"plan_1", "plan_2"}));
  EXPECT_EQ(ids(read([](auto& repo) { return repo.list_plans("prj_b"); })), std::vector<std::string>{"plan_x"});
}

TEST_F(RoutingRepositoryTest, GroupsKeepTheirOperatorsInOrder) {
  OperatorGroup sales = sample_group("prj_a", "sales");
  sales.operator_ids = {"op_c", "op_a", "op_b"};
  const OperatorGroup empty = sample_group("prj_a", "empty");
  ASSERT_TRUE(write([&](domain::RoutingRepository& repo) -> Result<void> {
    if (auto r = repo.insert_group(sales); !r) return r;
    return repo.insert_group(empty);
  }));
  EXPECT_EQ(read([](auto& repo) { return repo.find_group("prj_a", "grp_sales"); }), sales);
  EXPECT_EQ(read([](auto& repo) { return repo.find_group("prj_a", "grp_empty"); }), empty);
  EXPECT_FALSE(read([](auto& repo) { return repo.find_group("prj_b", "grp_sales"); }));

  OperatorGroup renamed = sales;
  renamed.name = "Sales (EU)";
  renamed.operator_ids = {"op_b"};
  renamed.created_at = at_ms(1);  // not updatable
  ASSERT_TRUE(write([&](domain::RoutingRepository& repo) { return repo.update_group(renamed); }));
  OperatorGroup want = renamed;
  want.created_at = sales.created_at;
  EXPECT_EQ(read([](auto& repo) { return repo.find_group("prj_a", "grp_sales"); }), want);
}

TEST_F(RoutingRepositoryTest, PlansRoundTripEveryFieldEmptyAndSet) {
  const RoutingPlanRecord plain = sample_plan("prj_a", "plain");
  const RoutingPlanRecord full = full_plan("prj_a", "full");
  ASSERT_TRUE(write([&](domain::RoutingRepository& repo) -> Result<void> {
    if (auto r = repo.insert_plan(plain); !r) return r;
    return repo.insert_plan(full);
  }));
  auto got_plain = read([](auto& repo) { return repo.find_plan("prj_a", "plan_plain"); });
  ASSERT_TRUE(got_plain);
  EXPECT_EQ(*got_plain, plain);
  EXPECT_FALSE(got_plain->schedule || got_plain->off_hours || got_plain->no_answer);
  EXPECT_EQ(read([](auto& repo) { return repo.find_plan("prj_a", "plan_full"); }), full);
  EXPECT_FALSE(read([](auto& repo) { return repo.find_plan("prj_b", "plan_full"); }));
}

TEST_F(RoutingRepositoryTest, UpdatesChangeEverythingButIdentityAndCreation) {
  const OperatorRecord op = sample_operator("prj_a", "1");
  const RoutingPlanRecord plan = sample_plan("prj_a", "1");
  ASSERT_TRUE(write([&](domain::RoutingRepository& repo) -> Result<void> {
    if (auto r = repo.insert_operator(op); !r) return r;
    return repo.insert_plan(plan);
  }));

  OperatorRecord next_op = op;
  next_op.name = "Ann (desk)";
  next_op.destination = "sip:ann@pbx.example.com";
  next_op.active = false;
  next_op.created_at = at_ms(7);
  RoutingPlanRecord next_plan = full_plan("prj_a", "1");
  next_plan.created_at = at_ms(7);
  ASSERT_TRUE(write([&](domain::RoutingRepository& repo) -> Result<void> {
    if (auto r = repo.update_operator(next_op); !r) return r;
    return repo.update_plan(next_plan);
  }));
  next_op.created_at = op.created_at;
  next_plan.created_at = plan.created_at;
  EXPECT_EQ(read([](auto& repo) { return repo.find_operator("prj_a", "op_1"); }), next_op);
  EXPECT_EQ(read([](auto& repo) { return repo.find_plan("prj_a", "plan_1"); }), next_plan);

  ASSERT_TRUE(write([&](domain::RoutingRepository& repo) { return repo.update_plan(plan); }));  // back to unset
  EXPECT_EQ(read([](auto& repo) { return repo.find_plan("prj_a", "plan_1"); }), plan);

  for (auto update : std::vector<std::function<Result<void>(domain::RoutingRepository&)>>{
           [](auto& repo) { return repo.update_operator(sample_operator("prj_a", "ghost")); },
           [](auto& repo) { return repo.update_operator(sample_operator("prj_b", "1")); },
           [](auto& repo) { return repo.update_group(sample_group("prj_a", "ghost")); },
           [](auto& repo) { return repo.update_plan(sample_plan("prj_b", "1")); }}) {
    auto r = write(update);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::not_found);
  }
}

TEST_F(RoutingRepositoryTest, DuplicateIdsAreConflictsAndTheProjectMustExist) {
  ASSERT_TRUE(write([](domain::RoutingRepository& repo) -> Result<void> {
    if (auto r = repo.insert_operator(sample_operator("prj_a", "1")); !r) return r;
    if (auto r = repo.insert_group(sample_group("prj_a", "1")); !r) return r;
    return repo.insert_plan(sample_plan("prj_a", "1"));
  }));
  for (auto insert : std::vector<std::function<Result<void>(domain::RoutingRepository&)>>{
           [](auto& repo) { return repo.insert_operator(sample_operator("prj_b", "1")); },
           [](auto& repo) { return repo.insert_group(sample_group("prj_b", "1")); },
           [](auto& repo) { return repo.insert_plan(sample_plan("prj_b", "1")); }}) {
    auto r = write(insert);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::conflict);
    EXPECT_EQ(r.error().field, "id");
  }
  for (auto insert : std::vector<std::function<Result<void>(domain::RoutingRepository&)>>{
           [](auto& repo) { return repo.insert_operator(sample_operator("prj_nobody", "2")); },
           [](auto& repo) { return repo.insert_group(sample_group("prj_nobody", "2")); },
           [](auto& repo) { return repo.insert_plan(sample_plan("prj_nobody", "2")); }}) {
    auto r = write(insert);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::not_found);
    EXPECT_NE(r.error().message.find("prj_nobody"), std::string::npos) << r.error().message;
  }
  EXPECT_TRUE(read([](auto& repo) { return repo.list_operators("prj_nobody"); }).empty());
}

TEST_F(RoutingRepositoryTest, RemoveIsScopedAndReportsWhetherItFoundTheRow) {
  ASSERT_TRUE(write([](domain::RoutingRepository& repo) -> Result<void> {
    if (auto r = repo.insert_operator(sample_operator("prj_a", "1")); !r) return r;
    if (auto r = repo.insert_group(sample_group("prj_a", "1")); !r) return r;
    return repo.insert_plan(sample_plan("prj_a", "1"));
  }));
  auto removed = store_->write_blocking<std::vector<bool>>([](domain::Repositories& repos) -> Result<std::vector<bool>> {
    std::vector<bool> out;
    for (auto r : {repos.routing().remove_operator("prj_b", "op_1"), repos.routing().remove_group("prj_b", "grp_1"),
                   repos.routing().remove_plan("prj_b", "plan_1"), repos.routing().remove_operator("prj_a", "op_1"),
                   repos.routing().remove_group("prj_a", "grp_1"), repos.routing().remove_plan("prj_a", "plan_1"),
                   repos.routing().remove_plan("prj_a", "plan_1")}) {
      if (!r) return fail(r.error());
      out.push_back(*r);
    }
    return out;
  });
  ASSERT_TRUE(removed) << removed.error().message;
  EXPECT_EQ(*removed, (std::vector<bool>{false, false, false, true, true, true, false}));
  EXPECT_FALSE(read([](auto& repo) { return repo.find_operator("prj_a", "op_1"); }));
  EXPECT_FALSE(read([](auto& repo) { return repo.find_group("prj_a", "grp_1"); }));
  EXPECT_FALSE(read([](auto& repo) { return repo.find_plan("prj_a", "plan_1"); }));
}

TEST_F(RoutingRepositoryTest, RoundRobinPositionStartsAtZeroAdvancesAndGoesWithItsPlan) {
  ASSERT_TRUE(write([](domain::RoutingRepository& repo) { return repo.insert_plan(sample_plan("prj_a", "rr")); }));
  EXPECT_EQ(read([](auto& repo) { return repo.round_robin_next("plan_rr"); }), 0u);
  ASSERT_TRUE(write([](domain::RoutingRepository& repo) { return repo.set_round_robin_next("plan_rr", 2); }));
  EXPECT_EQ(read([](auto& repo) { return repo.round_robin_next("plan_rr"); }), 2u);
  ASSERT_TRUE(write([](domain::RoutingRepository& repo) { return repo.set_round_robin_next("plan_rr", 0); }));
  EXPECT_EQ(read([](auto& repo) { return repo.round_robin_next("plan_rr"); }), 0u);
  ASSERT_TRUE(write([](domain::RoutingRepository& repo) { return repo.set_round_robin_next("plan_rr", 5); }));
  EXPECT_EQ(read([](auto& repo) { return repo.round_robin_next("plan_other"); }), 0u);

  // Read and advance in one write: what a call does.
  ASSERT_TRUE(write([](domain::RoutingRepository& repo) -> Result<void> {
    auto next = repo.round_robin_next("plan_rr");
    if (!next) return fail(next.error());
    return repo.set_round_robin_next("plan_rr", *next + 1);
  }));
  EXPECT_EQ(read([](auto& repo) { return repo.round_robin_next("plan_rr"); }), 6u);

  ASSERT_TRUE(write([](domain::RoutingRepository& repo) -> Result<void> {
    auto removed = repo.remove_plan("prj_a", "plan_rr");
    if (!removed) return fail(removed.error());
    return {};
  }));
  EXPECT_EQ(read([](auto& repo) { return repo.round_robin_next("plan_rr"); }), 0u) << "a new plan starts afresh";
}

TEST_F(RoutingRepositoryTest, NumbersAndPoolsKeepTheirRoutingPlan) {
  domain::Pool pool;
  pool.id = "pool_web";
  pool.project_id = "prj_a";
  pool.name = "Website";
  pool.routing_plan_id = "plan_web";
  domain::TrackingNumber with_plan = sample_number("prj_a", "1", "+14155550101");
  with_plan.routing_plan_id = "plan_static";
  const domain::TrackingNumber without = sample_number("prj_a", "2", "+14155550102");
  write_ok(*store_, [&](domain::Repositories& repos) -> Result<void> {
    if (auto r = repos.pools().insert(pool); !r) return r;
    if (auto r = repos.numbers().insert(with_plan); !r) return r;
    return repos.numbers().insert(without);
  });
  auto got = store_->read([](domain::Repositories& repos) -> Result<std::vector<std::optional<std::string>>> {
    auto p = repos.pools().find("prj_a", "pool_web");
    auto n1 = repos.numbers().find("prj_a", "num_1");
    auto n2 = repos.numbers().find("prj_a", "num_2");
    if (!p || !*p || !n1 || !*n1 || !n2 || !*n2) return fail(Error::internal("missing"));
    return std::vector<std::optional<std::string>>{(*p)->routing_plan_id, (*n1)->routing_plan_id,
                                                   (*n2)->routing_plan_id};
  });
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(*got, (std::vector<std::optional<std::string>>{"plan_web", "plan_static", std::nullopt}));

  // Cleared and changed by update.
  pool.routing_plan_id.reset();
  with_plan.routing_plan_id = "plan_other";
  write_ok(*store_, [&](domain::Repositories& repos) -> Result<void> {
    if (auto r = repos.pools().update(pool); !r) return r;
    return repos.numbers().update(with_plan);
  });
  auto pools = store_->read([](domain::Repositories& repos) { return repos.pools().list("prj_a"); });
  ASSERT_TRUE(pools);
  ASSERT_EQ(pools->size(), 1u);
  EXPECT_FALSE(pools->front().routing_plan_id);
  auto numbers = store_->read([](domain::Repositories& repos) { return repos.numbers().list("prj_a"); });
  ASSERT_TRUE(numbers);
  ASSERT_EQ(numbers->size(), 2u);
  EXPECT_EQ(numbers->front().routing_plan_id, "plan_other");
}

// A database written by the previous version (schema 3) keeps its numbers and pools, which get no plan.
class RoutingMigrationTest : public StorageTest {};

TEST_F(RoutingMigrationTest, SchemaThreeNumbersAndPoolsUpgradeWithoutAPlan) {
  domain::Pool pool;
  pool.id = "pool_web";
  pool.project_id = "prj_a";
  pool.name = "Website";
  const domain::TrackingNumber number = sample_number("prj_a", "1", "+14155550101");
  {
    auto store = open_store();
    ASSERT_TRUE(store);
    write_ok(*store, [&](domain::Repositories& repos) -> Result<void> {
      if (auto r = repos.projects().insert(sample_project("a")); !r) return r;
      if (auto r = repos.pools().insert(pool); !r) return r;
      return repos.numbers().insert(number);
    });
  }
  {  // back to schema 3, as the previous release left it
    auto db = sqlite::Connection::open(db_path(), SQLITE_OPEN_READWRITE);
    ASSERT_TRUE(db) << db.error().message;
    auto down = (*db)->exec(
        "DROP TRIGGER calls_rollup_insert; DROP TRIGGER calls_rollup_update; DROP TRIGGER calls_rollup_delete; "
        "DROP TRIGGER deals_rollup_insert; DROP TRIGGER deals_rollup_update; DROP TRIGGER deals_rollup_delete; "
        "DROP TABLE call_rollup; DROP TABLE call_rollup_basis; DROP TABLE call_rollup_dirty; "
        "DELETE FROM schema_migrations WHERE version = 10; "
        "DROP TRIGGER calls_started_at_to_deals; DROP INDEX deals_won_by_call_start; "
        "ALTER TABLE deals DROP COLUMN call_started_at; DELETE FROM schema_migrations WHERE version = 9; "
        "ALTER TABLE sessions DROP COLUMN ga_session_id; DELETE FROM schema_migrations WHERE version = 8; "
        "DROP TABLE deliveries; DROP TABLE outbox_events; DROP TABLE webhooks; "
        "DELETE FROM schema_migrations WHERE version = 7; "
        "DROP TABLE costs; DROP TABLE deals; DROP TABLE session_rollup; DROP TABLE session_rollup_campaign; "
        "DROP TABLE rollup_state; DROP TABLE session_rollup_daily; DROP TABLE session_rollup_days; DROP INDEX calls_report; "
        " DELETE FROM schema_migrations WHERE version = 6; "
        "DROP TABLE telephony_events; DROP INDEX calls_live_by_operator; ALTER TABLE calls DROP COLUMN operator_id; "
        "DELETE FROM schema_migrations WHERE version = 5; "
        "DROP TABLE operators; DROP TABLE operator_groups; DROP TABLE routing_plans; DROP TABLE routing_state; "
        "ALTER TABLE tracking_numbers DROP COLUMN routing_plan_id; ALTER TABLE pools DROP COLUMN routing_plan_id; "
        "DELETE FROM schema_migrations WHERE version = 4;");
    ASSERT_TRUE(down) << down.error().message;
  }
  auto store = open_store();
  ASSERT_TRUE(store);
  EXPECT_EQ(store->schema_version(), sqlite::latest_schema_version());
  auto got = store->read([](domain::Repositories& repos) -> Result<std::pair<domain::Pool, domain::TrackingNumber>> {
    auto p = repos.pools().find("prj_a", "pool_web");
    auto n = repos.numbers().find("prj_a", "num_1");
    if (!p || !*p || !n || !*n) return fail(Error::internal("missing after the upgrade"));
    return std::pair{**p, **n};
  });
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->first, pool);
  EXPECT_EQ(got->second.number, number.number);
  EXPECT_FALSE(got->second.routing_plan_id);
  auto plans = store->read([](domain::Repositories& repos) { return repos.routing().list_plans("prj_a"); });
  ASSERT_TRUE(plans) << plans.error().message;
  EXPECT_TRUE(plans->empty());
}

}  // namespace
}  // namespace callsign::storage::testing
