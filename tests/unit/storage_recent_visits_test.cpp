// SqliteReportRepository::recent_visits (the pool sizing advisor's input): the project's sessions of the window,
// marked when they held one of the pool's numbers, with the calls to the pool's numbers attributed to them and
// their tel: taps; calls naming no session of the window are "unmatched"; other pools, static numbers and other
// projects stay out.
#include "domain/lease.hpp"
#include "storage_test_support.hpp"

namespace callsign::storage::testing {
namespace {

using domain::AttributionMethod;

constexpr std::int64_t kT0 = 1'760'000'000'000;  // the window's start
constexpr std::int64_t kMin = 60'000;

domain::VisitorSession session(const std::string& project_id, const std::string& id, std::int64_t started_ms,
                               domain::TrafficChannel channel = domain::TrafficChannel::direct) {
  domain::VisitorSession s;
  s.id = id;
  s.project_id = project_id;
  s.visitor_id = "vis_" + id;
  s.started_at = at_ms(started_ms);
  s.last_seen_at = at_ms(started_ms + 2 * kMin);
  s.page_url = "https://example.com/";
  s.source.channel = channel;
  s.source.source = "(direct)";
  s.source.medium = "(none)";
  s.source.landing_page = "https://example.com/";
  s.user_agent = "Mozilla/5.0";
  return s;
}

domain::Call call_to(const std::string& number, const std::string& suffix, std::int64_t started_ms,
                     std::optional<std::string> session_id, AttributionMethod method) {
  domain::Call c = sample_call("prj_a", suffix, started_ms);
  c.tracking_number = number;
  c.caller = "+12125550111";
  c.attribution.method = method;
  c.attribution.session_id = std::move(session_id);
  return c;
}

class RecentVisitsTest : public StorageTest {
 protected:
  void SetUp() override {
    store_ = open_store();
    ASSERT_TRUE(store_);
    write_ok(*store_, [](domain::Repositories& repos) -> Result<void> {
      for (auto id : {"a", "b"})
        if (auto r = repos.projects().insert(sample_project(id)); !r) return r;
      for (auto pool_id : {"pool_1", "pool_2"}) {
        domain::Pool pool;
        pool.id = pool_id;
        pool.project_id = "prj_a";
        pool.name = pool_id;
        if (auto r = repos.pools().insert(pool); !r) return r;
      }
      auto pool_number = [](const std::string& suffix, const std::string& e164, const std::string& pool_id) {
        domain::TrackingNumber n = sample_number("prj_a", suffix, e164);
        n.kind = domain::NumberKind::pool;
        n.pool_id = pool_id;
        return n;
      };
      for (const auto& n : {pool_number("p1", "+14155550201", "pool_1"), pool_number("p2", "+14155550202", "pool_1"),
                            pool_number("q1", "+14155550301", "pool_2"), sample_number("prj_a", "s1", "+14155550401")})
        if (auto r = repos.numbers().insert(n); !r) return r;
      return {};
    });
  }
  std::unique_ptr<sqlite::SqliteStore> store_;
};

TEST_F(RecentVisitsTest, SessionsOfTheWindowWithThePoolsCallsAndTelTaps) {
  write_ok(*store_, [](domain::Repositories& repos) -> Result<void> {
    const std::vector<domain::VisitorSession> sessions{
        session("prj_a", "ses_old", kT0 - 10 * kMin),                                // before the window
        session("prj_a", "ses_1", kT0 + kMin, domain::TrafficChannel::paid_search),  // held pool_1's number
        session("prj_a", "ses_2", kT0 + 2 * kMin),                                   // held pool_2's only
        session("prj_a", "ses_late", kT0 + 100 * kMin),                              // after the window
        session("prj_b", "ses_b", kT0 + 3 * kMin),                                   // another project
    };
    for (const auto& s : sessions)
      if (auto r = repos.sessions().insert(s); !r) return r;
    const std::chrono::milliseconds hold{900'000};
    using Kind = domain::LeaseEventKind;
    if (auto r = repos.leases().apply("pool_1", "vis_ses_1",
                                      domain::LeaseEvent{"+14155550201", "ses_1", Kind::started, at_ms(kT0 + kMin)},
                                      hold);
        !r)
      return r;
    if (auto r = repos.leases().apply("pool_2", "vis_ses_2",
                                      domain::LeaseEvent{"+14155550301", "ses_2", Kind::started, at_ms(kT0 + 2 * kMin)},
                                      hold);
        !r)
      return r;
    for (auto at : {kT0 + kMin + 10'000, kT0 + kMin + 20'000, kT0 + 90 * kMin})  // the last is after the call
      if (auto r = repos.sessions().add_event({"ses_1", domain::SessionEventType::tel_click, at_ms(at), std::nullopt}); !r)
        return r;
    domain::Call right = call_to("+14155550201", "1", kT0 + kMin + 30'000, "ses_1", AttributionMethod::session);
    right.answered_at = at_ms(kT0 + kMin + 35'000);
    right.ended_at = at_ms(kT0 + kMin + 95'000);
    domain::Call spam = call_to("+14155550202", "2", kT0 + 5 * kMin, std::nullopt, AttributionMethod::none);
    spam.flags.spam = true;
    const std::vector<domain::Call> calls{
        right,
        spam,
        call_to("+14155550202", "3", kT0 + 6 * kMin, std::nullopt, AttributionMethod::none),  // unattributed
        call_to("+14155550201", "4", kT0 + 7 * kMin, "ses_old", AttributionMethod::caller_memory),  // before
        call_to("+14155550301", "5", kT0 + 8 * kMin, "ses_2", AttributionMethod::session),  // pool_2's number
        call_to("+14155550401", "6", kT0 + 9 * kMin, std::nullopt, AttributionMethod::static_number),  // static
        call_to("+14155550201", "7", kT0 + 200 * kMin, "ses_late", AttributionMethod::session),  // after
    };
    for (const auto& c : calls)
      if (auto r = repos.calls().insert(c); !r) return r;
    return {};
  });

  auto got = store_->read([](domain::Repositories& repos) {
    return repos.reports().recent_visits("prj_a", "pool_1", at_ms(kT0), at_ms(kT0 + 60 * kMin));
  });
  ASSERT_TRUE(got) << got.error().message;
  ASSERT_EQ(got->visits.size(), 2u);
  const auto& v1 = got->visits[0];
  EXPECT_EQ(v1.session_id, "ses_1");
  EXPECT_EQ(v1.visitor_id, "vis_ses_1");
  EXPECT_EQ(v1.channel, "paid_search");
  EXPECT_EQ(v1.started_at, at_ms(kT0 + kMin));
  EXPECT_EQ(v1.last_seen_at, at_ms(kT0 + 3 * kMin));
  EXPECT_TRUE(v1.got_number);
  ASSERT_EQ(v1.calls.size(), 1u);
  EXPECT_EQ(v1.calls[0].started_at, at_ms(kT0 + kMin + 30'000));
  EXPECT_EQ(v1.calls[0].answered_at, at_ms(kT0 + kMin + 35'000));
  EXPECT_EQ(v1.calls[0].ended_at, at_ms(kT0 + kMin + 95'000));
  EXPECT_EQ(v1.calls[0].caller, "+12125550111");
  EXPECT_EQ(v1.calls[0].method, AttributionMethod::session);
  EXPECT_EQ(v1.calls[0].tel_click, at_ms(kT0 + kMin + 20'000));  // the latest tap before the call
  const auto& v2 = got->visits[1];
  EXPECT_EQ(v2.session_id, "ses_2");
  EXPECT_FALSE(v2.got_number);  // it held another pool's number
  EXPECT_TRUE(v2.calls.empty());
  ASSERT_EQ(got->unmatched.size(), 3u);  // spam, unattributed, attributed to a session before the window
  EXPECT_TRUE(got->unmatched[0].spam);
  EXPECT_EQ(got->unmatched[1].method, AttributionMethod::none);
  EXPECT_FALSE(got->unmatched[1].spam);
  EXPECT_EQ(got->unmatched[2].method, AttributionMethod::caller_memory);
}

TEST_F(RecentVisitsTest, UnknownPoolOrProjectGivesNoCalls) {
  auto got = store_->read([](domain::Repositories& repos) {
    return repos.reports().recent_visits("prj_b", "pool_1", at_ms(kT0), at_ms(kT0 + 60 * kMin));
  });
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_TRUE(got->visits.empty());
  EXPECT_TRUE(got->unmatched.empty());
}

}  // namespace
}  // namespace callsign::storage::testing
