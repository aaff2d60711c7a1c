// SqliteSessionRepository: every field and channel round-trips, ids are unique (Error{conflict, "session_id"}),
// touch only moves last_seen_at forward, and the event / per-visitor queries keep their range edges.
#include "storage_test_support.hpp"

namespace callsign::storage::testing {
namespace {

using domain::SessionEvent;
using domain::SessionEventType;
using domain::TrafficChannel;
using domain::VisitorSession;

VisitorSession sample_session(const std::string& project_id, const std::string& suffix, std::int64_t started_ms,
                              const std::string& visitor_id = "vis_1") {
  VisitorSession s;
  s.id = "ses_" + suffix;
  s.project_id = project_id;
  s.visitor_id = visitor_id;
  s.started_at = at_ms(started_ms);
  s.last_seen_at = at_ms(started_ms);
  s.page_url = "https://example.com/";
  s.source.source = "(direct)";
  s.source.medium = "(none)";
  s.source.landing_page = "https://example.com/";
  return s;
}

VisitorSession full_session(const std::string& project_id, const std::string& suffix) {
  VisitorSession s = sample_session(project_id, suffix, 1'700'000'000'000);
  s.last_seen_at = at_ms(1'700'000'045'500);
  s.page_url = "https://example.com/pricing?utm_source=google&utm_medium=cpc&gclid=Cj0&x=%22ü%22";
  s.referrer = "https://www.google.com/";
  s.source.channel = TrafficChannel::paid_search;
  s.source.source = "google";
  s.source.medium = "cpc";
  s.source.campaign = "Brand \"spring\"";
  s.source.term = "plumber near me";
  s.source.content = "";  // empty, not absent
  s.source.gclid = "Cj0";
  s.source.msclkid = "ms-1";
  s.source.yclid = "y-1";
  s.source.fbclid = "fb-1";
  s.source.landing_page = "https://example.com/pricing";
  s.ga_client_id = "GA1.1.123.456";
  s.user_agent = "Mozilla/5.0 (X11; Linux x86_64)";
  s.ip = "2001:db8::1";
  return s;
}

class SessionRepositoryTest : public RepositoryTest<domain::SessionRepository, &domain::Repositories::sessions> {
 protected:
  void insert_all(const std::vector<VisitorSession>& sessions) {
    ASSERT_TRUE(write([&](domain::SessionRepository& repo) -> Result<void> {
      for (const auto& s : sessions)
        if (auto r = repo.insert(s); !r) return r;
      return {};
    }));
  }
  void add_events(const std::vector<SessionEvent>& events) {
    ASSERT_TRUE(write([&](domain::SessionRepository& repo) -> Result<void> {
      for (const auto& e : events)
        if (auto r = repo.add_event(e); !r) return r;
      return {};
    }));
  }
  std::optional<VisitorSession> find(const std::string& id) {
    auto r = store_->read([&](domain::Repositories& repos) { return repos.sessions().find(id); });
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : std::nullopt;
  }
  bool touch(const std::string& id, std::int64_t ms) {
    bool found = false;
    write_ok(*store_, [&](domain::Repositories& repos) -> Result<void> {
      auto r = repos.sessions().touch(id, at_ms(ms));
      if (!r) return fail(r.error());
      found = *r;
      return {};
    });
    return found;
  }
  std::optional<std::int64_t> latest(const std::string& session_id, SessionEventType type, std::int64_t since,
                                     std::int64_t until) {
    auto r = store_->read([&](domain::Repositories& repos) {
      return repos.sessions().latest_event(session_id, type, at_ms(since), at_ms(until));
    });
    EXPECT_TRUE(r) << r.error().message;
    if (!r || !*r) return std::nullopt;
    return to_unix_ms(**r);
  }
  std::uint64_t count(const std::string& project_id, const std::string& visitor_id, std::int64_t since,
                      std::int64_t until) {
    auto r = store_->read([&](domain::Repositories& repos) {
      return repos.sessions().count_visitor_sessions(project_id, visitor_id, at_ms(since), at_ms(until));
    });
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : 0;
  }
};

TEST_F(SessionRepositoryTest, RoundTripsEveryFieldEmptyAndSet) {
  const VisitorSession plain = sample_session("prj_a", "plain", 1'700'000'000'000);
  const VisitorSession full = full_session("prj_a", "full");
  insert_all({plain, full});

  auto got_plain = find("ses_plain");
  ASSERT_TRUE(got_plain);
  EXPECT_EQ(*got_plain, plain);
  EXPECT_FALSE(got_plain->referrer);
  EXPECT_FALSE(got_plain->source.gclid);

  auto got_full = find("ses_full");
  ASSERT_TRUE(got_full);
  EXPECT_EQ(*got_full, full);
  EXPECT_EQ(got_full->source.content, std::optional<std::string>(""));
  EXPECT_FALSE(find("ses_ghost"));
}

TEST_F(SessionRepositoryTest, EveryChannelRoundTrips) {
  const TrafficChannel channels[] = {TrafficChannel::paid_search, TrafficChannel::paid_social, TrafficChannel::organic,
                                     TrafficChannel::social,      TrafficChannel::referral,    TrafficChannel::email,
                                     TrafficChannel::display,     TrafficChannel::other,       TrafficChannel::direct};
  std::vector<VisitorSession> sessions;
  for (auto channel : channels) {
    VisitorSession s = sample_session("prj_a", std::string(domain::to_string(channel)), 1000);
    s.source.channel = channel;
    sessions.push_back(s);
  }
  insert_all(sessions);
  for (const auto& s : sessions) {
    auto got = find(s.id);
    ASSERT_TRUE(got) << s.id;
    EXPECT_EQ(got->source.channel, s.source.channel) << s.id;
  }
  EXPECT_FALSE(domain::traffic_channel_from_string("Paid_Search"));  // names are exact
}

TEST_F(SessionRepositoryTest, DuplicateIdIsAConflictAndTheProjectMustExist) {
  insert_all({sample_session("prj_a", "1", 1000)});
  auto twin = write([](domain::SessionRepository& repo) { return repo.insert(sample_session("prj_b", "1", 2000)); });
  ASSERT_FALSE(twin);
  EXPECT_EQ(twin.error().kind, ErrorKind::conflict);
  EXPECT_EQ(twin.error().field, "session_id");
  auto got = find("ses_1");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->project_id, "prj_a");

