// SqliteCallRepository: every field round-trips, (project, external_id) is unique, the caller-history queries
// keep the domain's order, and the call list filters and pages by keyset without skipping or repeating a call.
#include <algorithm>
#include <set>

#include "storage_test_support.hpp"

namespace callsign::storage::testing {
namespace {

using domain::AttributionMethod;
using domain::Call;
using domain::CallQuery;
using domain::CallStatus;

void expect_same(const Call& a, const Call& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.project_id, b.project_id);
  EXPECT_EQ(a.external_id, b.external_id);
  EXPECT_EQ(a.tracking_number, b.tracking_number);
  EXPECT_EQ(a.caller, b.caller);
  EXPECT_EQ(a.caller_region, b.caller_region);
  EXPECT_EQ(a.caller_line_type, b.caller_line_type);
  EXPECT_EQ(a.started_at, b.started_at);
  EXPECT_EQ(a.answered_at, b.answered_at);
  EXPECT_EQ(a.ended_at, b.ended_at);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.operator_name, b.operator_name);
  EXPECT_EQ(a.recording_url, b.recording_url);
  EXPECT_EQ(a.attribution, b.attribution);
  EXPECT_EQ(a.flags, b.flags);
  EXPECT_EQ(a.tags, b.tags);
  EXPECT_EQ(a.created_at, b.created_at);
  EXPECT_EQ(a.updated_at, b.updated_at);
  EXPECT_EQ(a.operator_id, b.operator_id);
}

Call full_call(const std::string& project_id, const std::string& suffix) {
  Call c = sample_call(project_id, suffix, 1'700'000'000'500);
  c.caller_region = "New York, NY";
  c.caller_line_type = "fixed_line_or_mobile";
  c.answered_at = at_ms(1'700'000'012'250);
  c.ended_at = at_ms(1'700'000'100'001);
  c.status = CallStatus::answered;
  c.operator_name = "Ana";
  c.recording_url = "https://example.com/rec/1.mp3";
  c.attribution.method = AttributionMethod::session;
  c.attribution.confidence = 0.875;
  c.attribution.session_id = "ses_1";
  c.attribution.visitor_id = "vis_1";
  c.attribution.channel = "paid_search";
  c.attribution.source = "google";
  c.attribution.medium = "cpc";
  c.attribution.campaign = "brand";
  c.attribution.term = "plumber near me";
  c.attribution.content = "";  // empty, not absent
  c.attribution.gclid = "Cj0KCQ";
  c.attribution.landing_page = "https://example.com/?utm_source=google&x=\"1\"";
  c.flags = {true, false, false, true, true, true, false, true, false, false};
  c.tags = {"vip", "follow-up", "ünïcode \"quoted\""};
  return c;
}

class CallRepositoryTest : public RepositoryTest<domain::CallRepository, &domain::Repositories::calls> {
 protected:
  void insert_all(const std::vector<Call>& calls) {
    ASSERT_TRUE(write([&](domain::CallRepository& repo) -> Result<void> {
      for (const auto& c : calls)
        if (auto r = repo.insert(c); !r) return r;
      return {};
    }));
  }
  std::optional<Call> find(const std::string& project_id, const std::string& id) {
    auto r = store_->read([&](domain::Repositories& repos) { return repos.calls().find(project_id, id); });
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : std::nullopt;
  }
  std::vector<Call> list(const std::string& project_id, const CallQuery& q) {
    auto r = store_->read([&](domain::Repositories& repos) { return repos.calls().list(project_id, q); });
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : std::vector<Call>{};
  }
};

std::vector<std::string> ids_of(const std::vector<Call>& calls) {
  std::vector<std::string> ids;
  for (const auto& c : calls) ids.push_back(c.id);
  return ids;
}

