#pragma once
// The CPU priority of background work (reports, pool advice): it takes only the CPU time the hot path (the I/O
// threads and the writer) leaves, yet it always finishes.
//
// Each job starts in Linux's SCHED_IDLE class. The scheduler then counts the job's CPU as free for any other
// thread: a waking I/O thread or writer is placed there and runs at once. (At nice 10 in the normal class a report
// loop still took ~0.65 of a CPU from DNI and cost it a third of its rate: the writer leaves the CPUs idle while
// it waits on fsync, and a nice task that holds a CPU when the hot path wakes is neither an idle CPU nor preempted
// at once — decision 0008.) A job still running `promote_after` after its start is raised by a watchdog thread to
// the normal class at nice 10, so on a machine kept busy by other work it still gets its share and ends.
//
// Leaving SCHED_IDLE needs CAP_SYS_NICE or an RLIMIT_NICE of at least 10 (systemd: LimitNICE=10). Without either
// (`probe()` finds out once, on a throwaway thread), jobs run at nice 10 from their start: the mode `nice_only`.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <list>
#include <mutex>
#include <thread>

namespace callsign {

class BackgroundPriority {
  struct RunningJob {
    int thread_id;
    std::chrono::steady_clock::time_point started;
    bool promoted;
  };

 public:
  enum class Mode {
    yielding,   // SCHED_IDLE from each job's start, nice 10 after `promote_after`
    nice_only,  // nice 10 throughout (this process may not leave SCHED_IDLE)
  };
  static constexpr int kNice = 10;
  static constexpr std::chrono::milliseconds kPromoteAfter{250};

  // Whether this process may move a thread out of SCHED_IDLE; no side effect on any thread of the caller.
  static Mode probe();

  explicit BackgroundPriority(Mode mode = probe(), std::chrono::milliseconds promote_after = kPromoteAfter);
  ~BackgroundPriority();  // stops the watchdog; no job may be running
  BackgroundPriority(const BackgroundPriority&) = delete;
  BackgroundPriority& operator=(const BackgroundPriority&) = delete;

  Mode mode() const { return mode_; }
  // Jobs raised by the watchdog so far (they ran longer than `promote_after`, or waited for the CPU that long).
  std::uint64_t promotions() const;

  // Scope of one job: construct it on the thread that runs the job, at the job's start; it sets that thread's
  // priority for the job, and back to the normal class at nice 10 when it ends (so the thread wakes for its next
  // job at that priority). One job per thread at a time.
  class Job {
   public:
    explicit Job(BackgroundPriority& owner);
    ~Job();
    Job(const Job&) = delete;
    Job& operator=(const Job&) = delete;

   private:
    BackgroundPriority& owner_;
    std::list<RunningJob>::iterator entry_;
  };

 private:
  friend class Job;
  void watch();

  Mode mode_;
  std::chrono::milliseconds promote_after_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::list<RunningJob> running_;  // guarded by mutex_
  std::uint64_t promotions_ = 0;   // guarded by mutex_
  bool stopping_ = false;          // guarded by mutex_
  std::thread watchdog_;           // only in `yielding` mode
};

}  // namespace callsign
