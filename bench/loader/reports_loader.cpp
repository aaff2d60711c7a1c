// Bench loader for bench/reports.sh: fills a Callsign data directory with one project's history — visitor
// sessions, the calls they led to (and static-number calls), daily ad costs and won deals — written through the
// storage layer (the same repositories the server uses) in large transactions, then builds the session rollup as
// the server's background job would. Deterministic (fixed seed).
//
//   reports_loader --data-dir DIR --api-key KEY [--sessions 10000000] [--calls 1000000] [--days 365]
//
// Prints the project id and the load's figures. The data ends one hour before now, so the last hour is left to
// the reports' live tail, as in a running server.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "common/crypto.hpp"
#include "domain/repositories.hpp"
#include "storage/session_rollup_job.hpp"
#include "storage/sqlite/sqlite_repositories.hpp"
#include "storage/store.hpp"

namespace {

using namespace callsign;
using Wall = std::chrono::steady_clock;

struct Options {
  std::string data_dir, api_key;
  long sessions = 10'000'000, calls = 1'000'000, days = 365;
};

struct ChannelShape {
  const char* channel;
  const char* source;
  const char* medium;
  int weight;      // share of sessions, percent
  bool campaigns;  // tagged with a campaign and term
};

constexpr ChannelShape kChannels[] = {
    {"paid_search", "google", "cpc", 30, true},  {"organic", "google", "organic", 25, false},
    {"direct", "(direct)", "(none)", 20, false}, {"paid_social", "facebook", "cpc", 10, true},
    {"email", "newsletter", "email", 5, true},   {"referral", "example.org", "referral", 5, false},
    {"display", "gdn", "display", 3, true},      {"social", "instagram", "social", 2, false},
};
constexpr int kCampaigns = 40, kTerms = 200, kLandingPages = 30;

std::string padded(const char* prefix, long n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%012ld", prefix, n);
  return buf;
}

int parse(int argc, char** argv, Options& o) {
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--data-dir") o.data_dir = value;
    else if (flag == "--api-key") o.api_key = value;
    else if (flag == "--sessions") o.sessions = std::stol(value);
    else if (flag == "--calls") o.calls = std::stol(value);
    else if (flag == "--days") o.days = std::stol(value);
    else return std::fprintf(stderr, "unknown flag %s\n", flag.c_str()), 2;
  }
  if (o.data_dir.empty() || o.api_key.empty())
    return std::fprintf(stderr, "usage: reports_loader --data-dir DIR --api-key KEY [--sessions N] [--calls N] [--days N]\n"), 2;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (int r = parse(argc, argv, o)) return r;
  std::filesystem::create_directories(o.data_dir);
  auto opened = storage::Store::open({(std::filesystem::path(o.data_dir) / "callsign.db").string(), 2, 256});
  if (!opened) return std::fprintf(stderr, "%s\n", opened.error().message.c_str()), 1;
  auto& store = **opened;

  const Timestamp now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  const Timestamp end = std::chrono::floor<std::chrono::hours>(now) - std::chrono::hours(1);
  const Timestamp start = end - std::chrono::days(o.days);
  domain::Project project;
  project.id = new_id("prj");
  project.name = "Bench reports";
  project.settings.timezone = "America/New_York";
  project.settings.margin_percent = 30;
  project.api_key_hash = sha256_hex(o.api_key);
  project.public_key = "pk_" + random_token(12);
  project.created_at = start;

  std::mt19937_64 rng(20261206);
  auto uniform = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  int total_weight = 0;
  for (const auto& c : kChannels) total_weight += c.weight;
  auto pick_channel = [&]() -> const ChannelShape& {
    int x = uniform(total_weight);
    for (const auto& c : kChannels) {
      if (x < c.weight) return c;
      x -= c.weight;
    }
    return kChannels[0];
  };

