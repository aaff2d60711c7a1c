// SQLite side of telephony: carrier callbacks are stored once per (call_sid, kind, fact_key) — the first arrival
// kept — and read back in stored order; calls keep the operator who answered, which sticky routing
// (last_operator) and busy operators (operators_on_call) read back.
#include <algorithm>
#include <string>
#include <vector>

#include <sqlite3.h>

#include "storage/sqlite/connection.hpp"
#include "storage_test_support.hpp"

namespace callsign::storage::testing {
namespace {

using domain::Call;
using domain::TelephonyEvent;

TelephonyEvent sample_event(const std::string& project_id, const std::string& call_sid, const std::string& kind,
                            const std::string& fact_key, std::int64_t received_ms) {
  return TelephonyEvent{project_id,
                        call_sid,
                        kind,
                        fact_key,
                        {{"CallSid", call_sid}, {"From", "+12125550101"}, {"To", "+14155550100"}},
                        at_ms(received_ms)};
}

class TelephonyEventRepositoryTest
    : public RepositoryTest<domain::TelephonyEventRepository, &domain::Repositories::telephony_events> {
 protected:
  Result<bool> add(const TelephonyEvent& event) {
    return store_->write_blocking<bool>(
        [&](domain::Repositories& repos) { return repos.telephony_events().add(event); });
  }
  std::vector<TelephonyEvent> for_call(const std::string& call_sid) {
    auto r = store_->read([&](domain::Repositories& repos) { return repos.telephony_events().for_call(call_sid); });
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : std::vector<TelephonyEvent>{};
  }
};

TEST_F(TelephonyEventRepositoryTest, ARepeatOfAFactIsNotStoredAndTheFirstIsKept) {
  const TelephonyEvent first = sample_event("prj_a", "CA1", "status", "completed", 1000);
  auto stored = add(first);
  ASSERT_TRUE(stored) << stored.error().message;
  EXPECT_TRUE(*stored);

  TelephonyEvent retry = first;
  retry.params["CallDuration"] = "99";
  retry.params["From"] = "+19995550000";
  retry.received_at = at_ms(5000);
  auto again = add(retry);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_FALSE(*again);

  const auto events = for_call("CA1");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0], first);
}

TEST_F(TelephonyEventRepositoryTest, AnotherKindOrFactKeyIsAnotherFact) {
  const std::vector<TelephonyEvent> events = {
      sample_event("prj_a", "CA1", "dial_status", "1", 1000),
      sample_event("prj_a", "CA1", "dial_status", "2", 2000),     // another step
      sample_event("prj_a", "CA1", "status", "1", 3000),          // same key, another kind
      sample_event("prj_a", "CA1", "voice", "", 500),             // an empty key is a key
      sample_event("prj_a", "CA1", "route", "", 500),
      sample_event("prj_a", "CA2", "dial_status", "1", 1000),     // another call
  };
  for (const auto& e : events) {
    auto r = add(e);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_TRUE(*r) << e.call_sid << "/" << e.kind << "/" << e.fact_key;
  }
  for (const auto& e : events) {
    auto r = add(e);
    ASSERT_TRUE(r);
    EXPECT_FALSE(*r) << e.call_sid << "/" << e.kind << "/" << e.fact_key;
  }
  EXPECT_EQ(for_call("CA1"), std::vector<TelephonyEvent>(events.begin(), events.begin() + 5));
  EXPECT_EQ(for_call("CA2"), std::vector<TelephonyEvent>{events[5]});
}

TEST_F(TelephonyEventRepositoryTest, ForCallReturnsStoredOrderWithParamsRoundTripped) {
  // Stored out of received_at order: for_call keeps the storing order, not the timestamps'.
  TelephonyEvent late = sample_event("prj_a", "CA1", "status", "completed", 9000);
  TelephonyEvent early = sample_event("prj_a", "CA1", "voice", "", 1000);
  early.params = {{"CallerName", "Zoë Ångström — «日本»"},
                  {"Quote", "say \"hi\" \\ back\nslash"},
                  {"Empty", ""},
                  {"emoji", "📞"}};
  TelephonyEvent bare = sample_event("prj_a", "CA1", "route", "", 1000);
  bare.params.clear();
  for (const auto& e : {late, early, bare}) ASSERT_TRUE(add(e));

  const auto events = for_call("CA1");
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0], late);
  EXPECT_EQ(events[1], early);
  EXPECT_EQ(events[1].params.at("CallerName"), "Zoë Ångström — «日本»");
  EXPECT_EQ(events[2], bare);
  EXPECT_TRUE(events[2].params.empty());
  EXPECT_TRUE(for_call("CA_none").empty());
}

