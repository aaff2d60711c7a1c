#include "common/background_priority.hpp"

#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace callsign {

namespace {

int this_thread_id() { return static_cast<int>(syscall(SYS_gettid)); }

// Per-thread on Linux: PRIO_PROCESS and sched_setscheduler with a thread id act on that thread only. Each keeps
// the other's setting (the class keeps the nice value, setpriority keeps the class).
bool set_nice(int thread_id) {
  return setpriority(PRIO_PROCESS, static_cast<id_t>(thread_id), BackgroundPriority::kNice) == 0;
}

bool set_class(int thread_id, int policy) {
  sched_param none{};
  return sched_setscheduler(thread_id, policy, &none) == 0;
}

}  // namespace

BackgroundPriority::Mode BackgroundPriority::probe() {
  bool may_leave_idle = false;
  std::thread([&may_leave_idle] {
    const int self = this_thread_id();
    may_leave_idle = set_nice(self) && set_class(self, SCHED_IDLE) && set_class(self, SCHED_OTHER);
  }).join();
  return may_leave_idle ? Mode::yielding : Mode::nice_only;
}

BackgroundPriority::BackgroundPriority(Mode mode, std::chrono::milliseconds promote_after)
    : mode_(mode), promote_after_(promote_after) {
  if (mode_ == Mode::yielding) watchdog_ = std::thread([this] { watch(); });
}

BackgroundPriority::~BackgroundPriority() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (watchdog_.joinable()) watchdog_.join();
}

std::uint64_t BackgroundPriority::promotions() const {
  std::lock_guard lock(mutex_);
  return promotions_;
}

void BackgroundPriority::watch() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    auto next = std::chrono::steady_clock::time_point::max();
    const auto now = std::chrono::steady_clock::now();
    for (RunningJob& job : running_) {
      if (job.promoted) continue;
      const auto due = job.started + promote_after_;
      if (due <= now) {
        // Under the lock: the job is still running, so its thread is still this job's.
        set_class(job.thread_id, SCHED_OTHER);
        job.promoted = true;
        ++promotions_;
      } else if (due < next) {
        next = due;
      }
    }
    if (next == std::chrono::steady_clock::time_point::max())
      changed_.wait(lock);
    else
      changed_.wait_until(lock, next);
  }
}

BackgroundPriority::Job::Job(BackgroundPriority& owner) : owner_(owner) {
  const int self = this_thread_id();
  set_nice(self);
  std::lock_guard lock(owner_.mutex_);
  // A job promoted before ended in the normal class; each job starts yielding again. A failure leaves the thread
  // at nice 10, the `nice_only` behaviour.
  if (owner_.mode_ == Mode::yielding) set_class(self, SCHED_IDLE);
  entry_ = owner_.running_.insert(owner_.running_.end(),
                                  RunningJob{self, std::chrono::steady_clock::now(), owner_.mode_ != Mode::yielding});
  owner_.changed_.notify_all();
}

BackgroundPriority::Job::~Job() {
  const int self = entry_->thread_id;
  {
    std::lock_guard lock(owner_.mutex_);
    owner_.running_.erase(entry_);
  }
  // Between jobs the thread waits in the normal class: in SCHED_IDLE, on a busy machine, it could wait for the CPU
  // just to wake up and take the next job, before that job's watchdog clock has started.
  if (owner_.mode_ == Mode::yielding) set_class(self, SCHED_OTHER);
}

}  // namespace callsign
