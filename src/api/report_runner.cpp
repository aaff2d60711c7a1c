#include "api/report_runner.hpp"

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include "common/thread_name.hpp"

namespace callsign::api {

ReportRunner::ReportRunner(int threads, const char* thread_name) : pool_(static_cast<std::size_t>(threads)) {
  for (int i = 0; i < threads; ++i) boost::asio::post(pool_, [thread_name] { name_this_thread(thread_name); });
  if (priority_.mode() == BackgroundPriority::Mode::nice_only)
    spdlog::info(
        "{}: runs at nice 10 (this process may not leave SCHED_IDLE; with CAP_SYS_NICE or LimitNICE=10 it would take "
        "only the CPU the DNI hot path leaves)",
        thread_name);
}

ReportRunner::~ReportRunner() {
  pool_.stop();
  pool_.join();
}

}  // namespace callsign::api
