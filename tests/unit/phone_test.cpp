// normalize_phone / is_known_region: written forms → E.164, region and line type; junk → a clear 422 error.
#include <iostream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <phonenumbers/geocoding/phonenumber_offline_geocoder.h>
#include <phonenumbers/phonenumberutil.h>
#include <unicode/locid.h>

#include "domain/phone.hpp"

namespace callsign::domain {
namespace {

struct Written {
  const char* text;
  const char* region;
};

void expect_normalizes(const std::vector<Written>& forms, const std::string& e164) {
  for (const auto& [text, region] : forms) {
    auto r = normalize_phone(text, region, "caller");
    ASSERT_TRUE(r.has_value()) << "\"" << text << "\" with " << region << ": " << r.error().message;
    EXPECT_EQ(r->e164, e164) << "\"" << text << "\" with " << region;
  }
}

void expect_invalid(std::string_view text, std::string_view region, const std::string& field = "caller") {
  auto r = normalize_phone(text, region, field);
  ASSERT_FALSE(r.has_value()) << "\"" << text << "\" with " << region << " gave " << r->e164;
  EXPECT_EQ(r.error().kind, ErrorKind::invalid);
  EXPECT_EQ(r.error().code, "invalid_value");
  EXPECT_EQ(r.error().field, field);
  EXPECT_EQ(r.error().message.rfind(field, 0), 0u) << "the message names the field: " << r.error().message;
}

TEST(NormalizePhone, UsWrittenFormsAreOneNumber) {
  expect_normalizes({{"(415) 555-0123", "US"},
                     {"+1 415-555-0123", "US"},
                     {"415.555.0123", "US"},
                     {"+1 (415) 555-0123", "US"},
                     {"1 415 555 0123", "US"},
                     {"4155550123", "US"},
                     {"tel:+14155550123", "US"},
                     {"  (415)   555 0123  ", "US"},
                     {"+1 415 555 0123", "RU"},  // a '+' number ignores the project's country
                     {"011 1 415 555 0123", "US"}},
                    "+14155550123");
}

TEST(NormalizePhone, UsNumberCarriesRegionAndLineType) {
  auto r = normalize_phone("(415) 555-0123", "US", "caller");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->e164, "+14155550123");
  EXPECT_EQ(r->region, "San Francisco, CA");
  EXPECT_EQ(r->line_type, "fixed_line_or_mobile");

  auto ny = normalize_phone("(212) 555-0101", "US", "caller");
  ASSERT_TRUE(ny.has_value());
  EXPECT_EQ(ny->e164, "+12125550101");
  EXPECT_EQ(ny->region, "New York, NY");
}

TEST(NormalizePhone, RussianWrittenFormsAreOneNumber) {
  expect_normalizes({{"+7 (495) 123-45-67", "RU"},
                     {"8 (495) 123-45-67", "RU"},
                     {"8 495 1234567", "RU"},
                     {"+7 495 123 45 67", "US"}},
                    "+74951234567");
  auto r = normalize_phone("8 (495) 123-45-67", "RU", "caller");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->region, "Moscow");
  EXPECT_EQ(r->line_type, "fixed_line");

  auto mobile = normalize_phone("8 (916) 123-45-67", "RU", "caller");
  ASSERT_TRUE(mobile.has_value());
  EXPECT_EQ(mobile->e164, "+79161234567");
  EXPECT_EQ(mobile->line_type, "mobile");
  EXPECT_EQ(mobile->region, "Russia");  // no finer data for mobile ranges: the country
}

TEST(NormalizePhone, DoubleZeroInternationalPrefixWorksFromAnyCountry) {
  expect_normalizes({{"00 44 20 7946 0958", "US"},
                     {"00 44 20 7946 0958", "RU"},
                     {"00 44 20 7946 0958", "GB"},
                     {"011 44 20 7946 0958", "US"},
                     {"810 44 20 7946 0958", "RU"},
                     {"+44 20 7946 0958", "US"},
                     {"020 7946 0958", "GB"}},
                    "+442079460958");
  auto r = normalize_phone("00 44 20 7946 0958", "US", "caller");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->region, "London");
}

TEST(NormalizePhone, LineTypes) {
  auto toll_free = normalize_phone("1-800-555-0123", "US", "tracking_number");
  ASSERT_TRUE(toll_free.has_value());
  EXPECT_EQ(toll_free->e164, "+18005550123");
  EXPECT_EQ(toll_free->line_type, "toll_free");
  EXPECT_EQ(toll_free->region, "United States");

  auto global = normalize_phone("+800 1234 5678", "US", "caller");  // universal freephone: no country
  ASSERT_TRUE(global.has_value());
  EXPECT_EQ(global->e164, "+80012345678");
  EXPECT_EQ(global->line_type, "toll_free");
  EXPECT_EQ(global->region, "");
}

TEST(NormalizePhone, ExtensionIsDroppedFromTheE164Form) {
  expect_normalizes({{"+1 415 555 0123 ext. 5", "US"}, {"+1-415-555-0123;ext=5", "US"}}, "+14155550123");
}

