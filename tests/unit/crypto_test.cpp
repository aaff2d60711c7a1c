#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>

#include "common/crypto.hpp"

using namespace callsign;

TEST(Crypto, Sha256MatchesKnownVector) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Crypto, HmacMatchesRfc4231AndRfc2202) {
  // RFC 4231 test case 2 and RFC 2202 test case 2 ("Jefe").
  EXPECT_EQ(to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(to_hex(hmac_sha1("Jefe", "what do ya want for nothing?")), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
}

TEST(Crypto, Base64) {
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
}

TEST(Crypto, ConstantTimeEqual) {
  EXPECT_TRUE(constant_time_equal("same", "same"));
  EXPECT_FALSE(constant_time_equal("same", "sane"));
  EXPECT_FALSE(constant_time_equal("short", "longer"));
}

TEST(Crypto, IdsAreUniqueAndPrefixed) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    auto id = new_id("call");
    EXPECT_EQ(id.rfind("call_", 0), 0u);
    EXPECT_EQ(id.size(), 5u + 20u);
    EXPECT_TRUE(seen.insert(id).second);
  }
}

TEST(Crypto, IdsMadeLaterSortAfterEarlierOnes) {
  const auto first = new_id("call");
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  const auto second = new_id("call");
  EXPECT_LT(first, second);
  EXPECT_EQ(new_id("x")[2], '0');  // 50 bits of milliseconds: the first character stays '0' until the year 3084
}
