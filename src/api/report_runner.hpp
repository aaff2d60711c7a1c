#pragma once
// Runs report work off the I/O threads. A report reads and aggregates for tens of milliseconds; on an I/O thread it
// would hold up every connection of that thread, DNI sessions included. Here it runs on its own thread at a lower
// CPU priority (nice 10), so under load the DNI hot path keeps most of the CPU and reports take what is left
// (decision 0008).
#include <utility>  // before Boost headers (GCC 12 + Boost 1.74)

#include <type_traits>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

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
        pool_, [work = std::move(work)]() mutable -> boost::asio::awaitable<Value> { co_return work(); },
        boost::asio::use_awaitable);
  }

 private:
  boost::asio::thread_pool pool_;
};

}  // namespace callsign::api