TEST_F(TelephonyEventRepositoryTest, StoredParamsThatAreNotAnObjectOfTextValuesAreAnErrorNamingTheEvent) {
  ASSERT_TRUE(add(sample_event("prj_a", "CA1", "voice", "", 1000)));
  auto db = sqlite::Connection::open(db_path(), SQLITE_OPEN_READWRITE);
  ASSERT_TRUE(db) << db.error().message;
  const auto store_params = [&](const std::string& json) {
    auto q = (*db)->prepare("UPDATE telephony_events SET params_json = ? WHERE call_sid = 'CA1'");
    ASSERT_TRUE(q) << q.error().message;
    q->bind_all(json);
    ASSERT_TRUE(q->run());
  };
  for (const std::string bad : {R"({"CallDuration": 5})", R"({"From": null})", R"({"From": {"nested": "x"}})",
                                R"({"From": ["+12125550101"]})", R"(["+12125550101"])", R"({"From": "+1212)",
                                R"("+12125550101")", "", "not json"}) {
    ASSERT_NO_FATAL_FAILURE(store_params(bad));
    auto r = store_->read([](domain::Repositories& repos) { return repos.telephony_events().for_call("CA1"); });
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().kind, ErrorKind::internal) << bad;
    EXPECT_NE(r.error().message.find("CA1/voice"), std::string::npos) << r.error().message;
  }
  // And the object encode_params writes reads back, a repeated name keeping the last value as JSON objects do.
  ASSERT_NO_FATAL_FAILURE(store_params(R"({"From": "+1", "From": "+12125550101", "To": "+1 415\u0020555"})"));
  const auto events = for_call("CA1");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].params, (std::map<std::string, std::string>{{"From", "+12125550101"}, {"To", "+1 415 555"}}));
}

TEST_F(TelephonyEventRepositoryTest, UnknownProjectIsNotFound) {
  auto r = add(sample_event("prj_ghost", "CA1", "voice", "", 1000));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::not_found);
  EXPECT_TRUE(for_call("CA1").empty());
}

// ---- the writer's cache of recent calls' events (SqliteTelephonyEventRepository::keep_recent_calls) ----

class TelephonyEventCacheTest : public TelephonyEventRepositoryTest {
 protected:
  // for_call on the writer's connection, where the cache is.
  std::vector<TelephonyEvent> writer_for_call(const std::string& call_sid) {
    auto r = store_->write_blocking<std::vector<TelephonyEvent>>(
        [&](domain::Repositories& repos) { return repos.telephony_events().for_call(call_sid); });
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : std::vector<TelephonyEvent>{};
  }
};

TEST_F(TelephonyEventCacheTest, EventsAddedAfterACallIsCachedAreServedWithIt) {
  const auto voice = sample_event("prj_a", "CA1", "voice", "", 1000);
  ASSERT_TRUE(add(voice));
  EXPECT_EQ(writer_for_call("CA1"), std::vector<TelephonyEvent>{voice});
  auto dial = sample_event("prj_a", "CA1", "dial_status", "1", 2000);
  dial.params["DialCallStatus"] = "completed";
  ASSERT_TRUE(add(dial));
  auto repeat = dial;
  repeat.params["DialCallStatus"] = "busy";  // a repeat of the fact: not stored, not served
  auto again = add(repeat);
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again);
  EXPECT_EQ(writer_for_call("CA1"), (std::vector<TelephonyEvent>{voice, dial}));
  EXPECT_EQ(for_call("CA1"), (std::vector<TelephonyEvent>{voice, dial}));  // what a reader sees
}

