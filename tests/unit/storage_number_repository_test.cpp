// SqliteNumberRepository: round trips with optionals empty and set, project scoping, the global uniqueness of a
// number (Error{conflict, "number"}), update, remove and listing.
#include "storage_test_support.hpp"

namespace callsign::storage::testing {
namespace {

using domain::NumberKind;
using domain::TrackingNumber;

void expect_same(const TrackingNumber& a, const TrackingNumber& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.project_id, b.project_id);
  EXPECT_EQ(a.number, b.number);
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.pool_id, b.pool_id);
  EXPECT_EQ(a.channel, b.channel);
  EXPECT_EQ(a.source, b.source);
  EXPECT_EQ(a.medium, b.medium);
  EXPECT_EQ(a.campaign, b.campaign);
  EXPECT_EQ(a.label, b.label);
  EXPECT_EQ(a.forward_to, b.forward_to);
  EXPECT_EQ(a.created_at, b.created_at);
}

TrackingNumber full_pool_number() {
  TrackingNumber n = sample_number("prj_a", "pool1", "+14155550123");
  n.kind = NumberKind::pool;
  n.pool_id = "pool_x";
  n.channel = "paid_search";
  n.source = "google";
  n.medium = "cpc";
  n.campaign = "spring sale";
  n.label = "";  // empty, not absent
  n.forward_to = "sip:desk@example.com";
  n.created_at = at_ms(1'700'000'200'999);
  return n;
}

class NumberRepositoryTest : public RepositoryTest<domain::NumberRepository, &domain::Repositories::numbers> {
 protected:
  std::optional<TrackingNumber> find(const std::string& project_id, const std::string& id) {
    auto r = store_->read([&](domain::Repositories& repos) { return repos.numbers().find(project_id, id); });
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : std::nullopt;
  }
};

TEST_F(NumberRepositoryTest, RoundTripsStaticWithNothingOptionalAndPoolWithEverything) {
  TrackingNumber plain = sample_number("prj_a", "plain", "+14155550100");
  TrackingNumber full = full_pool_number();
  ASSERT_TRUE(write([&](auto& numbers) { return numbers.insert(plain); }));
  ASSERT_TRUE(write([&](auto& numbers) { return numbers.insert(full); }));

  auto got_plain = find("prj_a", "num_plain");
  ASSERT_TRUE(got_plain);
  expect_same(*got_plain, plain);
  EXPECT_EQ(got_plain->kind, NumberKind::static_number);
  EXPECT_EQ(got_plain->channel, "offline");
  auto got_full = find("prj_a", "num_pool1");
  ASSERT_TRUE(got_full);
  expect_same(*got_full, full);
  EXPECT_EQ(got_full->label, std::optional<std::string>(""));

  auto by_number = store_->read([](domain::Repositories& repos) { return repos.numbers().find_by_number("+14155550123"); });
  ASSERT_TRUE(by_number);
  ASSERT_TRUE(by_number->has_value());
  expect_same(**by_number, full);
}

TEST_F(NumberRepositoryTest, FindIsScopedToTheProject) {
  ASSERT_TRUE(write([](auto& numbers) { return numbers.insert(sample_number("prj_a", "1", "+14155550100")); }));
  EXPECT_TRUE(find("prj_a", "num_1").has_value());
  EXPECT_FALSE(find("prj_b", "num_1").has_value());
  EXPECT_FALSE(find("prj_a", "num_2").has_value());
}

TEST_F(NumberRepositoryTest, ANumberIsUniqueAcrossProjects) {
  ASSERT_TRUE(write([](auto& numbers) { return numbers.insert(sample_number("prj_a", "1", "+14155550100")); }));
  auto r = write([](auto& numbers) { return numbers.insert(sample_number("prj_b", "2", "+14155550100")); });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::conflict);
  EXPECT_EQ(r.error().code, "conflict");
  EXPECT_EQ(r.error().field, "number");
  EXPECT_EQ(r.error().message, "the number +14155550100 is already in use");
  EXPECT_FALSE(find("prj_b", "num_2").has_value());

  // Changing a number to one in use conflicts the same way.
  ASSERT_TRUE(write([](auto& numbers) { return numbers.insert(sample_number("prj_b", "3", "+14155550101")); }));
  r = write([](auto& numbers) { return numbers.update(sample_number("prj_b", "3", "+14155550100")); });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::conflict);
  EXPECT_EQ(r.error().field, "number");
}

TEST_F(NumberRepositoryTest, UnknownProjectIsNotFound) {
  auto r = write([](auto& numbers) { return numbers.insert(sample_number("prj_ghost", "1", "+14155550100")); });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::not_found);
}

TEST_F(NumberRepositoryTest, UpdateReplacesFieldsAndNeedsTheRightProject) {
  TrackingNumber n = sample_number("prj_a", "1", "+14155550100");
  ASSERT_TRUE(write([&](auto& numbers) { return numbers.insert(n); }));
  TrackingNumber next = full_pool_number();
  next.id = n.id;
  next.created_at = n.created_at;
  ASSERT_TRUE(write([&](auto& numbers) { return numbers.update(next); }));
  auto got = find("prj_a", "num_1");
  ASSERT_TRUE(got);
  expect_same(*got, next);

  // Back to nothing optional: every optional column is cleared.
  ASSERT_TRUE(write([&](auto& numbers) { return numbers.update(n); }));
  got = find("prj_a", "num_1");
  ASSERT_TRUE(got);
  expect_same(*got, n);

  TrackingNumber elsewhere = n;
  elsewhere.project_id = "prj_b";
  auto r = write([&](auto& numbers) { return numbers.update(elsewhere); });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::not_found);
}

TEST_F(NumberRepositoryTest, RemoveAndList) {
  ASSERT_TRUE(write([](auto& numbers) {
    TrackingNumber late = sample_number("prj_a", "late", "+14155550102");
    late.created_at = at_ms(3000);
    return numbers.insert(late);
  }));
  ASSERT_TRUE(write([](auto& numbers) {
    TrackingNumber early = sample_number("prj_a", "early", "+14155550101");
    early.created_at = at_ms(1000);
    return numbers.insert(early);
  }));
  ASSERT_TRUE(write([](auto& numbers) { return numbers.insert(sample_number("prj_b", "other", "+14155550103")); }));

  auto list = store_->read([](domain::Repositories& repos) { return repos.numbers().list("prj_a"); });
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].id, "num_early");
  EXPECT_EQ((*list)[1].id, "num_late");

  auto removed = store_->write_blocking<bool>(
      [](domain::Repositories& repos) { return repos.numbers().remove("prj_b", "num_early"); });  // wrong project
  ASSERT_TRUE(removed);
  EXPECT_FALSE(*removed);
  removed = store_->write_blocking<bool>(
      [](domain::Repositories& repos) { return repos.numbers().remove("prj_a", "num_early"); });
  ASSERT_TRUE(removed);
  EXPECT_TRUE(*removed);
  EXPECT_FALSE(find("prj_a", "num_early").has_value());

  // The number is free again.
  ASSERT_TRUE(write([](auto& numbers) { return numbers.insert(sample_number("prj_b", "again", "+14155550101")); }));
}

}  // namespace
}  // namespace callsign::storage::testing
