// AdviceCache: an answer is found under its key for `keep`, then forgotten; a request that waited while the answer
// was computed (its `now` before the answer's) finds it too.
#include <gtest/gtest.h>

#include "api/advice_cache.hpp"

namespace callsign::api {
namespace {

using namespace std::chrono_literals;

TEST(AdviceCache, KeepsAnAnswerForItsKeyForTheGivenTime) {
  AdviceCache cache(10min);
  const Timestamp t0 = from_unix_ms(1'800'000'000'000);
  EXPECT_FALSE(cache.find("a", t0));
  cache.store("a", nlohmann::json{{"recommended_size", 79}}, t0);
  ASSERT_TRUE(cache.find("a", t0 + 9min));
  EXPECT_EQ(cache.find("a", t0 + 9min)->at("recommended_size"), 79);
  EXPECT_TRUE(cache.find("a", t0 - 2min)) << "asked before it was stored: waited for it";
  EXPECT_FALSE(cache.find("b", t0)) << "another pool, target or size";
  EXPECT_FALSE(cache.find("a", t0 + 10min));
  cache.store("b", nlohmann::json{{"recommended_size", 5}}, t0 + 11min);  // forgets "a"
  cache.store("a", nlohmann::json{{"recommended_size", 80}}, t0 + 12min);
  EXPECT_EQ(cache.find("a", t0 + 12min)->at("recommended_size"), 80);
}

}  // namespace
}  // namespace callsign::api
