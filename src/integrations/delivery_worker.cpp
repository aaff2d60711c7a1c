#include "integrations/delivery_worker.hpp"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <random>
#include <unordered_set>
#include <variant>

#include <spdlog/spdlog.h>

#include "common/thread_name.hpp"
#include "integrations/delivery_request.hpp"
#include "integrations/http_client.hpp"

namespace callsign::integrations {

namespace {

// Where a delivery goes, resolved by the dispatcher when it is read.
using Target = std::variant<domain::WebhookSubscription, domain::Ga4Settings>;

struct Job {
  domain::Delivery delivery;
  Target target;
};

}  // namespace

struct DeliveryWorker::State {
  std::mutex mutex;
  std::condition_variable changed;  // jobs queued, outcomes ready, commits done, or stopping
  bool stopping = false;
  std::atomic<bool> abandon{false};  // stop()'s grace is over: requests still waiting for an answer are dropped
  std::size_t sending = 0;           // senders waiting for an answer
  std::deque<Job> jobs;
  std::vector<domain::DeliveryAttempt> outcomes;    // not yet handed to the writer
  std::unordered_set<std::string> in_flight;        // queued, being sent, or outcome not yet committed
  std::size_t committing = 0;                       // write jobs submitted and not yet done
  DeliveryStats stats;
};

DeliveryWorker::DeliveryWorker(storage::Store& store, const Clock& clock, DeliveryWorkerOptions options)
    : store_(store), clock_(clock), options_(options), state_(std::make_shared<State>()) {
  threads_.emplace_back([this] { dispatch_loop(); });
  for (int i = 0; i < std::max(1, options_.concurrency); ++i) threads_.emplace_back([this] { send_loop(); });
}

DeliveryWorker::~DeliveryWorker() { stop(); }

void DeliveryWorker::stop() {
  {
    std::lock_guard lock(state_->mutex);
    if (state_->stopping && threads_.empty()) return;
    state_->stopping = true;
  }
  state_->changed.notify_all();
  {
    // A receiver that hangs must not hold the shutdown for the whole request timeout.
    std::unique_lock lock(state_->mutex);
    state_->changed.wait_for(lock, options_.stop_grace, [&] { return state_->sending == 0; });
  }
  state_->abandon = true;
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

DeliveryStats DeliveryWorker::stats() const {
  std::lock_guard lock(state_->mutex);
  return state_->stats;
}

namespace {

// Hands `outcomes` to the writer as one job; their deliveries leave `in_flight` once it is done (committed or not:
// an outcome that failed to commit leaves the delivery pending, so it is simply sent again).
void commit_outcomes(storage::Store& store, const std::shared_ptr<DeliveryWorker::State>& state,
                     std::vector<domain::DeliveryAttempt> outcomes);

}  // namespace

void DeliveryWorker::dispatch_loop() {
  name_this_thread("cs-outbox");
  auto& s = *state_;
  const std::size_t queue_room = static_cast<std::size_t>(std::max(1, options_.concurrency)) * 2;
  for (;;) {
    std::vector<domain::DeliveryAttempt> ready;
    std::unordered_set<std::string> busy;
    bool stopping = false;
    std::size_t queued = 0;
    {
      std::lock_guard lock(s.mutex);
      ready.swap(s.outcomes);
      busy = s.in_flight;
      stopping = s.stopping;
      queued = s.jobs.size();
    }
    if (!ready.empty()) commit_outcomes(store_, state_, std::move(ready));
    if (stopping) break;

    std::vector<Job> fresh;
    std::vector<domain::DeliveryAttempt> unreachable;  // no destination any more: dead at once
    if (queued < queue_room) {
      const Timestamp now = clock_.now();
      auto read = store_.read([&](domain::Repositories& repos) -> Result<void> {
        auto due = repos.outbox().due(now, options_.batch + busy.size());
        if (!due) return fail(due.error());
        for (auto& d : *due) {
          if (busy.contains(d.id) || fresh.size() + queued >= queue_room) continue;
          std::string missing;
          if (d.destination == domain::kGa4Destination) {
            auto project = repos.projects().find(d.project_id);
            if (!project) return fail(project.error());
            if (*project && (*project)->settings.ga4 && d.ga4) {
              fresh.push_back(Job{std::move(d), *(*project)->settings.ga4});
              continue;
            }
            missing = "the project no longer sends to GA4";
          } else {
            auto webhook = repos.outbox().find_webhook(d.project_id, d.destination);
            if (!webhook) return fail(webhook.error());
            if (*webhook && (*webhook)->active) {
              fresh.push_back(Job{std::move(d), std::move(**webhook)});
              continue;
            }
            missing = *webhook ? "webhook is inactive" : "webhook deleted";
          }
          unreachable.push_back(domain::DeliveryAttempt{d.id, now, false, std::nullopt, missing, std::nullopt});
        }
        return {};
      });
      if (!read) spdlog::warn("outbox: cannot read due deliveries: {}", read.error().message);
    }
    {
      std::lock_guard lock(s.mutex);
      for (auto& job : fresh) {
        s.in_flight.insert(job.delivery.id);
        s.jobs.push_back(std::move(job));
      }
      for (const auto& a : unreachable) s.in_flight.insert(a.delivery_id);
      s.stats.dead += unreachable.size();
    }
    if (!fresh.empty()) s.changed.notify_all();
    if (!unreachable.empty()) commit_outcomes(store_, state_, std::move(unreachable));

    std::unique_lock lock(s.mutex);
    s.changed.wait_for(lock, options_.poll_interval, [&] { return s.stopping || !s.outcomes.empty(); });
  }
  // Stopping: wait for the senders' last outcomes and commit them, so a clean stop re-sends nothing.
  std::unique_lock lock(s.mutex);
  s.changed.wait(lock, [&] {
    const std::size_t unfinished = s.in_flight.size() - s.jobs.size();
    return s.outcomes.size() >= unfinished || unfinished == 0;
  });
  s.jobs.clear();
  std::vector<domain::DeliveryAttempt> last;
  last.swap(s.outcomes);
  lock.unlock();
  if (!last.empty()) commit_outcomes(store_, state_, std::move(last));
}

void DeliveryWorker::send_loop() {
  name_this_thread("cs-sender");
  auto& s = *state_;
  HttpClient client(options_.timeout);
  std::mt19937_64 random(std::random_device{}());
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (;;) {
    std::optional<Job> job;
    {
      std::unique_lock lock(s.mutex);
      s.changed.wait(lock, [&] { return s.stopping || !s.jobs.empty(); });
      if (s.stopping) return;  // queued jobs stay pending in the store
      job = std::move(s.jobs.front());
      s.jobs.pop_front();
      ++s.sending;
    }
    const domain::Delivery& d = job->delivery;
    const Timestamp sent_at = clock_.now();
    const HttpPost request = std::holds_alternative<domain::WebhookSubscription>(job->target)
                                 ? webhook_request(d, std::get<domain::WebhookSubscription>(job->target), sent_at)
                                 : ga4_request(d, std::get<domain::Ga4Settings>(job->target), sent_at);
    const HttpOutcome outcome = client.post(request, &s.abandon);
    if (outcome.abandoned) {  // at shutdown: no attempt is recorded, the delivery stays pending for the next start
      {
        std::lock_guard lock(s.mutex);
        --s.sending;
        s.in_flight.erase(d.id);
      }
      s.changed.notify_all();
      continue;
    }
    const Timestamp now = clock_.now();
    domain::DeliveryAttempt attempt{d.id, now, outcome.delivered(), outcome.status, outcome.error, std::nullopt};
    if (!attempt.delivered)
      attempt.retry_at = next_attempt_at(options_.retry, d.attempts + 1, now, d.retry_since, unit(random));
    {
      std::lock_guard lock(s.mutex);
      if (attempt.delivered)
        ++s.stats.delivered;
      else if (attempt.retry_at)
        ++s.stats.failed;
      else
        ++s.stats.dead;
      s.outcomes.push_back(std::move(attempt));
      --s.sending;
    }
    s.changed.notify_all();
  }
}

namespace {

void commit_outcomes(storage::Store& store, const std::shared_ptr<DeliveryWorker::State>& state,
                     std::vector<domain::DeliveryAttempt> outcomes) {
  auto shared = std::make_shared<std::vector<domain::DeliveryAttempt>>(std::move(outcomes));
  {
    std::lock_guard lock(state->mutex);
    ++state->committing;
  }
  store.submit(
      [shared](domain::Repositories& repos) {
        for (const auto& a : *shared)
          if (auto r = repos.outbox().record(a); !r) {
            spdlog::warn("outbox: cannot record delivery {}: {}", a.delivery_id, r.error().message);
            return false;
          }
        return true;
      },
      [shared, state](Result<void> committed) {
        if (!committed) spdlog::warn("outbox: delivery outcomes not committed: {}", committed.error().message);
        {
          std::lock_guard lock(state->mutex);
          for (const auto& a : *shared) state->in_flight.erase(a.delivery_id);
          --state->committing;
        }
        state->changed.notify_all();
      });
}

}  // namespace

}  // namespace callsign::integrations
