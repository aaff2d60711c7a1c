#include "api/report_runner.hpp"

#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <boost/asio/post.hpp>

#include "common/thread_name.hpp"

namespace callsign::api {

namespace {

constexpr int kReportNice = 19;  // the weight SCHED_IDLE threads share with each other

// SCHED_IDLE: the scheduler runs this thread only when no normal thread wants the CPU, and a waking I/O thread or
// the writer preempts it at once. Where that is refused, the lowest nice value instead.
void lower_this_threads_priority() {
  sched_param param{};
  if (pthread_setschedparam(pthread_self(), SCHED_IDLE, &param) == 0) return;
  // Per-thread on Linux: PRIO_PROCESS with a thread id sets that thread's nice value only.
  (void)setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), kReportNice);
}

}  // namespace

ReportRunner::ReportRunner(int threads) : pool_(static_cast<std::size_t>(threads)) {
  for (int i = 0; i < threads; ++i)
    boost::asio::post(pool_, [] {
      name_this_thread("reports");
      lower_this_threads_priority();
    });
}

ReportRunner::~ReportRunner() {
  pool_.stop();
  pool_.join();
}

}  // namespace callsign::api