TEST_F(CallRepositoryTest, RoundTripsEveryFieldEmptyAndSet) {
  Call plain = sample_call("prj_a", "plain", 1'700'000'000'000);
  Call full = full_call("prj_a", "full");
  insert_all({plain, full});

  auto got_plain = find("prj_a", "call_plain");
  ASSERT_TRUE(got_plain);
  expect_same(*got_plain, plain);
  EXPECT_FALSE(got_plain->answered_at);
  EXPECT_EQ(got_plain->attribution.method, AttributionMethod::none);
  EXPECT_TRUE(got_plain->tags.empty());

  auto got_full = find("prj_a", "call_full");
  ASSERT_TRUE(got_full);
  expect_same(*got_full, full);

  auto by_external = store_->read(
      [](domain::Repositories& repos) { return repos.calls().find_by_external_id("prj_a", "ext_full"); });
  ASSERT_TRUE(by_external);
  ASSERT_TRUE(by_external->has_value());
  expect_same(**by_external, full);

  EXPECT_FALSE(find("prj_b", "call_full").has_value());  // scoped to the project
  auto other_project = store_->read(
      [](domain::Repositories& repos) { return repos.calls().find_by_external_id("prj_b", "ext_full"); });
  ASSERT_TRUE(other_project);
  EXPECT_FALSE(other_project->has_value());
}

TEST_F(CallRepositoryTest, EveryStatusMethodAndFlagRoundTrips) {
  std::vector<Call> calls;
  const CallStatus statuses[] = {CallStatus::answered, CallStatus::no_answer, CallStatus::busy,
                                 CallStatus::failed,   CallStatus::abandoned, CallStatus::voicemail};
  const AttributionMethod methods[] = {AttributionMethod::static_number, AttributionMethod::session,
                                       AttributionMethod::caller_memory, AttributionMethod::none};
  for (int i = 0; i < 10; ++i) {
    Call c = sample_call("prj_a", std::to_string(i), 1000 + i);
    c.status = statuses[i % 6];
    c.attribution.method = methods[i % 4];
    bool* flags[] = {&c.flags.answered,   &c.flags.missed, &c.flags.abandoned,     &c.flags.target,
                     &c.flags.first_time, &c.flags.unique, &c.flags.repeat,        &c.flags.unique_target,
                     &c.flags.off_hours,  &c.flags.spam};
    *flags[i] = true;  // exactly one flag per call: a swapped column would show
    calls.push_back(c);
  }
  insert_all(calls);
  for (const auto& c : calls) {
    auto got = find("prj_a", c.id);
    ASSERT_TRUE(got);
    expect_same(*got, c);
  }
}

TEST_F(CallRepositoryTest, ExternalIdIsUniquePerProject) {
  insert_all({sample_call("prj_a", "1", 1000)});
  Call twin = sample_call("prj_a", "2", 2000);
  twin.external_id = "ext_1";
  auto r = write([&](domain::CallRepository& repo) { return repo.insert(twin); });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::conflict);
  EXPECT_EQ(r.error().code, "conflict");
  EXPECT_EQ(r.error().field, "external_id");
  EXPECT_FALSE(find("prj_a", "call_2").has_value());

  Call other = sample_call("prj_b", "3", 2000);
  other.external_id = "ext_1";  // another project may use the same external id
  ASSERT_TRUE(write([&](domain::CallRepository& repo) { return repo.insert(other); }));
}

TEST_F(CallRepositoryTest, UpdateReplacesEveryFieldById) {
  Call c = sample_call("prj_a", "1", 1000);
  insert_all({c, sample_call("prj_a", "2", 2000)});
  Call next = full_call("prj_a", "1");
  next.external_id = "ext_1_renamed";
  ASSERT_TRUE(write([&](domain::CallRepository& repo) { return repo.update(c, next); }));
  auto got = find("prj_a", "call_1");
  ASSERT_TRUE(got);
  expect_same(*got, next);

  ASSERT_TRUE(write([&](domain::CallRepository& repo) { return repo.update(next, c); }));  // and back to nothing set
  got = find("prj_a", "call_1");
  ASSERT_TRUE(got);
  expect_same(*got, c);

  Call clash = c;
  clash.external_id = "ext_2";
  auto r = write([&](domain::CallRepository& repo) { return repo.update(c, clash); });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::conflict);
  EXPECT_EQ(r.error().field, "external_id");

  Call ghost = sample_call("prj_a", "ghost", 1);
  Call ghost_answered = ghost;
  ghost_answered.status = CallStatus::answered;
  r = write([&](domain::CallRepository& repo) { return repo.update(ghost, ghost_answered); });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::not_found);
  Call wrong_project = c;
  wrong_project.project_id = "prj_b";
  wrong_project.status = CallStatus::busy;
  r = write([&](domain::CallRepository& repo) { return repo.update(c, wrong_project); });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::not_found);
  got = find("prj_a", "call_1");
  ASSERT_TRUE(got);
  expect_same(*got, c);
}

