// SqlitePoolRepository: every field round-trips (hold absent and set, replace empty and several), pools are
// scoped to their project and listed oldest first, ids are unique, the project must exist, update by id.
#include "storage_test_support.hpp"

namespace callsign::storage::testing {
namespace {

using domain::Pool;
using domain::WhenExhausted;

Pool sample_pool(const std::string& project_id, const std::string& suffix,
                 std::int64_t created_ms = 1'700'000'300'000) {
  Pool p;
  p.id = "pool_" + suffix;
  p.project_id = project_id;
  p.name = "Pool " + suffix;
  p.created_at = at_ms(created_ms);
  return p;
}

Pool full_pool(const std::string& project_id, const std::string& suffix) {
  Pool p = sample_pool(project_id, suffix);
  p.name = "Google Ads — \"brand\"";
  p.hold_seconds = 1800;
  p.when_exhausted = WhenExhausted::default_number;
  p.replace = {"+14155550100", "+14155550101", "+442071838750"};
  return p;
}

class PoolRepositoryTest : public RepositoryTest<domain::PoolRepository, &domain::Repositories::pools> {
 protected:
  std::optional<Pool> find(const std::string& project_id, const std::string& id) {
    auto r = store_->read([&](domain::Repositories& repos) { return repos.pools().find(project_id, id); });
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : std::nullopt;
  }
  std::vector<Pool> list(const std::string& project_id) {
    auto r = store_->read([&](domain::Repositories& repos) { return repos.pools().list(project_id); });
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : std::vector<Pool>{};
  }
};

TEST_F(PoolRepositoryTest, RoundTripsEveryFieldEmptyAndSet) {
  const Pool plain = sample_pool("prj_a", "plain");
  const Pool full = full_pool("prj_a", "full");
  ASSERT_TRUE(write([&](domain::PoolRepository& repo) -> Result<void> {
    if (auto r = repo.insert(plain); !r) return r;
    return repo.insert(full);
  }));

  auto got_plain = find("prj_a", "pool_plain");
  ASSERT_TRUE(got_plain);
  EXPECT_EQ(*got_plain, plain);
  EXPECT_FALSE(got_plain->hold_seconds);
  EXPECT_EQ(got_plain->when_exhausted, WhenExhausted::reuse_oldest);
  EXPECT_TRUE(got_plain->replace.empty());

  auto got_full = find("prj_a", "pool_full");
  ASSERT_TRUE(got_full);
  EXPECT_EQ(*got_full, full);

  EXPECT_FALSE(find("prj_b", "pool_full"));  // scoped to the project
  EXPECT_FALSE(find("prj_a", "pool_ghost"));
}

TEST_F(PoolRepositoryTest, ListIsPerProjectOldestFirst) {
  ASSERT_TRUE(write([&](domain::PoolRepository& repo) -> Result<void> {
    for (const auto& p : {sample_pool("prj_a", "late", 3000), sample_pool("prj_a", "early", 1000),
                          sample_pool("prj_b", "other", 2000), sample_pool("prj_a", "tie_1", 2000),
                          sample_pool("prj_a", "tie_0", 2000)})
      if (auto r = repo.insert(p); !r) return r;
    return {};
  }));
  std::vector<std::string> ids;
  for (const auto& p : list("prj_a")) ids.push_back(p.id);
  // Equal created_at: insertion order.
  EXPECT_EQ(ids, (std::vector<std::string>{"pool_early", "pool_tie_1", "pool_tie_0", "pool_late"}));
  EXPECT_EQ(list("prj_b").size(), 1u);
  EXPECT_TRUE(list("prj_nobody").empty());
}

TEST_F(PoolRepositoryTest, DuplicateIdIsAConflictAndTheProjectMustExist) {
  ASSERT_TRUE(write([](domain::PoolRepository& repo) { return repo.insert(sample_pool("prj_a", "1")); }));

  auto twin = write([](domain::PoolRepository& repo) { return repo.insert(sample_pool("prj_b", "1")); });
  ASSERT_FALSE(twin);
  EXPECT_EQ(twin.error().kind, ErrorKind::conflict);
  EXPECT_EQ(twin.error().field, "id");

  auto orphan = write([](domain::PoolRepository& repo) { return repo.insert(sample_pool("prj_nobody", "2")); });
  ASSERT_FALSE(orphan);
  EXPECT_EQ(orphan.error().kind, ErrorKind::not_found);
  EXPECT_NE(orphan.error().message.find("prj_nobody"), std::string::npos) << orphan.error().message;
  EXPECT_FALSE(find("prj_nobody", "pool_2"));
}

TEST_F(PoolRepositoryTest, UpdateReplacesNameHoldPolicyAndReplaceOnly) {
  const Pool original = sample_pool("prj_a", "1");
  ASSERT_TRUE(write([&](domain::PoolRepository& repo) { return repo.insert(original); }));

  Pool next = full_pool("prj_a", "1");
  next.created_at = at_ms(42);  // not updatable
  ASSERT_TRUE(write([&](domain::PoolRepository& repo) { return repo.update(next); }));
  auto got = find("prj_a", "pool_1");
  ASSERT_TRUE(got);
  Pool want = next;
  want.created_at = original.created_at;
  EXPECT_EQ(*got, want);

  ASSERT_TRUE(write([&](domain::PoolRepository& repo) { return repo.update(original); }));  // and back to unset
  got = find("prj_a", "pool_1");
  ASSERT_TRUE(got);
  EXPECT_EQ(*got, original);

  auto ghost = write([](domain::PoolRepository& repo) { return repo.update(sample_pool("prj_a", "ghost")); });
  ASSERT_FALSE(ghost);
  EXPECT_EQ(ghost.error().kind, ErrorKind::not_found);
  auto wrong_project = write([](domain::PoolRepository& repo) { return repo.update(sample_pool("prj_b", "1")); });
  ASSERT_FALSE(wrong_project);
  EXPECT_EQ(wrong_project.error().kind, ErrorKind::not_found);
}

}  // namespace
}  // namespace callsign::storage::testing