  auto orphan =
      write([](domain::SessionRepository& repo) { return repo.insert(sample_session("prj_nobody", "2", 1000)); });
  ASSERT_FALSE(orphan);
  EXPECT_EQ(orphan.error().kind, ErrorKind::not_found);
}

TEST_F(SessionRepositoryTest, TouchKeepsTheLatestLastSeen) {
  insert_all({sample_session("prj_a", "1", 1000)});
  EXPECT_TRUE(touch("ses_1", 5000));
  EXPECT_EQ(find("ses_1")->last_seen_at, at_ms(5000));
  EXPECT_TRUE(touch("ses_1", 3000));  // earlier: found, unchanged
  EXPECT_EQ(find("ses_1")->last_seen_at, at_ms(5000));
  EXPECT_TRUE(touch("ses_1", 5000));  // equal
  EXPECT_EQ(find("ses_1")->last_seen_at, at_ms(5000));
  EXPECT_TRUE(touch("ses_1", 5001));
  EXPECT_EQ(find("ses_1")->last_seen_at, at_ms(5001));
  EXPECT_EQ(find("ses_1")->started_at, at_ms(1000));
  EXPECT_FALSE(touch("ses_ghost", 5000));
}

TEST_F(SessionRepositoryTest, LatestEventIsInclusiveAtBothEndsAndPerSessionAndType) {
  insert_all({sample_session("prj_a", "1", 0), sample_session("prj_a", "2", 0)});
  add_events({{"ses_1", SessionEventType::tel_click, at_ms(200), "https://example.com/contact"},
              {"ses_1", SessionEventType::tel_click, at_ms(100), std::nullopt},
              {"ses_1", SessionEventType::tel_click, at_ms(300), std::nullopt},
              {"ses_1", SessionEventType::page_view, at_ms(400), "https://example.com/"},
              {"ses_1", SessionEventType::form_submit, at_ms(250), std::nullopt},
              {"ses_2", SessionEventType::tel_click, at_ms(350), std::nullopt},
              {"ses_unknown", SessionEventType::tel_click, at_ms(10), std::nullopt}});  // not checked
  using T = SessionEventType;
  EXPECT_EQ(latest("ses_1", T::tel_click, 0, 1000), 300);
  EXPECT_EQ(latest("ses_1", T::tel_click, 100, 300), 300);  // until is inclusive
  EXPECT_EQ(latest("ses_1", T::tel_click, 100, 299), 200);
  EXPECT_EQ(latest("ses_1", T::tel_click, 300, 300), 300);  // since is inclusive
  EXPECT_EQ(latest("ses_1", T::tel_click, 0, 100), 100);
  EXPECT_EQ(latest("ses_1", T::tel_click, 0, 99), std::nullopt);
  EXPECT_EQ(latest("ses_1", T::tel_click, 301, 1000), std::nullopt);
  EXPECT_EQ(latest("ses_1", T::page_view, 0, 1000), 400);
  EXPECT_EQ(latest("ses_1", T::form_submit, 0, 1000), 250);
  EXPECT_EQ(latest("ses_2", T::tel_click, 0, 1000), 350);
  EXPECT_EQ(latest("ses_2", T::page_view, 0, 1000), std::nullopt);
  EXPECT_EQ(latest("ses_unknown", T::tel_click, 0, 1000), 10);
  EXPECT_EQ(latest("ses_nobody", T::tel_click, 0, 1000), std::nullopt);
}

TEST_F(SessionRepositoryTest, CountVisitorSessionsIsHalfOpenAndPerProjectAndVisitor) {
  insert_all({sample_session("prj_a", "1", 1000), sample_session("prj_a", "2", 2000),
              sample_session("prj_a", "3", 2999), sample_session("prj_a", "4", 3000),
              sample_session("prj_a", "5", 2000, "vis_other"), sample_session("prj_b", "6", 2000)});
  EXPECT_EQ(count("prj_a", "vis_1", 0, 10'000), 4u);
  EXPECT_EQ(count("prj_a", "vis_1", 1000, 3000), 3u);  // since inclusive, until exclusive
  EXPECT_EQ(count("prj_a", "vis_1", 1001, 3000), 2u);
  EXPECT_EQ(count("prj_a", "vis_1", 1000, 3001), 4u);
  EXPECT_EQ(count("prj_a", "vis_1", 3000, 3000), 0u);
  EXPECT_EQ(count("prj_a", "vis_other", 0, 10'000), 1u);
  EXPECT_EQ(count("prj_b", "vis_1", 0, 10'000), 1u);
  EXPECT_EQ(count("prj_b", "vis_nobody", 0, 10'000), 0u);
}

}  // namespace
}  // namespace callsign::storage::testing