// The UPDATE names only the columns whose values differ between the two versions: a column the caller did not
// change keeps what the row holds, even where that is not what `stored` says (here, changed in between).
TEST_F(CallRepositoryTest, UpdateWritesOnlyTheColumnsThatDiffer) {
  Call stored = sample_call("prj_a", "1", 1000);
  insert_all({stored});
  Call elsewhere = stored;
  elsewhere.caller = "+12125550177";
  elsewhere.attribution.channel = "ads";
  ASSERT_TRUE(write([&](domain::CallRepository& repo) { return repo.update(stored, elsewhere); }));

  Call answered = stored;  // from the first version: caller and channel as they were
  answered.status = CallStatus::answered;
  answered.answered_at = at_ms(1500);
  answered.flags.answered = true;
  answered.operator_id = "op_1";
  ASSERT_TRUE(write([&](domain::CallRepository& repo) { return repo.update(stored, answered); }));

  auto got = find("prj_a", "call_1");
  ASSERT_TRUE(got);
  Call expected = answered;
  expected.caller = elsewhere.caller;
  expected.attribution.channel = elsewhere.attribution.channel;
  expect_same(*got, expected);

  // Nothing differs: nothing is written, and no error.
  EXPECT_TRUE(write([&](domain::CallRepository& repo) { return repo.update(answered, answered); }));
  got = find("prj_a", "call_1");
  ASSERT_TRUE(got);
  expect_same(*got, expected);
}

TEST_F(CallRepositoryTest, CallerHistoryIsOrderedByStartThenExternalId) {
  auto call = [](const std::string& project, const std::string& suffix, const std::string& caller, std::int64_t ms,
                 const std::string& external_id) {
    Call c = sample_call(project, suffix, ms);
    c.caller = caller;
    c.external_id = external_id;
    return c;
  };
  const std::string me = "+12125550101", other = "+12125550199";
  insert_all({call("prj_a", "1", me, 5000, "b"), call("prj_a", "2", me, 3000, "z"), call("prj_a", "3", me, 5000, "a"),
              call("prj_a", "4", me, 999, "old"), call("prj_a", "5", other, 4000, "x"),
              call("prj_b", "6", me, 4000, "y"), call("prj_a", "7", me, 1000, "edge")});

  auto since = store_->read(
      [&](domain::Repositories& repos) { return repos.calls().caller_calls_since("prj_a", me, at_ms(1000)); });
  ASSERT_TRUE(since);
  EXPECT_EQ(ids_of(*since), (std::vector<std::string>{"call_7", "call_2", "call_3", "call_1"}));
  EXPECT_TRUE(std::is_sorted(since->begin(), since->end(), domain::starts_before));

  auto has_before = [&](std::int64_t ms) {
    auto r = store_->read(
        [&](domain::Repositories& repos) { return repos.calls().caller_has_call_before("prj_a", me, at_ms(ms)); });
    EXPECT_TRUE(r);
    return r && *r;
  };
  EXPECT_FALSE(has_before(999));  // strictly before
  EXPECT_TRUE(has_before(1000));
  auto nobody = store_->read([](domain::Repositories& repos) {
    return repos.calls().caller_has_call_before("prj_a", "+19995550000", at_ms(1'000'000));
  });
  ASSERT_TRUE(nobody);
  EXPECT_FALSE(*nobody);
}

