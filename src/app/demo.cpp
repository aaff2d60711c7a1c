#include "app/demo.hpp"

#include <array>
#include <iostream>
#include <random>
#include <utility>

#include "app/serve.hpp"
#include "common/crypto.hpp"
#include "domain/call_recorder.hpp"
#include "domain/routing_plan.hpp"
#include "domain/settings_codec.hpp"

namespace callsign::app {
namespace {

constexpr const char* kDemoProjectName = "Acme Tyres (demo)";

struct DemoNumber {
  const char* number;
  const char* channel;
  const char* label;
};
constexpr std::array<DemoNumber, 3> kDemoNumbers{{{"+12125550101", "billboard", "Billboard on I-95"},
                                                   {"+12125550102", "radio", "Radio spot, morning show"},
                                                   {"+12125550103", "google_business", "Google Business Profile"}}};

struct DemoProject {
  domain::Project project;
  bool created = false;
};

constexpr int kDemoPoolSize = 5;

// The sales line every demo number forwards to: Dana and Lee in turn, voicemail when neither answers or the shop
// is closed (the project's working hours).
Result<std::string> seed_routing(domain::Repositories& repos, const domain::Project& project) {
  domain::RoutingPlanRecord plan;
  plan.id = new_id("plan");
  plan.project_id = project.id;
  plan.name = "Sales line";
  plan.strategy = domain::RoutingStrategy::round_robin;
  plan.off_hours = plan.no_answer = domain::Fallback{domain::Fallback::Kind::voicemail, ""};
  plan.created_at = project.created_at;
  for (const auto& [name, destination] : {std::pair{"Dana", "+12125550201"}, std::pair{"Lee", "+12125550202"}}) {
    domain::OperatorRecord op;
    op.id = new_id("op");
    op.name = name;
    op.destination = destination;
    op.project_id = project.id;
    op.created_at = project.created_at;
    if (auto r = repos.routing().insert_operator(op); !r) return fail(r.error());
    plan.members.push_back({domain::RoutingMember::Kind::operator_id, op.id});
  }
  if (auto r = repos.routing().insert_plan(plan); !r) return fail(r.error());
  return plan.id;
}

Result<DemoProject> find_or_create_project(storage::Store& store, const Clock& clock) {
  auto projects = store.read([](domain::Repositories& repos) { return repos.projects().list(); });
  if (!projects) return fail(projects.error());
  for (const auto& p : *projects)
    if (p.name == kDemoProjectName) return DemoProject{p, false};

  domain::Project project;
  project.id = new_id("prj");
  project.name = kDemoProjectName;
  project.public_key = "pk_" + random_token(15);
  project.created_at = clock.now();
  auto settings = domain::apply_settings(project.settings, nlohmann::json::parse(R"({
      "timezone": "America/New_York", "country": "US", "default_number": "+12125550100",
      "working_hours": {"mon": [["09:00", "18:00"]], "tue": [["09:00", "18:00"]], "wed": [["09:00", "18:00"]],
                        "thu": [["09:00", "18:00"]], "fri": [["09:00", "17:00"]], "sat": [["10:00", "14:00"]], "sun": []},
      "holidays": ["2026-12-25", "2027-01-01"]})"));
  if (!settings) return fail(settings.error());
  return store.write_blocking<DemoProject>([&](domain::Repositories& repos) -> Result<DemoProject> {
    if (auto r = repos.projects().insert(project); !r) return fail(r.error());
    auto plan_id = seed_routing(repos, project);
    if (!plan_id) return fail(plan_id.error());
    for (const auto& d : kDemoNumbers) {
      domain::TrackingNumber n;
      n.id = new_id("num");
      n.project_id = project.id;
      n.number = d.number;
      n.channel = d.channel;
      n.label = d.label;
      n.routing_plan_id = *plan_id;
      n.created_at = project.created_at;
      if (auto r = repos.numbers().insert(n); !r) return fail(r.error());
    }
    // The website's pool: five numbers stand in for the site's own (212) 555-0100 on every visit.
    domain::Pool pool;
    pool.id = new_id("pool");
    pool.project_id = project.id;
    pool.name = "Website";
    pool.replace = {"+12125550100"};
    pool.routing_plan_id = *plan_id;
    pool.created_at = project.created_at;
    if (auto r = repos.pools().insert(pool); !r) return fail(r.error());
    for (int i = 0; i < kDemoPoolSize; ++i) {
      domain::TrackingNumber n;
      n.id = new_id("num");
      n.project_id = project.id;
      n.number = "+1212555011" + std::to_string(i);
      n.kind = domain::NumberKind::pool;
      n.pool_id = pool.id;
      n.channel = "dni";
      n.created_at = project.created_at;
      if (auto r = repos.numbers().insert(n); !r) return fail(r.error());
    }
    return DemoProject{project, true};
  });
}

// A week of calls ending now: a few repeat callers, some missed, some short. Idempotent by external_id.
Result<int> seed_calls(storage::Store& store, const domain::Project& project, const Clock& clock) {
  std::mt19937 rng(20261123);
  const Timestamp now = clock.now();
  int recorded = 0;
  for (int i = 0; i < 60; ++i) {
    domain::CallInput in;
    in.external_id = "demo-" + std::to_string(i);
    in.tracking_number = kDemoNumbers[rng() % kDemoNumbers.size()].number;
    in.caller = "+1212555" + std::to_string(1000 + rng() % 25 * 7);  // 25 callers, several repeat
    in.started_at = now - std::chrono::minutes(rng() % (7 * 24 * 60));
    const unsigned outcome = rng() % 10;
    if (outcome < 7) {
      in.answered_at = in.started_at + std::chrono::seconds(3 + rng() % 25);
      in.ended_at = *in.answered_at + std::chrono::seconds(outcome < 5 ? 35 + rng() % 400 : 5 + rng() % 20);
      in.operator_name = (rng() % 2) ? "Dana" : "Lee";
    } else {
      in.status = outcome == 9 ? domain::CallStatus::abandoned : domain::CallStatus::no_answer;
      in.ended_at = in.started_at + std::chrono::seconds(10 + rng() % 30);
    }
    auto r = store.write_blocking<domain::RecordedCall>(
        [&](domain::Repositories& repos) { return domain::record_call(repos, project, in, now); });
    if (!r) return fail(r.error());
    recorded += r->created ? 1 : 0;
  }
  return recorded;
}

Result<std::string> rotate_key(storage::Store& store, domain::Project project) {
  const std::string key = "cs_" + random_token(25);
  project.api_key_hash = sha256_hex(key);
  auto r = store.write_blocking<bool>([&](domain::Repositories& repos) -> Result<bool> {
    if (auto u = repos.projects().update(project); !u) return fail(u.error());
    return true;
  });
  if (!r) return fail(r.error());
  return key;
}

}  // namespace

int run_demo(const ServeConfig& config) {
  SystemClock clock;
  return serve(config, [&](storage::Store& store, std::uint16_t port) -> Result<void> {
    auto demo = find_or_create_project(store, clock);
    if (!demo) return fail(demo.error());
    const domain::Project* project = &demo->project;
    // Seeded once, when the project is new: the calls are relative to that first start, and a restart
    // must not move them.
    Result<int> seeded = 0;
    if (demo->created) seeded = seed_calls(store, *project, clock);
    if (!seeded) return fail(seeded.error());
    auto key = rotate_key(store, *project);
    if (!key) return fail(key.error());
    const std::string base = "http://" + config.host + ":" + std::to_string(port);
    std::cout << "\n  Callsign demo — project \"" << kDemoProjectName << "\" (" << project->id << ")\n"
              << "  " << (demo->created ? std::to_string(*seeded) + " demo calls recorded" : std::string("demo data kept from the last run"))
              << "; static numbers: billboard +12125550101, "
              << "radio +12125550102, Google Business +12125550103\n\n"
              << "  API key (new at every demo start): " << *key << "\n\n"
              << "  Dashboard: open " << base << "/ and sign in with the API key above.\n\n"
              << "  Try it:\n"
              << "    curl -s -H 'Authorization: Bearer " << *key << "' '" << base << "/v1/projects/" << project->id
              << "/calls?limit=5'\n"
              << "    curl -s -H 'Authorization: Bearer " << *key << "' '" << base << "/v1/projects/" << project->id
              << "/calls?target=true&limit=5'\n"
              << "    curl -s -X POST -H 'Authorization: Bearer " << *key << "' " << base << "/v1/projects/"
              << project->id << "/calls -d '{\"external_id\":\"my-first\",\"tracking_number\":\"(212) 555-0101\","
              << "\"caller\":\"(212) 555-0199\",\"started_at\":\"2026-11-20T15:00:00Z\",\"answered_at\":"
              << "\"2026-11-20T15:00:05Z\",\"ended_at\":\"2026-11-20T15:02:00Z\"}'\n"
              << "    curl -s " << base << "/metrics | head\n\n"
              << "  Dynamic numbers: the \"Website\" pool swaps the site's (212) 555-0100 on every visit. Put this on a page:\n"
              << "    <script src=\"" << base << "/callsign.js\" data-key=\"" << project->public_key << "\" async></script>\n"
              << "  or ask for a number as the snippet does:\n"
              << "    curl -s -X POST " << base << "/v1/sessions -A 'Mozilla/5.0' -d '{\"public_key\":\"" << project->public_key
              << "\",\"page_url\":\"https://acme-tyres.example/?utm_source=google&utm_medium=cpc&utm_campaign=winter\"}'\n\n"
              << "  Phone calls: every number forwards to the \"Sales line\" plan (Dana and Lee in turn, voicemail after\n"
              << "  hours). Point a Twilio number's voice URL at " << base << "/telephony/twilio/voice after setting the\n"
              << "  project's twilio_auth_token (docs/telephony.md).\n\n"
              << "  Press Ctrl-C to stop.\n\n";
    return {};
  });
}

}  // namespace callsign::app