  const auto t0 = Wall::now();
  const long chunk = 50'000;
  const double session_step_ms = static_cast<double>(to_unix_ms(end) - to_unix_ms(start)) / static_cast<double>(o.sessions);
  // Which sessions lead to a call: o.calls split 70 % pool calls (a session's visitor) and 30 % static numbers.
  const long pool_every = std::max(1L, o.sessions / std::max(1L, o.calls * 7 / 10));
  const long static_every = std::max(1L, o.sessions / std::max(1L, o.calls * 3 / 10));
  std::vector<long> recent_visitors;  // a ring of visitor numbers for returning visitors
  long visitors = 0, calls_written = 0, deals_written = 0;

  auto first = store.write_blocking<bool>([&](domain::Repositories& repos) -> Result<bool> {
    // A large page cache for the bulk load only (the server's own connections keep their defaults).
    auto& connection = static_cast<storage::sqlite::SqliteRepositories&>(repos).connection();
    if (auto r = connection.exec("PRAGMA cache_size = -1000000"); !r) return fail(r.error());
    if (auto r = repos.projects().insert(project); !r) return fail(r.error());
    for (long day = 0; day <= o.days; ++day)
      for (int c = 0; c < kCampaigns; ++c) {
        const auto& shape = kChannels[c % 8 == 1 ? 0 : (c % 8 == 2 ? 3 : (c % 8 == 5 ? 6 : c % 8))];
        if (!shape.campaigns) continue;
        const auto date = std::chrono::floor<std::chrono::days>(start + std::chrono::days(day) - std::chrono::hours(5));
        const auto ymd = std::chrono::year_month_day{date};
        char text[16];
        std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                      static_cast<unsigned>(ymd.day()));
        domain::CostEntry cost{project.id, text, shape.source, shape.medium, "campaign-" + std::to_string(c), "",
                               40.0 + c};
        if (auto r = repos.costs().upsert(cost); !r) return fail(r.error());
      }
    return true;
  });
  if (!first) return std::fprintf(stderr, "%s\n", first.error().message.c_str()), 1;

  for (long base = 0; base < o.sessions; base += chunk) {
    auto written = store.write_blocking<bool>([&](domain::Repositories& repos) -> Result<bool> {
      for (long i = base; i < std::min(o.sessions, base + chunk); ++i) {
        const auto& shape = pick_channel();
        domain::VisitorSession s;
        s.id = padded("ses_", i);
        s.project_id = project.id;
        long visitor;
        if (recent_visitors.size() < 1000 || uniform(10) < 6) {
          visitor = visitors++;
          if (recent_visitors.size() < 200'000) recent_visitors.push_back(visitor);
          else recent_visitors[static_cast<std::size_t>(visitor % 200'000)] = visitor;
        } else {
          visitor = recent_visitors[static_cast<std::size_t>(uniform(static_cast<int>(recent_visitors.size())))];
        }
        s.visitor_id = padded("vis_", visitor);
        s.started_at = s.last_seen_at = start + std::chrono::milliseconds(static_cast<long>(static_cast<double>(i) * session_step_ms));
        s.source.channel = *domain::traffic_channel_from_string(shape.channel);
        s.source.source = shape.source;
        s.source.medium = shape.medium;
        if (shape.campaigns) {
          s.source.campaign = "campaign-" + std::to_string(uniform(kCampaigns));
          s.source.term = "term " + std::to_string(uniform(kTerms));
        }
        s.source.landing_page = "https://shop.example/p" + std::to_string(uniform(kLandingPages));
        s.page_url = s.source.landing_page;
        if (auto r = repos.sessions().insert(s); !r) return fail(r.error());

        const bool pool_call = i % pool_every == 0, static_call = i % static_every == 1;
        if (!pool_call && !static_call) continue;
        domain::Call c;
        c.id = padded("call_", calls_written);
        c.project_id = project.id;
        c.external_id = c.id;
        c.caller = "+1212" + std::to_string(5'000'000 + uniform(3'000'000));
        c.caller_line_type = "fixed_line_or_mobile";
        c.started_at = s.started_at + std::chrono::seconds(90);
        const int outcome = uniform(100);
        c.status = outcome < 82 ? domain::CallStatus::answered : outcome < 94 ? domain::CallStatus::no_answer
                                                                             : domain::CallStatus::abandoned;
        auto& f = c.flags;
        f.answered = c.status == domain::CallStatus::answered;
        f.missed = !f.answered;
        f.abandoned = c.status == domain::CallStatus::abandoned;
        if (f.answered) {
          c.answered_at = c.started_at + std::chrono::seconds(3 + uniform(20));
          c.ended_at = *c.answered_at + std::chrono::seconds(5 + uniform(400));
          c.operator_name = "Operator " + std::to_string(uniform(12));
        } else {
          c.ended_at = c.started_at + std::chrono::seconds(5 + uniform(40));
        }
        f.target = f.answered && (*c.ended_at - *c.answered_at) >= std::chrono::seconds(30);
        f.first_time = uniform(10) < 6;
        f.unique = f.first_time || uniform(10) < 3;
        f.repeat = !f.unique;
        f.unique_target = f.unique && f.target;
        f.off_hours = uniform(10) < 2;
        auto& a = c.attribution;
        if (pool_call) {
          c.tracking_number = "+1628555" + std::to_string(1000 + uniform(200));
          a.method = domain::AttributionMethod::session;
          a.confidence = 0.9;
          a.session_id = s.id;
          a.visitor_id = s.visitor_id;
          a.channel = shape.channel;
          a.source = s.source.source;
          a.medium = s.source.medium;
          a.campaign = s.source.campaign;
          a.term = s.source.term;
          a.landing_page = s.source.landing_page;
        } else {
          c.tracking_number = "+1212555" + std::to_string(100 + uniform(5));
          a.method = domain::AttributionMethod::static_number;
          a.confidence = 1;
          a.channel = "offline";
          a.source = "billboard";
          a.medium = "offline";
        }
        c.created_at = c.updated_at = c.started_at;
        if (auto r = repos.calls().insert(c); !r) return fail(r.error());
        ++calls_written;
        if (f.target && uniform(10) == 0) {
          domain::Deal deal;
          deal.id = padded("deal_", deals_written);
          deal.project_id = project.id;
          deal.external_id = deal.id;
          deal.call_id = c.id;
          deal.created_at = deal.updated_at = c.started_at + std::chrono::hours(24);
          deal.amount = 200 + uniform(1800);
          deal.status = uniform(10) == 0 ? domain::DealStatus::refunded : domain::DealStatus::won;
          if (auto r = repos.deals().upsert(deal); !r) return fail(r.error());
          ++deals_written;
        }
      }
      return true;
    });
    if (!written) return std::fprintf(stderr, "%s\n", written.error().message.c_str()), 1;
    if ((base / chunk) % 20 == 0)
      std::fprintf(stderr, "reports_loader: %ld sessions, %ld calls, %.0f s\n", base + chunk, calls_written,
                   std::chrono::duration<double>(Wall::now() - t0).count());
  }
  const double load_seconds = std::chrono::duration<double>(Wall::now() - t0).count();
  const auto t1 = Wall::now();
  auto rolled = storage::roll_up_sessions(store, now);
  if (!rolled) return std::fprintf(stderr, "rollup: %s\n", rolled.error().message.c_str()), 1;
  const double rollup_seconds = std::chrono::duration<double>(Wall::now() - t1).count();
  store.close();
  std::printf("project=%s\nsessions=%ld\ncalls=%ld\ndeals=%ld\nvisitors=%ld\nload_seconds=%.1f\nrollup_hours=%lld\n"
              "rollup_seconds=%.1f\n",
              project.id.c_str(), o.sessions, calls_written, deals_written, visitors, load_seconds,
              static_cast<long long>(*rolled), rollup_seconds);
  return 0;
}