// 120 calls in groups of 7 sharing a started_at, inserted in a scrambled order, with varied attributes.
std::vector<Call> many_calls() {
  std::vector<Call> calls;
  const char* channels[] = {"paid_search", "organic", "direct"};
  const CallStatus statuses[] = {CallStatus::answered, CallStatus::no_answer, CallStatus::busy};
  for (int i = 0; i < 120; ++i) {
    const int scrambled = (i * 37) % 120;  // ids not in time order
    Call c = sample_call("prj_a", "n" + std::to_string(1000 + scrambled), 1'700'000'000'000 + (i / 7) * 60'000);
    c.attribution.channel = channels[i % 3];
    c.status = statuses[i % 3 == 0 ? 0 : (i % 2) + 1];
    c.flags.target = i % 4 == 0;
    c.flags.unique = i % 5 != 0;
    c.flags.missed = c.status != CallStatus::answered;
    c.flags.first_time = i % 6 == 0;
    c.tracking_number = i % 2 ? "+12125550101" : "+12125550102";
    c.caller = "+1917555" + std::to_string(1000 + i % 9);
    if (i % 3 == 0) c.operator_name = i % 2 ? "Dana" : "Lee";
    calls.push_back(c);
  }
  return calls;
}

std::vector<std::string> expected_ids(std::vector<Call> calls, const std::function<bool(const Call&)>& keep) {
  std::erase_if(calls, [&](const Call& c) { return !keep(c); });
  std::sort(calls.begin(), calls.end(), [](const Call& a, const Call& b) {
    return a.started_at != b.started_at ? a.started_at > b.started_at : a.id > b.id;
  });
  return ids_of(calls);
}

TEST_F(CallRepositoryTest, KeysetPaginationVisitsEveryCallOnceAcrossTies) {
  auto calls = many_calls();
  insert_all(calls);
  insert_all({sample_call("prj_b", "elsewhere", 1'700'000'000'000)});

  for (int limit : {1, 7, 13, 50, 120, 500}) {
    std::vector<std::string> seen;
    CallQuery q;
    q.limit = limit;
    for (int page = 0; page < 200; ++page) {
      auto got = list("prj_a", q);
      ASSERT_LE(static_cast<int>(got.size()), limit);
      for (const auto& c : got) seen.push_back(c.id);
      if (static_cast<int>(got.size()) < limit) break;
      q.after = std::make_pair(got.back().started_at, got.back().id);
    }
    EXPECT_EQ(seen, expected_ids(calls, [](const Call&) { return true; })) << "limit " << limit;
    EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 120u);
  }
}