// A write job that fails is rolled back to its savepoint, and SQLite gives the id of the row it undid to the next
// insert: what the cache took in during the job must go with it.
TEST_F(TelephonyEventCacheTest, ARolledBackEventIsNotServedWhenItsIdIsGivenOutAgain) {
  const auto voice = sample_event("prj_a", "CA1", "voice", "", 1000);
  ASSERT_TRUE(add(voice));
  ASSERT_EQ(writer_for_call("CA1").size(), 1u);
  auto undone = store_->write_blocking<bool>([&](domain::Repositories& repos) -> Result<bool> {
    if (auto r = repos.telephony_events().add(sample_event("prj_a", "CA1", "status", "busy", 2000)); !r) return r;
    return fail(Error::internal("the rest of the job failed"));
  });
  ASSERT_FALSE(undone);
  auto completed = sample_event("prj_a", "CA1", "status", "completed", 3000);
  completed.params["CallDuration"] = "60";
  ASSERT_TRUE(add(completed));
  EXPECT_EQ(writer_for_call("CA1"), (std::vector<TelephonyEvent>{voice, completed}));
  EXPECT_EQ(for_call("CA1"), (std::vector<TelephonyEvent>{voice, completed}));
}

TEST_F(TelephonyEventCacheTest, RowsRemovedBehindTheCacheAreNotServed) {
  const auto voice = sample_event("prj_a", "CA1", "voice", "", 1000);
  const auto status = sample_event("prj_a", "CA1", "status", "completed", 2000);
  ASSERT_TRUE(add(voice));
  ASSERT_TRUE(add(status));
  ASSERT_EQ(writer_for_call("CA1").size(), 2u);
  auto db = sqlite::Connection::open(db_path(), SQLITE_OPEN_READWRITE);
  ASSERT_TRUE(db) << db.error().message;
  ASSERT_TRUE((*db)->exec("DELETE FROM telephony_events WHERE call_sid = 'CA1' AND kind = 'status'"));
  EXPECT_EQ(writer_for_call("CA1"), std::vector<TelephonyEvent>{voice});
  ASSERT_TRUE((*db)->exec("DELETE FROM telephony_events WHERE call_sid = 'CA1'"));
  EXPECT_TRUE(writer_for_call("CA1").empty());
}

// ---- calls: operator_id, last_operator, operators_on_call ----

class TelephonyCallOperatorTest : public RepositoryTest<domain::CallRepository, &domain::Repositories::calls> {
 protected:
  void insert_all(const std::vector<Call>& calls) {
    ASSERT_TRUE(write([&](domain::CallRepository& repo) -> Result<void> {
      for (const auto& c : calls)
        if (auto r = repo.insert(c); !r) return r;
      return {};
    }));
  }
  std::optional<std::string> last_operator(const std::string& project_id, const std::string& caller,
                                           std::int64_t before_ms) {
    auto r = store_->read([&](domain::Repositories& repos) {
      return repos.calls().last_operator(project_id, caller, at_ms(before_ms));
    });
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : std::nullopt;
  }
  std::vector<std::string> on_call(const std::string& project_id, std::int64_t since_ms) {
    auto r = store_->read(
        [&](domain::Repositories& repos) { return repos.calls().operators_on_call(project_id, at_ms(since_ms)); });
    EXPECT_TRUE(r) << r.error().message;
    auto ids = r ? *r : std::vector<std::string>{};
    std::sort(ids.begin(), ids.end());
    return ids;
  }
};

Call caller_call(const std::string& project_id, const std::string& suffix, const std::string& caller,
                 std::int64_t started_ms, std::optional<std::string> operator_id) {
  Call c = sample_call(project_id, suffix, started_ms);
  c.caller = caller;
  c.operator_id = std::move(operator_id);
  return c;
}

TEST_F(TelephonyCallOperatorTest, OperatorIdRoundTrips) {
  Call with = sample_call("prj_a", "with", 1000);
  with.operator_id = "op_ann";
  with.operator_name = "Ann";
  const Call without = sample_call("prj_a", "without", 2000);
  insert_all({with, without});

  auto got = store_->read([](domain::Repositories& repos) { return repos.calls().find("prj_a", "call_with"); });
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->operator_id, "op_ann");
  EXPECT_EQ((*got)->operator_name, "Ann");
  auto by_external =
      store_->read([](domain::Repositories& repos) { return repos.calls().find_by_external_id("prj_a", "ext_with"); });
  ASSERT_TRUE(by_external && *by_external);
  EXPECT_EQ((*by_external)->operator_id, "op_ann");
  auto got_without =
      store_->read([](domain::Repositories& repos) { return repos.calls().find("prj_a", "call_without"); });
  ASSERT_TRUE(got_without && *got_without);
  EXPECT_FALSE((*got_without)->operator_id);

  // update sets and clears it
  Call changed = without;
  changed.operator_id = "op_bob";
  Call cleared = with;
  cleared.operator_id.reset();
  ASSERT_TRUE(write([&](domain::CallRepository& repo) -> Result<void> {
    if (auto r = repo.update(without, changed); !r) return r;
    return repo.update(with, cleared);
  }));
  got = store_->read([](domain::Repositories& repos) { return repos.calls().find("prj_a", "call_without"); });
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->operator_id, "op_bob");
  got = store_->read([](domain::Repositories& repos) { return repos.calls().find("prj_a", "call_with"); });
  ASSERT_TRUE(got && *got);
  EXPECT_FALSE((*got)->operator_id);
}

