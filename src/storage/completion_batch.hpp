#pragma once
// CompletionBatch: the completions of one committed write batch, handed to their executors with one post each.
//
// A batch of ~25 writes completes ~25 coroutines spread over the I/O threads. Posted one by one, each post may find
// its I/O thread asleep in epoll_wait and wake it (an epoll_ctl on its interrupter, then a context switch), only for
// the thread to run one handler and sleep again before the next post arrives: ~10 wake-ups per commit under load.
// Collected instead, each I/O thread is woken once per batch and runs its completions in their commit order.
#include <utility>  // before Boost headers (GCC 12 + Boost 1.74)

#include <functional>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

namespace callsign::storage {

class CompletionBatch {
 public:
  // From now until this object is destroyed, deliver() on this thread collects instead of posting. Batches on one
  // thread do not nest (a second one collects nothing of its own; the outer one delivers everything).
  CompletionBatch();
  // Posts the collected handlers: one post per distinct executor, running its handlers in the order delivered.
  ~CompletionBatch();
  CompletionBatch(const CompletionBatch&) = delete;
  CompletionBatch& operator=(const CompletionBatch&) = delete;

  // Runs `handler` on `executor`: collected when a batch is open on this thread, else posted now.
  static void deliver(const boost::asio::any_io_executor& executor, std::function<void()> handler);

 private:
  struct ForExecutor {
    boost::asio::any_io_executor executor;
    std::vector<std::function<void()>> handlers;
  };
  std::vector<ForExecutor> collected_;
  bool outermost_ = false;
};

}  // namespace callsign::storage