TEST_F(CallRepositoryTest, ListFiltersCombineWithPagination) {
  auto calls = many_calls();
  insert_all(calls);
  const Timestamp from = calls[20].started_at, to = calls[100].started_at;

  struct Case {
    const char* name;
    std::function<void(CallQuery&)> set;
    std::function<bool(const Call&)> keep;
  };
  const std::vector<Case> cases = {
      {"from/to", [&](CallQuery& q) { q.from = from; q.to = to; },
       [&](const Call& c) { return c.started_at >= from && c.started_at < to; }},
      {"channel", [](CallQuery& q) { q.channel = "organic"; },
       [](const Call& c) { return c.attribution.channel == "organic"; }},
      {"status", [](CallQuery& q) { q.status = CallStatus::busy; },
       [](const Call& c) { return c.status == CallStatus::busy; }},
      {"target", [](CallQuery& q) { q.target = true; }, [](const Call& c) { return c.flags.target; }},
      {"not target", [](CallQuery& q) { q.target = false; }, [](const Call& c) { return !c.flags.target; }},
      {"unique", [](CallQuery& q) { q.unique = true; }, [](const Call& c) { return c.flags.unique; }},
      {"repeat", [](CallQuery& q) { q.unique = false; }, [](const Call& c) { return !c.flags.unique; }},
      {"missed", [](CallQuery& q) { q.missed = true; }, [](const Call& c) { return c.flags.missed; }},
      {"first_time", [](CallQuery& q) { q.first_time = true; }, [](const Call& c) { return c.flags.first_time; }},
      {"not first_time", [](CallQuery& q) { q.first_time = false; }, [](const Call& c) { return !c.flags.first_time; }},
      {"tracking_number", [](CallQuery& q) { q.tracking_number = "+12125550101"; },
       [](const Call& c) { return c.tracking_number == "+12125550101"; }},
      {"operator", [](CallQuery& q) { q.operator_name = "Dana"; },
       [](const Call& c) { return c.operator_name == std::optional<std::string>("Dana"); }},
      {"caller (a caller's history)", [](CallQuery& q) { q.caller = "+19175551004"; },
       [](const Call& c) { return c.caller == "+19175551004"; }},
      {"caller, number and missed together",
       [](CallQuery& q) {
         q.caller = "+19175551001";
         q.tracking_number = "+12125550101";
         q.missed = true;
       },
       [](const Call& c) { return c.caller == "+19175551001" && c.tracking_number == "+12125550101" && c.flags.missed; }},
      {"everything",
       [&](CallQuery& q) {
         q.from = from;
         q.to = to;
         q.channel = "paid_search";
         q.status = CallStatus::answered;
         q.target = true;
         q.unique = true;
       },
       [&](const Call& c) {
         return c.started_at >= from && c.started_at < to && c.attribution.channel == "paid_search" &&
                c.status == CallStatus::answered && c.flags.target && c.flags.unique;
       }},
  };
  for (const auto& tc : cases) {
    const auto want = expected_ids(calls, tc.keep);
    ASSERT_FALSE(want.empty()) << tc.name;
    std::vector<std::string> seen;
    CallQuery q;
    tc.set(q);
    q.limit = 4;
    for (int page = 0; page < 100; ++page) {
      auto got = list("prj_a", q);
      for (const auto& c : got) seen.push_back(c.id);
      if (got.size() < 4) break;
      q.after = std::make_pair(got.back().started_at, got.back().id);
    }
    EXPECT_EQ(seen, want) << tc.name;
  }

  CallQuery none;
  none.limit = 0;
  EXPECT_TRUE(list("prj_a", none).empty());
  CallQuery nothing_matches;
  nothing_matches.channel = "email";
  EXPECT_TRUE(list("prj_a", nothing_matches).empty());
}

