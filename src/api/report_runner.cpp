#include "api/report_runner.hpp"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <boost/asio/post.hpp>

#include "common/thread_name.hpp"

namespace callsign::api {

namespace {

// CFS weight ~110 against 1024 for the I/O threads and the writer: under load reports get about a tenth of a CPU
// and DNI the rest, yet reports always progress. (SCHED_IDLE was tried: on a machine with any other busy process a
// report could wait minutes — decision 0008.)
constexpr int kReportNice = 10;

void lower_this_threads_priority() {
  // Per-thread on Linux: PRIO_PROCESS with a thread id sets that thread's nice value only.
  (void)setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), kReportNice);
}

}  // namespace

ReportRunner::ReportRunner(int threads, const char* thread_name) : pool_(static_cast<std::size_t>(threads)) {
  for (int i = 0; i < threads; ++i)
    boost::asio::post(pool_, [thread_name] {
      name_this_thread(thread_name);
      lower_this_threads_priority();
    });
}

ReportRunner::~ReportRunner() {
  pool_.stop();
  pool_.join();
}

}  // namespace callsign::api
