// The CPU class of background jobs, read back from the kernel: SCHED_IDLE from a job's start, the normal class at
// nice 10 once the watchdog promotes it, SCHED_IDLE again for the next job.
#include "common/background_priority.hpp"

#include <sched.h>
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>

#include <gtest/gtest.h>

namespace callsign {
namespace {

using namespace std::chrono_literals;

struct Seen {
  int policy;
  int nice;
};

Seen this_thread_now() { return {sched_getscheduler(0), getpriority(PRIO_PROCESS, 0)}; }

// Runs `job` as one background job on a thread of its own (as a report thread would) and waits for it.
template <class Job>
void on_a_background_thread(BackgroundPriority& priority, Job job) {
  std::thread([&] {
    BackgroundPriority::Job scope(priority);
    job();
  }).join();
}

// Spins (as a report does) until the thread's class becomes `policy`, at most 5 s; returns what it saw last.
Seen spin_until_class(int policy) {
  const auto give_up = std::chrono::steady_clock::now() + 5s;
  Seen seen = this_thread_now();
  while (seen.policy != policy && std::chrono::steady_clock::now() < give_up) seen = this_thread_now();
  return seen;
}

class BackgroundPriorityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (BackgroundPriority::probe() != BackgroundPriority::Mode::yielding)
      GTEST_SKIP() << "this process may not leave SCHED_IDLE (no CAP_SYS_NICE, RLIMIT_NICE < 10)";
  }
};

TEST_F(BackgroundPriorityTest, AJobRunsInTheIdleClassAtNiceTenAndItsThreadWaitsForTheNextInTheNormalClass) {
  BackgroundPriority priority(BackgroundPriority::Mode::yielding, 10s);
  Seen during{}, after{};
  std::thread([&] {
    {
      BackgroundPriority::Job job(priority);
      during = this_thread_now();
    }
    after = this_thread_now();
  }).join();
  EXPECT_EQ(during.policy, SCHED_IDLE);
  EXPECT_EQ(during.nice, BackgroundPriority::kNice);
  EXPECT_EQ(after.policy, SCHED_OTHER);
  EXPECT_EQ(after.nice, BackgroundPriority::kNice);
  EXPECT_EQ(priority.promotions(), 0u);
}

// On a loaded machine an idle-class job may wait for the CPU past its limit and be raised legitimately; the checks
// below allow exactly that and nothing else.
TEST_F(BackgroundPriorityTest, AJobRunningPastTheLimitIsRaisedToTheNormalClassAndTheNextStartsIdleAgain) {
  BackgroundPriority priority(BackgroundPriority::Mode::yielding, 50ms);
  std::thread runner([&] {
    Seen raised{}, next{};
    std::uint64_t promoted_after_the_long_job = 0;
    {
      BackgroundPriority::Job long_job(priority);
      raised = spin_until_class(SCHED_OTHER);
    }
    promoted_after_the_long_job = priority.promotions();
    {
      BackgroundPriority::Job short_job(priority);
      next = this_thread_now();
    }
    EXPECT_EQ(raised.policy, SCHED_OTHER);
    EXPECT_EQ(raised.nice, BackgroundPriority::kNice);
    EXPECT_EQ(promoted_after_the_long_job, 1u);
    // Idle again, unless it waited for the CPU past the limit and was raised too.
    EXPECT_TRUE(next.policy == SCHED_IDLE || priority.promotions() == 2u) << next.policy;
  });
  runner.join();
}

TEST_F(BackgroundPriorityTest, TheWatchdogNeverTouchesAJobThatEnded) {
  BackgroundPriority priority(BackgroundPriority::Mode::yielding, 200ms);
  for (int i = 0; i < 20; ++i) on_a_background_thread(priority, [] {});
  const std::uint64_t when_they_ended = priority.promotions();  // jobs starved past 200 ms were raised while running
  std::this_thread::sleep_for(300ms);  // past every ended job's limit
  EXPECT_EQ(priority.promotions(), when_they_ended);
}

TEST(BackgroundPriorityNiceOnly, JobsRunInTheNormalClassAtNiceTenFromTheStart) {
  BackgroundPriority priority(BackgroundPriority::Mode::nice_only, 10ms);
  Seen seen{};
  on_a_background_thread(priority, [&] {
    std::this_thread::sleep_for(50ms);
    seen = this_thread_now();
  });
  EXPECT_EQ(seen.policy, SCHED_OTHER);
  EXPECT_EQ(seen.nice, BackgroundPriority::kNice);
  EXPECT_EQ(priority.promotions(), 0u);
}

TEST(BackgroundPriorityProbe, LeavesTheCallingThreadAsItWas) {
  const Seen before = this_thread_now();
  (void)BackgroundPriority::probe();
  const Seen after = this_thread_now();
  EXPECT_EQ(after.policy, before.policy);
  EXPECT_EQ(after.nice, before.nice);
}

}  // namespace
}  // namespace callsign