TEST_F(TelephonyCallOperatorTest, LastOperatorIsTheCallersLatestAnsweredCallBefore) {
  const std::string me = "+12125550101", other = "+12125550199";
  insert_all({
      caller_call("prj_a", "1", me, 1000, "op_a"),
      caller_call("prj_a", "2", me, 2000, "op_b"),
      caller_call("prj_a", "3", me, 3000, std::nullopt),  // nobody answered: ignored
      caller_call("prj_a", "4", me, 4000, "op_c"),
      caller_call("prj_a", "5", other, 3500, "op_z"),      // another caller
      caller_call("prj_b", "6", me, 3600, "op_y"),         // another project
  });
  EXPECT_EQ(last_operator("prj_a", me, 1000), std::nullopt) << "before is exclusive";
  EXPECT_EQ(last_operator("prj_a", me, 1001), "op_a");
  EXPECT_EQ(last_operator("prj_a", me, 3500), "op_b") << "the later call without an operator does not count";
  EXPECT_EQ(last_operator("prj_a", me, 4000), "op_b");
  EXPECT_EQ(last_operator("prj_a", me, 4001), "op_c");
  EXPECT_EQ(last_operator("prj_a", me, 99'999), "op_c");
  EXPECT_EQ(last_operator("prj_a", other, 99'999), "op_z");
  EXPECT_EQ(last_operator("prj_b", me, 99'999), "op_y");
  EXPECT_EQ(last_operator("prj_b", me, 3600), std::nullopt);
  EXPECT_EQ(last_operator("prj_a", "+12125550000", 99'999), std::nullopt);
}

TEST_F(TelephonyCallOperatorTest, OperatorsOnCallAreAnsweredNotEndedSinceDistinctPerProject) {
  const auto live = [](const std::string& project, const std::string& suffix, std::int64_t started_ms,
                       std::optional<std::string> op) {
    Call c = caller_call(project, suffix, "+12125550101", started_ms, std::move(op));
    c.status = domain::CallStatus::answered;
    c.answered_at = at_ms(started_ms + 5);
    return c;
  };
  Call ended = live("prj_a", "ended", 6000, "op_ended");
  ended.ended_at = at_ms(9000);
  Call ringing = live("prj_a", "ringing", 6000, "op_ringing");
  ringing.answered_at.reset();
  ringing.status = domain::CallStatus::no_answer;
  insert_all({
      live("prj_a", "1", 5000, "op_a"),
      live("prj_a", "2", 7000, "op_a"),  // a second live call of op_a: listed once
      live("prj_a", "3", 5000, "op_b"),  // exactly at `since`: counts
      live("prj_a", "4", 4999, "op_old"),  // started before `since`
      live("prj_a", "5", 6000, std::nullopt),
      ended,
      ringing,
      live("prj_b", "6", 6000, "op_other"),
  });
  EXPECT_EQ(on_call("prj_a", 5000), (std::vector<std::string>{"op_a", "op_b"}));
  EXPECT_EQ(on_call("prj_a", 4000), (std::vector<std::string>{"op_a", "op_b", "op_old"}));
  EXPECT_EQ(on_call("prj_a", 5001), std::vector<std::string>{"op_a"});
  EXPECT_EQ(on_call("prj_b", 0), std::vector<std::string>{"op_other"});
  EXPECT_TRUE(on_call("prj_a", 7001).empty());
}

}  // namespace
}  // namespace callsign::storage::testing
