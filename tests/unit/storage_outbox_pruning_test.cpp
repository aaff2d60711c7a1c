// Pruning the outbox: finished deliveries older than the retention go, with their events; pending ones and young
// history stay, and the walk gets past an old pending delivery however small its steps.
#include "storage/outbox_pruning.hpp"

#include <map>

#include "storage_test_support.hpp"

namespace callsign::storage::testing {
namespace {

using domain::DeliveryStatus;

class OutboxPruningTest : public StorageTest {
 protected:
  void SetUp() override {
    store_ = open_store();
    ASSERT_TRUE(store_);
  }

  // Publishes event `name` at `created_ms` with one delivery to a webhook, and leaves that delivery `status`.
  void publish(const std::string& name, std::int64_t created_ms, DeliveryStatus status) {
    domain::OutboundEvent event{"evt_" + name, "prj_a", domain::EventType::call_completed, "call_" + name,
                                at_ms(created_ms), R"({"id":"call_)" + name + "\"}"};
    write_ok(*store_, [&](domain::Repositories& repos) { return repos.outbox().publish(event, {"wh_1"}, std::nullopt); });
    if (status == DeliveryStatus::pending) return;
    const auto id = delivery_of(name)->id;
    domain::DeliveryAttempt attempt{id, at_ms(created_ms + 100), status == DeliveryStatus::delivered,
                                    status == DeliveryStatus::delivered ? 200 : 500, "", std::nullopt};
    if (!attempt.delivered) attempt.error = "HTTP 500";
    write_ok(*store_, [&](domain::Repositories& repos) { return repos.outbox().record(attempt); });
    ASSERT_EQ(delivery_of(name)->status, status);
  }

  std::map<std::string, DeliveryStatus> remaining() {
    auto all = store_->read([](domain::Repositories& repos) {
      return repos.outbox().list_deliveries("prj_a", std::nullopt, 100);
    });
    EXPECT_TRUE(all) << all.error().message;
    std::map<std::string, DeliveryStatus> out;
    if (all)
      for (const auto& d : *all) out[d.event.id] = d.status;
    return out;
  }

  std::optional<domain::Delivery> delivery_of(const std::string& name) {
    auto all = store_->read([](domain::Repositories& repos) {
      return repos.outbox().list_deliveries("prj_a", std::nullopt, 100);
    });
    if (all)
      for (const auto& d : *all)
        if (d.event.id == "evt_" + name) return d;
    ADD_FAILURE() << "no delivery of " << name;
    return std::nullopt;
  }

  std::unique_ptr<sqlite::SqliteStore> store_;
};

TEST_F(OutboxPruningTest, RemovesFinishedHistoryBeforeTheCutoffAndKeepsPendingAndYoungDeliveries) {
  publish("1", 1000, DeliveryStatus::pending);  // old, but redelivered by hand and not sent yet: kept
  publish("2", 2000, DeliveryStatus::delivered);
  publish("3", 3000, DeliveryStatus::dead);
  publish("4", 4000, DeliveryStatus::delivered);
  publish("5", 5000, DeliveryStatus::delivered);  // younger than the cutoff: kept

  // One event per write job: the walk must step past the pending event at its head rather than stop there.
  auto pruned = prune_outbox(*store_, at_ms(4500), 1);
  ASSERT_TRUE(pruned) << pruned.error().message;
  EXPECT_EQ(pruned->events, 3u);
  EXPECT_EQ(pruned->deliveries, 3u);
  EXPECT_EQ(remaining(), (std::map<std::string, DeliveryStatus>{{"evt_1", DeliveryStatus::pending},
                                                                {"evt_5", DeliveryStatus::delivered}}));

  // The kept pending delivery still carries its event (the body a retry sends).
  EXPECT_EQ(delivery_of("1")->event.data, R"({"id":"call_1"})");

  auto again = prune_outbox(*store_, at_ms(4500), 1);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->events, 0u);
  EXPECT_EQ(again->deliveries, 0u);
}

TEST_F(OutboxPruningTest, LargeStepsAndAnEmptyOutboxWork) {
  auto empty = prune_outbox(*store_, at_ms(10'000));
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->events, 0u);
  for (int i = 1; i <= 20; ++i) publish(std::to_string(i), i * 1000, DeliveryStatus::delivered);
  auto pruned = prune_outbox(*store_, at_ms(15'500), 7);
  ASSERT_TRUE(pruned) << pruned.error().message;
  EXPECT_EQ(pruned->events, 15u);
  EXPECT_EQ(remaining().size(), 5u);
  EXPECT_EQ(remaining().begin()->first, "evt_16");
}

}  // namespace
}  // namespace callsign::storage::testing
