#include "app/demo.hpp"

#include <cstdio>
#include <iostream>

#include "app/demo_history.hpp"
#include "app/demo_live.hpp"
#include "app/demo_progress.hpp"
#include "app/demo_project.hpp"
#include "app/demo_shop.hpp"
#include "app/serve.hpp"
#include "domain/local_days.hpp"

namespace callsign::app {
namespace {

// The last 30 days in the project's timezone, as a report's from/to query.
std::string last_30_days(const domain::Project& project, Timestamp now) {
  const date::time_zone* zone = domain::find_zone(project.settings.timezone);
  if (!zone) zone = domain::find_zone("UTC");
  const std::int64_t today = domain::local_day_of(*zone, now);
  auto day = [](std::int64_t d) { return date::format("%F", date::sys_days{date::days{d}}); };
  return "from=" + day(today - 29) + "&to=" + day(today);
}

std::string history_summary(const ReplayFigures& f) {
  return std::to_string(f.sessions) + " sessions, " + std::to_string(f.calls) + " calls (" +
         std::to_string(f.session_calls) + " from website visits), " + std::to_string(f.deals) + " deals (" +
         std::to_string(f.refunds) + " refunded), " + std::to_string(f.cost_rows) + " cost rows";
}

Result<ReplayFigures> backfill(const ServeContext& context, domain::Project& project, const DemoOptions& options) {
  ProgressBar bar(std::cerr, "callsign demo: backfilling " + std::to_string(options.backfill_days) + " days",
                  1000, ProgressBar::stderr_is_terminal());
  HistoryOptions history{options.backfill_days, options.sessions_per_day, options.seed};
  auto figures = backfill_history(context.store, context.pools, project, history, context.clock.now(),
                                  [&bar](std::uint64_t done, std::uint64_t total) {
                                    bar.update(total ? done * 1000 / total : 1000);
                                  });
  if (figures) bar.finish(history_summary(*figures));
  return figures;
}

void print_welcome(const std::string& base, const domain::Project& project, const std::string& key,
                   const std::string& data_note, const DemoOptions& options, Timestamp now) {
  const std::string auth = "-H 'Authorization: Bearer " + key + "' ";
  const std::string api = base + "/v1/projects/" + project.id;
  std::cout << "\n  Callsign demo — project \"" << demo_shop::kProjectName << "\" (" << project.id << ")\n"
            << "  " << data_note << "; static numbers: radio +12125550102, billboard +12125550101, "
            << "Google Business +12125550103\n\n"
            << "  API key (new at every demo start): " << key << "\n\n"
            << "  Dashboard: open " << base << "/ and sign in with the API key above.\n";
  if (options.live)
    std::cout << "  Live traffic: about " << options.live_rate << " calls a minute keep arriving (--no-live to stop them).\n";
  std::cout << "\n  Try it:\n"
            << "    curl -s " << auth << "'" << api << "/calls?limit=5'\n"
            << "    curl -s " << auth << "'" << api << "/calls?target=true&limit=5'\n"
            << "    curl -s " << auth << "'" << api << "/reports/calls?group_by=channel&" << last_30_days(project, now) << "'\n"
            << "    curl -s -X POST " << auth << api << "/calls -d '{\"external_id\":\"my-first\",\"tracking_number\":"
            << "\"(212) 555-0101\",\"caller\":\"(212) 555-0199\",\"started_at\":\"2026-11-20T15:00:00Z\","
            << "\"answered_at\":\"2026-11-20T15:00:05Z\",\"ended_at\":\"2026-11-20T15:02:00Z\"}'\n"
            << "    curl -s " << base << "/metrics | head\n\n"
            << "  Dynamic numbers: the \"" << demo_shop::kPoolName << "\" pool swaps the site's (212) 555-0100 on every "
            << "visit. Put this on a page:\n"
            << "    <script src=\"" << base << "/callsign.js\" data-key=\"" << project.public_key << "\" async></script>\n"
            << "  or ask for a number as the snippet does:\n"
            << "    curl -s -X POST " << base << "/v1/sessions -A 'Mozilla/5.0' -d '{\"public_key\":\""
            << project.public_key << "\",\"page_url\":\"https://" << demo_shop::kSiteHost
            << "/?utm_source=google&utm_medium=cpc&utm_campaign=winter\"}'\n\n"
            << "  Phone calls: every number forwards to the \"" << demo_shop::kRoutingPlanName << "\" plan (Dana and Lee "
            << "in turn, voicemail after\n  hours). Point a Twilio number's voice URL at " << base
            << "/telephony/twilio/voice after setting the\n  project's twilio_auth_token (docs/telephony.md).\n\n"
            << "  Press Ctrl-C to stop.\n\n";
}

}  // namespace

int run_demo(const ServeConfig& config, const DemoOptions& options) {
  return serve(config, [&](const ServeContext& context) -> Result<std::unique_ptr<Sidecar>> {
    auto demo = find_or_create_demo_project(context.store, context.clock.now());
    if (!demo) return fail(demo.error());
    domain::Project& project = demo->project;
    // The history is written once, when the project is new: a restart keeps it (and its dates) as it was.
    std::string data_note = "demo data kept from the last run";
    if (demo->created) {
      data_note = "new demo project";
      if (options.backfill_days > 0) {
        auto figures = backfill(context, project, options);
        if (!figures) return fail(figures.error());
        data_note = "history of " + std::to_string(options.backfill_days) + " days: " + history_summary(*figures);
      }
    }
    auto key = rotate_api_key(context.store, project);
    if (!key) return fail(key.error());
    print_welcome("http://" + config.host + ":" + std::to_string(context.port), project, *key, data_note, options,
                  context.clock.now());
    std::unique_ptr<Sidecar> live;
    if (options.live && options.live_rate > 0)
      live = std::make_unique<LiveTraffic>(context.store, context.pools, project, context.clock,
                                           LiveOptions{options.live_rate, options.seed});
    return live;
  });
}

}  // namespace callsign::app
