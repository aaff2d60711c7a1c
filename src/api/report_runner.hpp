#pragma once
// Runs report work off the I/O threads. A report reads and aggregates for tens of milliseconds; on an I/O thread it
// would hold up every connection of that thread, DNI sessions included. Here it runs on its own thread as
// background work (common/background_priority): it takes the CPU time the DNI hot path leaves, and a job still
// running after 250 ms gets a normal share at nice 10, so it always ends (decision 0008).
#include <utility>  // before Boost headers (GCC 12 + Boost 1.74)

#include <type_traits>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "common/background_priority.hpp"

namespace callsign::api {

class ReportRunner {
 public:
  // `thread_name`: what the threads are called in top and /proc (at most 15 characters).
  explicit ReportRunner(int threads = 1, const char* thread_name = "reports");
  ~ReportRunner();  // waits for running work, drops queued work
  ReportRunner(const ReportRunner&) = delete;
  ReportRunner& operator=(const ReportRunner&) = delete;

  // Runs `work` (a function object returning a value) on a report thread; the awaiting coroutine resumes on its
  // own executor with the value. Build the awaitable in its own statement, then co_await it (GCC 12 pitfall).
  template <class Work>
  boost::asio::awaitable<std::invoke_result_t<Work&>> run(Work work) {
    using Value = std::invoke_result_t<Work&>;
    return boost::asio::co_spawn(
        pool_,
        [this, work = std::move(work)]() mutable -> boost::asio::awaitable<Value> {
          BackgroundPriority::Job job(priority_);
          co_return work();
        },
        boost::asio::use_awaitable);
  }

  // Jobs raised to nice 10 because they ran (or waited for the CPU) longer than 250 ms.
  std::uint64_t promotions() const { return priority_.promotions(); }
  BackgroundPriority::Mode mode() const { return priority_.mode(); }

 private:
  BackgroundPriority priority_;
  boost::asio::thread_pool pool_;
};

}  // namespace callsign::api
