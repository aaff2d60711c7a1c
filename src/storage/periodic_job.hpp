#pragma once
// PeriodicJob: a background chore (the session rollup, pruning the outbox) on its own named thread — run once at
// start, then every `interval`, until the job is destroyed. The chore is blocking work on the store; it reports its
// own failures (logging them) and is simply run again at the next interval.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace callsign::storage {

class PeriodicJob {
 public:
  PeriodicJob(std::string thread_name, std::chrono::milliseconds interval, std::function<void()> chore);
  ~PeriodicJob();  // wakes the thread and joins it (waits for a run in progress)
  PeriodicJob(const PeriodicJob&) = delete;
  PeriodicJob& operator=(const PeriodicJob&) = delete;

 private:
  void run();

  const std::string thread_name_;
  const std::chrono::milliseconds interval_;
  const std::function<void()> chore_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;     // last: starts once the rest is built
};

}  // namespace callsign::storage
