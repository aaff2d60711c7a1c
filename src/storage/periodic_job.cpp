#include "storage/periodic_job.hpp"

#include "common/thread_name.hpp"

namespace callsign::storage {

PeriodicJob::PeriodicJob(std::string thread_name, std::chrono::milliseconds interval, std::function<void()> chore)
    : thread_name_(std::move(thread_name)), interval_(interval), chore_(std::move(chore)), thread_([this] { run(); }) {}

PeriodicJob::~PeriodicJob() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void PeriodicJob::run() {
  name_this_thread(thread_name_);
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    chore_();
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

}  // namespace callsign::storage
