#pragma once
// StoreReplay: simulated traffic written into a real store through the same code the API runs — sessions get
// their numbers from the server's PoolRegistry and are persisted by api::persist_session (as POST /v1/sessions
// and pings do), tel: taps are session events, calls go through domain::record_call (attribution and
// classification), deals through domain::record_deal, costs as the costs API upserts them.
//
// Writes are queued and committed many to one write job (flush(), or every `batch` items), so a month of
// traffic lands in seconds; the registry decides in memory as the events come, so the queue never changes an
// outcome. Not thread-safe: one thread drives a replay (the registry and the store are shared safely).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "api/pool_registry.hpp"
#include "common/result.hpp"
#include "domain/call.hpp"
#include "domain/cost_deal.hpp"
#include "domain/project.hpp"
#include "sim/timeline.hpp"
#include "sim/traffic.hpp"
#include "storage/store.hpp"

namespace callsign::app {

// What a replay wrote: sessions as they are queued, calls and deals as they are recorded.
struct ReplayFigures {
  std::uint64_t sessions = 0;       // sessions started (automated visits get none, as in the API)
  std::uint64_t automated = 0;      // visits the user-agent check turned away
  std::uint64_t shown = 0;          // sessions given a pool number
  std::uint64_t pings = 0;          // pings that kept a lease
  std::uint64_t calls = 0;          // calls recorded
  std::uint64_t session_calls = 0;  // … attributed to a visit (method "session")
  std::uint64_t deals = 0;
  std::uint64_t refunds = 0;
  std::uint64_t cost_rows = 0;
};

// The numbers a simulated call may dial, in the simulator's order (sim::static_number(i), sim::pool_number(i)).
struct ReplayNumbers {
  std::string site;                 // the site's own number (dialled when the visit was shown none)
  std::vector<std::string> statics;
  std::vector<std::string> pool;
};

class StoreReplay {
 public:
  // Called on the writer thread right after a call is recorded: the deal it led to, if any (call_id is set by
  // the replay). Must be deterministic given its own state for a seeded run.
  using DealFor = std::function<std::optional<domain::Deal>(const domain::Call&)>;

  // `external_prefix` makes call ids unique per replay ("demo-h-" for the history, "demo-live-<n>-" live).
  StoreReplay(storage::Store& store, api::PoolRegistry& pools, domain::Project project, ReplayNumbers numbers,
              std::string external_prefix, DealFor deal_for = {}, std::size_t batch = 2048);

  // Applies one event of `traffic` (one traffic per replay: sessions are known by their index in it).
  // Arrive: a session as POST /v1/sessions starts it; ping: as POST …/ping (kept only while it holds a lease);
  // leave: nothing (the snippet stops pinging, the lease lapses); tel_click: a session event; call: a call to
  // the number its visit was shown (the site's own when none, a static one, any for robocalls), answered by
  // the shop's operators in turn (by call index). Errors: the registry's or the store's (then nothing queued since the last
  // flush is kept).
  Result<void> apply(const sim::Traffic& traffic, const sim::TimelineEvent& event);
  // A call being talked (the carrier's "answered" update): call `call_index` of `traffic` recorded as answered
  // and not ended yet; its call event later completes the same call (same external id). Errors: as apply().
  Result<void> answer(const sim::Traffic& traffic, std::uint32_t call_index);
  // Upserts one day's cost row. Errors: the store's.
  Result<void> add_cost(domain::CostEntry cost);
  // Commits every queued write in one write job. Errors: the store's or a recorder's.
  Result<void> flush();

  const ReplayFigures& figures() const { return figures_; }

 private:
  struct Visit {
    std::string session_id, visitor_id;
    std::optional<std::string> shown;  // the pool number the page showed
  };
  using Write = std::function<Result<void>(domain::Repositories&)>;

  Result<void> arrive(const sim::SimSession& session, std::uint32_t index, Timestamp at);
  Result<void> ping(std::uint32_t index, Timestamp at);
  Result<void> call(const sim::SimCall& call, std::uint32_t index, bool ended);
  std::string dialled(const sim::SimCall& call) const;
  Result<void> queue(Write write);

  storage::Store& store_;
  api::PoolRegistry& pools_;
  domain::Project project_;
  ReplayNumbers numbers_;
  std::string external_prefix_;
  DealFor deal_for_;
  std::size_t batch_;
  std::vector<Write> pending_;
  std::unordered_map<std::uint32_t, Visit> visits_;         // by session index
  std::unordered_map<std::uint32_t, std::string> visitors_;  // visitor index → "vis_…"
  ReplayFigures figures_;
};

}  // namespace callsign::app
