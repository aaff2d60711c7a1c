#pragma once
// OutboxRepository on one SQLite connection (tables `webhooks`, `outbox_events`, `deliveries`).
#include "domain/repositories.hpp"
#include "storage/sqlite/connection.hpp"

namespace callsign::storage::sqlite {

class SqliteOutboxRepository final : public domain::OutboxRepository {
 public:
  explicit SqliteOutboxRepository(Connection& connection) : db_(connection) {}

  Result<void> insert_webhook(const domain::WebhookSubscription& webhook) override;
  Result<void> update_webhook(const domain::WebhookSubscription& webhook) override;
  Result<bool> remove_webhook(const std::string& project_id, const std::string& webhook_id) override;
  Result<std::optional<domain::WebhookSubscription>> find_webhook(const std::string& project_id,
                                                                  const std::string& webhook_id) override;
  Result<std::vector<domain::WebhookSubscription>> list_webhooks(const std::string& project_id) override;
  Result<std::vector<std::string>> subscribers(const std::string& project_id, domain::EventType type) override;

  Result<void> publish(const domain::OutboundEvent& event, const std::vector<std::string>& destinations,
                       const std::optional<domain::Ga4Visitor>& ga4) override;
  Result<std::vector<domain::Delivery>> due(Timestamp now, std::size_t limit) override;
  Result<std::optional<Timestamp>> next_due() override;
  Result<void> record(const domain::DeliveryAttempt& attempt) override;
  Result<std::vector<domain::Delivery>> list_deliveries(const std::string& project_id,
                                                        std::optional<domain::DeliveryStatus> status,
                                                        std::size_t limit) override;
  Result<std::optional<domain::Delivery>> find_delivery(const std::string& project_id,
                                                        const std::string& delivery_id) override;
  Result<bool> redeliver(const std::string& project_id, const std::string& delivery_id, Timestamp now) override;
  Result<domain::PruneStep> prune(Timestamp before, std::int64_t after_seq, std::size_t limit) override;

 private:
  Connection& db_;
};

}  // namespace callsign::storage::sqlite
