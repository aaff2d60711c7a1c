#pragma once
// DeliveryWorker: sends the outbox's due deliveries, at least once, off every thread that serves requests.
//   * one dispatcher thread reads due deliveries on a pooled read connection (never the writer), resolves where
//     each goes (the webhook, or the project's GA4 stream) and queues it;
//   * `concurrency` sender threads, each with its own libcurl handle, POST them with a timeout;
//   * outcomes are recorded in batches through the group-commit writer: delivered, retried later (backoff with
//     jitter, RetryPolicy) or dead-lettered once the retry window is over.
// A delivery whose outcome is not committed when the process dies is sent again after the restart (at least once;
// receivers de-duplicate on Callsign-Delivery). Only the oldest pending delivery of a subject is ever in flight
// for a destination, so one call's events arrive in order.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#include "common/time.hpp"
#include "integrations/retry_policy.hpp"
#include "storage/store.hpp"

namespace callsign::integrations {

struct DeliveryWorkerOptions {
  int concurrency = 4;                                         // requests in flight at once
  std::chrono::milliseconds timeout{std::chrono::seconds(10)};  // per request, connect included
  std::chrono::milliseconds poll_interval{std::chrono::milliseconds(500)};  // how often the outbox is read
  std::size_t batch = 100;                                     // deliveries read per poll
  std::chrono::milliseconds stop_grace{std::chrono::seconds(2)};  // how long stop() lets requests in flight finish
  RetryPolicy retry;
};

struct DeliveryStats {
  std::uint64_t delivered = 0;  // attempts answered with a 2xx
  std::uint64_t failed = 0;     // failed attempts that will be retried
  std::uint64_t dead = 0;       // deliveries dead-lettered
};

class DeliveryWorker {
 public:
  // Starts the threads at once. `store` and `clock` must outlive the worker.
  DeliveryWorker(storage::Store& store, const Clock& clock, DeliveryWorkerOptions options);
  // stop().
  ~DeliveryWorker();
  DeliveryWorker(const DeliveryWorker&) = delete;
  DeliveryWorker& operator=(const DeliveryWorker&) = delete;

  // Lets requests in flight finish for up to `stop_grace`, then drops those still waiting for an answer (they stay
  // pending and are sent again after the next start: at least once), hands the outcomes to the writer and joins
  // the threads. Idempotent. Call before the store closes.
  void stop();

  DeliveryStats stats() const;  // thread-safe

  struct State;  // the queues shared by the threads (delivery_worker.cpp)

 private:
  void dispatch_loop();
  void send_loop();

  storage::Store& store_;
  const Clock& clock_;
  DeliveryWorkerOptions options_;
  std::shared_ptr<State> state_;  // shared with write callbacks that may run after a stop
  std::vector<std::thread> threads_;
};

}  // namespace callsign::integrations
