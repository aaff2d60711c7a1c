// SqliteProjectRepository: every field round-trips (settings with defaults and with everything set), lookups by
// each key, oldest-first listing, update, and conflicts on the unique keys.
#include "storage_test_support.hpp"

namespace callsign::storage::testing {
namespace {

using domain::Project;

domain::ProjectSettings full_settings() {
  domain::ProjectSettings s;
  s.timezone = "America/New_York";
  s.country = "GB";
  s.currency = "GBP";
  s.default_number = "+442071838750";
  s.target_call_seconds = 45;
  s.sales_cycle_days = 14;
  s.session_hold_seconds = 600;
  s.caller_memory_days = 60;
  domain::WorkingHours wh;
  wh.days[0] = {{9 * 60, 13 * 60}, {14 * 60, 18 * 60}};
  wh.days[5] = {{10 * 60, 24 * 60}};
  s.working_hours = wh;
  s.holidays = {"2026-01-01", "2026-12-25"};
  s.margin_percent = 37.5;
  s.blocked_callers = {"+442071838751", "+442071838752"};
  s.twilio_auth_token = "twilio-secret";
  s.record_calls = true;
  s.ga4 = domain::Ga4Settings{"G-ABC123", "ga-secret", "https://region1.google-analytics.com/mp/collect"};
  return s;
}

void expect_same(const Project& a, const Project& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.settings, b.settings);
  EXPECT_EQ(a.api_key_hash, b.api_key_hash);
  EXPECT_EQ(a.public_key, b.public_key);
  EXPECT_EQ(a.created_at, b.created_at);
}

class ProjectRepositoryTest : public StorageTest {
 protected:
  void SetUp() override {
    store_ = open_store();
    ASSERT_TRUE(store_);
  }
  Result<void> insert(const Project& p) {
    return store_->write_blocking<bool>([&](domain::Repositories& repos) -> Result<bool> {
      if (auto r = repos.projects().insert(p); !r) return fail(r.error());
      return true;
    }).map([](bool) {});
  }
  std::optional<Project> find(const std::string& id) {
    auto r = store_->read([&](domain::Repositories& repos) { return repos.projects().find(id); });
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : std::nullopt;
  }
  std::unique_ptr<sqlite::SqliteStore> store_;
};

TEST_F(ProjectRepositoryTest, RoundTripsDefaultAndFullSettings) {
  Project plain = sample_project("plain");
  Project full = sample_project("full", 1'700'000'000'123);
  full.name = "Zoë's Plumbing — \"North\"";
  full.settings = full_settings();
  ASSERT_TRUE(insert(plain));
  ASSERT_TRUE(insert(full));

  auto got_plain = find("prj_plain");
  ASSERT_TRUE(got_plain);
  expect_same(*got_plain, plain);
  auto got_full = find("prj_full");
  ASSERT_TRUE(got_full);
  expect_same(*got_full, full);
  EXPECT_EQ(got_full->settings.twilio_auth_token, "twilio-secret");  // secrets are stored (write-only in the API)
  EXPECT_EQ(got_full->settings.ga4->api_secret, "ga-secret");
  EXPECT_FALSE(find("prj_missing").has_value());
}

TEST_F(ProjectRepositoryTest, FindsByApiKeyHashAndPublicKey) {
  ASSERT_TRUE(insert(sample_project("a")));
  ASSERT_TRUE(insert(sample_project("b")));
  auto by_hash = store_->read([](domain::Repositories& repos) { return repos.projects().find_by_api_key_hash("hash_b"); });
  ASSERT_TRUE(by_hash);
  ASSERT_TRUE(by_hash->has_value());
  EXPECT_EQ((*by_hash)->id, "prj_b");
  auto by_key = store_->read([](domain::Repositories& repos) { return repos.projects().find_by_public_key("pk_a"); });
  ASSERT_TRUE(by_key);
  ASSERT_TRUE(by_key->has_value());
  EXPECT_EQ((*by_key)->id, "prj_a");
  auto none = store_->read([](domain::Repositories& repos) { return repos.projects().find_by_public_key("pk_zzz"); });
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
}

TEST_F(ProjectRepositoryTest, ListsOldestFirst) {
  ASSERT_TRUE(insert(sample_project("late", 3000)));
  ASSERT_TRUE(insert(sample_project("early", 1000)));
  ASSERT_TRUE(insert(sample_project("tie2", 2000)));
  ASSERT_TRUE(insert(sample_project("tie1", 2000)));  // same instant: insertion order
  auto list = store_->read([](domain::Repositories& repos) { return repos.projects().list(); });
  ASSERT_TRUE(list);
  std::vector<std::string> ids;
  for (const auto& p : *list) ids.push_back(p.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"prj_early", "prj_tie2", "prj_tie1", "prj_late"}));
}

TEST_F(ProjectRepositoryTest, UpdateReplacesNameSettingsAndKeyHashOnly) {
  Project p = sample_project("a");
  ASSERT_TRUE(insert(p));
  Project next = p;
  next.name = "Renamed";
  next.settings = full_settings();
  next.api_key_hash = "rotated";
  next.public_key = "pk_other";        // not replaced
  next.created_at = at_ms(5);          // not replaced
  write_ok(*store_, [&](domain::Repositories& repos) { return repos.projects().update(next); });
  auto got = find("prj_a");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->name, "Renamed");
  EXPECT_EQ(got->settings, full_settings());
  EXPECT_EQ(got->api_key_hash, "rotated");
  EXPECT_EQ(got->public_key, "pk_a");
  EXPECT_EQ(got->created_at, p.created_at);

  auto missing = store_->write_blocking<bool>([](domain::Repositories& repos) -> Result<bool> {
    if (auto r = repos.projects().update(sample_project("ghost")); !r) return fail(r.error());
    return true;
  });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::not_found);
}

TEST_F(ProjectRepositoryTest, UniqueKeysConflict) {
  ASSERT_TRUE(insert(sample_project("a")));
  Project same_hash = sample_project("b");
  same_hash.api_key_hash = "hash_a";
  auto r = insert(same_hash);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::conflict);
  EXPECT_EQ(r.error().code, "conflict");
  EXPECT_EQ(r.error().field, "api_key");

  Project same_public = sample_project("c");
  same_public.public_key = "pk_a";
  r = insert(same_public);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::conflict);
  EXPECT_EQ(r.error().field, "public_key");

  Project same_id = sample_project("d");
  same_id.id = "prj_a";
  r = insert(same_id);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::conflict);
  EXPECT_EQ(r.error().field, "id");

  auto list = store_->read([](domain::Repositories& repos) { return repos.projects().list(); });
  ASSERT_TRUE(list);
  EXPECT_EQ(list->size(), 1u);
}

}  // namespace
}  // namespace callsign::storage::testing