TEST(NormalizePhone, JunkIsInvalidAndNamesTheField) {
  expect_invalid("hello", "US");
  expect_invalid("123", "US");
  expect_invalid("911", "US");
  expect_invalid("", "US");
  expect_invalid("   ", "US");
  expect_invalid("+", "US");
  expect_invalid("+1 555 555 0123", "US");      // no such area code
  expect_invalid("+14155550123456", "US");      // too long
  expect_invalid("(212) 555-0101", "RU");       // a US number read as Russian: no such Russian code
  expect_invalid("8 (000) 123-45-67", "RU");
  expect_invalid("8 (495) 123-45", "RU");       // a digit pair short
  expect_invalid("hello", "US", "tracking_number");
  expect_invalid("blocked", "US", "blocked_callers");
}

TEST(NormalizePhone, ErrorMessageQuotesTheText) {
  auto r = normalize_phone("hello", "US", "caller");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("caller is not a valid phone number: \"hello\""), std::string::npos)
      << r.error().message;

  auto short_number = normalize_phone("123", "US", "tracking_number");
  ASSERT_FALSE(short_number.has_value());
  EXPECT_NE(short_number.error().message.find("tracking_number is not a valid phone number: \"123\""),
            std::string::npos)
      << short_number.error().message;
}

TEST(NormalizePhone, NationalNumberWithoutAKnownCountryIsInvalid) {
  expect_invalid("415 555 0123", "");
  expect_invalid("415 555 0123", "ZZ");
  // With a '+' the country is in the number.
  expect_normalizes({{"+1 415 555 0123", ""}}, "+14155550123");
}

TEST(NormalizePhone, HostileTextIsRejectedWithAShortValidUtf8Message) {
  const std::string long_text(5000, '1');
  expect_invalid(long_text, "US");
  EXPECT_LT(normalize_phone(long_text, "US", "caller").error().message.size(), 200u);

  const std::string not_utf8 = "\xff\xfe(415) 555-0123";
  expect_invalid(not_utf8, "US");
  const std::string message = normalize_phone(not_utf8, "US", "caller").error().message;
  for (char c : message) EXPECT_LT(static_cast<unsigned char>(c), 0x80u) << message;

  expect_invalid(std::string("+1 415\0 555 0123", 16), "US");
}

TEST(NormalizePhone, SafeToCallFromManyThreads) {
  std::vector<std::thread> threads;
  std::vector<int> failures(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([t, &failures] {
      for (int i = 0; i < 200; ++i) {
        auto us = normalize_phone("(415) 555-0123", "US", "caller");
        auto ru = normalize_phone("8 (495) 123-45-67", "RU", "caller");
        if (!us || us->region != "San Francisco, CA" || !ru || ru->region != "Moscow") ++failures[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < 8; ++t) EXPECT_EQ(failures[t], 0) << "thread " << t;
}

TEST(IsKnownRegion, KnowsIsoCodesOnly) {
  EXPECT_TRUE(is_known_region("US"));
  EXPECT_TRUE(is_known_region("GB"));
  EXPECT_TRUE(is_known_region("RU"));
  EXPECT_TRUE(is_known_region("DE"));
  EXPECT_FALSE(is_known_region("us"));
  EXPECT_FALSE(is_known_region(""));
  EXPECT_FALSE(is_known_region("ZZ"));
  EXPECT_FALSE(is_known_region("XX"));
  EXPECT_FALSE(is_known_region("001"));
  EXPECT_FALSE(is_known_region("USA"));
}

}  // namespace
}  // namespace callsign::domain

TEST(Phone, NationalFormatIsHowTheNumbersCountryWritesIt) {
  EXPECT_EQ(callsign::domain::format_national("+14155550123"), "(415) 555-0123");
  EXPECT_EQ(callsign::domain::format_national("+74951234567"), "8 (495) 123-45-67");
  EXPECT_EQ(callsign::domain::format_national("not a number"), "not a number");
}

namespace callsign::domain {
namespace {

TEST(Phone, RegionIsWhatTheGeocoderSaysForEveryRegionsExampleOfEveryType) {
  // normalize_phone describes a number without letting the geocoder work out its type again; the result must be
  // exactly the geocoder's own GetDescriptionForNumber, geographical or not (toll-free, premium, VoIP…).
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  const auto& util = *PhoneNumberUtil::GetInstance();
  const i18n::phonenumbers::PhoneNumberOfflineGeocoder geocoder;
  const icu::Locale english("en");
  std::set<std::string> regions;
  util.GetSupportedRegions(&regions);
  int compared = 0, geographical = 0, described = 0;
  for (const auto& region : regions) {
    for (int t = PhoneNumberUtil::FIXED_LINE; t <= PhoneNumberUtil::VOICEMAIL; ++t) {
      const auto type = static_cast<PhoneNumberUtil::PhoneNumberType>(t);
      PhoneNumber example;
      if (!util.GetExampleNumberForType(region, type, &example)) continue;
      std::string e164;
      util.Format(example, PhoneNumberUtil::E164, &e164);
      auto ours = normalize_phone(e164, region, "caller");
      if (!ours) continue;  // an example our stricter reading refuses has no region to compare
      EXPECT_EQ(ours->region, geocoder.GetDescriptionForNumber(example, english)) << e164 << " (" << region << ")";
      ++compared;
      geographical += util.IsNumberGeographical(example);
      described += !ours->region.empty();
    }
  }
  std::cout << compared << " examples, " << geographical << " geographical, " << described << " described\n";
  // Both branches were taken, over most of the world's numbering plans.
  EXPECT_GT(compared, 1000);
  EXPECT_GT(geographical, 400);
  EXPECT_GT(compared - geographical, 400);
  EXPECT_GT(described, 800);
}

}  // namespace
}  // namespace callsign::domain