TEST_F(CallRepositoryTest, RememberedCallIsTheLatestAttributedCallToTheNumberInRange) {
  const std::string me = "+12125550101", pool_number = "+14155550177";
  auto call = [&](const std::string& project, const std::string& suffix, std::int64_t ms, AttributionMethod method,
                  const std::string& caller, const std::string& number) {
    Call c = sample_call(project, suffix, ms);
    c.caller = caller;
    c.tracking_number = number;
    c.attribution.method = method;
    return c;
  };
  insert_all({call("prj_a", "1", 1000, AttributionMethod::session, me, pool_number),
              call("prj_a", "2", 2000, AttributionMethod::caller_memory, me, pool_number),
              call("prj_a", "3", 2500, AttributionMethod::none, me, pool_number),
              call("prj_a", "4", 2600, AttributionMethod::static_number, me, pool_number),
              call("prj_a", "5", 2700, AttributionMethod::session, me, "+14155550178"),
              call("prj_a", "6", 2800, AttributionMethod::session, "+12125550199", pool_number),
              call("prj_b", "7", 2900, AttributionMethod::session, me, pool_number),
              call("prj_a", "8", 3000, AttributionMethod::session, me, pool_number),
              call("prj_a", "9b", 4000, AttributionMethod::session, me, pool_number),
              call("prj_a", "9a", 4000, AttributionMethod::caller_memory, me, pool_number)});

  auto remembered = [&](std::int64_t since, std::int64_t before) -> std::string {
    auto r = store_->read([&](domain::Repositories& repos) {
      return repos.calls().remembered_call("prj_a", me, pool_number, at_ms(since), at_ms(before));
    });
    EXPECT_TRUE(r) << r.error().message;
    return r && *r ? (*r)->id : std::string{};
  };
  EXPECT_EQ(remembered(0, 3000), "call_2");  // before is exclusive; none, static, other number or caller skipped
  EXPECT_EQ(remembered(0, 3001), "call_8");
  EXPECT_EQ(remembered(0, 2000), "call_1");
  EXPECT_EQ(remembered(2000, 2001), "call_2");  // since is inclusive
  EXPECT_EQ(remembered(2001, 3000), "");
  EXPECT_EQ(remembered(0, 1000), "");
  EXPECT_EQ(remembered(0, 5000), "call_9b");  // equal starts: the later by starts_before() (external_id)

  auto full = store_->read([&](domain::Repositories& repos) {
    return repos.calls().remembered_call("prj_a", me, pool_number, at_ms(0), at_ms(3001));
  });
  ASSERT_TRUE(full);
  ASSERT_TRUE(full->has_value());
  expect_same(**full, call("prj_a", "8", 3000, AttributionMethod::session, me, pool_number));
  auto other_project = store_->read([&](domain::Repositories& repos) {
    return repos.calls().remembered_call("prj_b", me, pool_number, at_ms(0), at_ms(10'000));
  });
  ASSERT_TRUE(other_project);
  ASSERT_TRUE(other_project->has_value());
  EXPECT_EQ((*other_project)->id, "call_7");
}

// A won deal is found by the start of its call (reports place it in its call's range): the start is taken when the
// deal is written and follows the call when the call's start is corrected; lost deals and other projects' are not.
TEST_F(CallRepositoryTest, WonDealsAreFoundByTheirCallsStartEvenAfterItMoves) {
  insert_all({sample_call("prj_a", "1", 1000), sample_call("prj_a", "2", 5000), sample_call("prj_b", "3", 1000)});
  auto deal = [](const std::string& project, const std::string& id, const std::string& call, domain::DealStatus s) {
    domain::Deal d;
    d.id = "deal_" + id;
    d.project_id = project;
    d.external_id = id;
    d.call_id = call;
    d.amount = 100;
    d.status = s;
    return d;
  };
  ASSERT_TRUE(store_->write_blocking<bool>([&](domain::Repositories& repos) -> Result<bool> {
    for (const auto& d : {deal("prj_a", "a", "call_1", domain::DealStatus::won),
                          deal("prj_a", "b", "call_1", domain::DealStatus::won),
                          deal("prj_a", "c", "call_2", domain::DealStatus::won),
                          deal("prj_a", "d", "call_2", domain::DealStatus::lost),
                          deal("prj_b", "e", "call_3", domain::DealStatus::won)})
      if (auto r = repos.deals().upsert(d); !r) return fail(r.error());
    return true;
  }));
  auto won = [&](std::int64_t from, std::int64_t to) {
    auto r = store_->read([&](domain::Repositories& repos) { return repos.deals().won_for_calls("prj_a", at_ms(from), at_ms(to)); });
    EXPECT_TRUE(r) << r.error().message;
    std::vector<std::string> out;
    if (r)
      for (const auto& w : *r) out.push_back(w.deal.external_id + "@" + std::to_string(to_unix_ms(w.call_started_at)));
    return out;
  };
  EXPECT_EQ(won(0, 10'000), (std::vector<std::string>{"a@1000", "b@1000", "c@5000"}));
  EXPECT_EQ(won(0, 5000), (std::vector<std::string>{"a@1000", "b@1000"}));  // [from, to)

  Call moved = sample_call("prj_a", "1", 9000);  // the carrier's start, corrected later
  ASSERT_TRUE(write([&](domain::CallRepository& repo) { return repo.update(sample_call("prj_a", "1", 1000), moved); }));
  EXPECT_EQ(won(0, 5000), std::vector<std::string>{});
  EXPECT_EQ(won(0, 10'000), (std::vector<std::string>{"c@5000", "a@9000", "b@9000"}));
}

}  // namespace
}  // namespace callsign::storage::testing
