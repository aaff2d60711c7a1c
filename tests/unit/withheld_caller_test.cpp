// domain::is_withheld_caller_id: the ways carriers and PBXs say "no caller id", and what is still a number.
#include <gtest/gtest.h>

#include "domain/withheld_caller.hpp"

namespace callsign::domain {
namespace {

TEST(WithheldCallerId, CarriersWordsInAnyCase) {
  for (const char* text : {"anonymous", "Anonymous", "ANONYMOUS", " anonymous ", "restricted", "Private", "unavailable",
                           "Unknown", "withheld", "blocked", "Private Number", "\"Anonymous\""})
    EXPECT_TRUE(is_withheld_caller_id(text)) << text;
}

TEST(WithheldCallerId, TwiliosKeypadSpellings) {
  for (const char* text : {"+266696687", "+7378742833", "+86282452253", "+8656696"})
    EXPECT_TRUE(is_withheld_caller_id(text)) << text;
}

TEST(WithheldCallerId, AsteriskCallerIdWithoutANumber) {
  EXPECT_TRUE(is_withheld_caller_id("\"Anonymous\" <anonymous>"));
  EXPECT_TRUE(is_withheld_caller_id("<anonymous>"));
  EXPECT_TRUE(is_withheld_caller_id("\"Restricted\" <restricted>"));
  EXPECT_TRUE(is_withheld_caller_id("\"Jane\" <anonymous>"));  // the number part decides
}

TEST(WithheldCallerId, NumbersAndNamesWithNumbersAreNotWithheld) {
  for (const char* text : {"+14155550123", "(415) 555-0123", "266696687", "\"Anonymous\" <+14155550123>",
                           "\"Jane\" <anonymous>x", "anonymous caller", "an0nymous"})
    EXPECT_FALSE(is_withheld_caller_id(text)) << text;
}

TEST(WithheldCallerId, AnEmptyCallerIsMissingNotWithheld) {
  EXPECT_FALSE(is_withheld_caller_id(""));
  EXPECT_FALSE(is_withheld_caller_id("   "));
}

}  // namespace
}  // namespace callsign::domain
