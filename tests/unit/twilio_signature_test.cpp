// TwilioSignature against Twilio's published test vectors, and every way a forged request can differ.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "telephony/twilio/signature.hpp"

namespace callsign::telephony {
namespace {

constexpr const char* kToken = "12345";
constexpr const char* kUrl = "https://mycompany.com/myapp.php?foo=1&bar=2";

// The worked example of Twilio's "Webhooks security" documentation
// (https://www.twilio.com/docs/usage/webhooks/webhooks-security, formerly /docs/usage/security#notes):
// auth token 12345, this URL and these POST parameters are signed 0/KCTR6DLpKmkAf8muzZqo1nDgQ=.
// Recomputed independently with Python's hmac/hashlib before being pinned here.
std::vector<FormParam> documented_params() {
  return {{"CallSid", "CA1234567890ABCDE"},
          {"Caller", "+12349013030"},
          {"Digits", "1234"},
          {"From", "+12349013030"},
          {"To", "+18005551212"}};
}
constexpr const char* kDocumentedSignature = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";

TEST(TwilioSignature, MatchesTwilioDocumentationExample) {
  const TwilioSignature signer(kToken);
  EXPECT_EQ(signer.compute(kUrl, documented_params()), kDocumentedSignature);
  EXPECT_TRUE(signer.valid(kUrl, documented_params(), kDocumentedSignature));
}

// The same example as Twilio's helper libraries test it, with the older caller number: twilio-python
// tests/unit/test_request_validator.py (ValidationTest.expected) and twilio-php docs/usage/validation.rst.
TEST(TwilioSignature, MatchesTwilioHelperLibraryVector) {
  const std::vector<FormParam> params{{"CallSid", "CA1234567890ABCDE"},
                                      {"Digits", "1234"},
                                      {"From", "+14158675309"},
                                      {"To", "+18005551212"},
                                      {"Caller", "+14158675309"}};
  EXPECT_EQ(TwilioSignature(kToken).compute(kUrl, params), "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
}

TEST(TwilioSignature, ParameterOrderDoesNotMatter) {
  auto params = documented_params();
  std::reverse(params.begin(), params.end());
  EXPECT_EQ(TwilioSignature(kToken).compute(kUrl, params), kDocumentedSignature);
}

// A repeated name keeps every value, sorted: twilio-python's
// test_compute_signature_duplicate_multi_dict (Digits=5678 and Digits=1234 → IK+Dwps556ElfBT0I3Rgjkr1wJU=).
TEST(TwilioSignature, RepeatedParameterKeepsEveryValueSorted) {
  const std::vector<FormParam> params{
      {"Sid", "CA123"}, {"SidAccount", "AC123"}, {"Digits", "5678"}, {"Digits", "1234"}};
  const TwilioSignature signer(kToken);
  EXPECT_EQ(signer.compute(kUrl, params), "IK+Dwps556ElfBT0I3Rgjkr1wJU=");
  const std::vector<FormParam> swapped{
      {"Digits", "1234"}, {"Sid", "CA123"}, {"Digits", "5678"}, {"SidAccount", "AC123"}};
  EXPECT_EQ(signer.compute(kUrl, swapped), "IK+Dwps556ElfBT0I3Rgjkr1wJU=");
  // Dropping one of the two values is a different request.
  const std::vector<FormParam> one{{"Sid", "CA123"}, {"SidAccount", "AC123"}, {"Digits", "1234"}};
  EXPECT_FALSE(signer.valid(kUrl, one, "IK+Dwps556ElfBT0I3Rgjkr1wJU="));
}

// Names sort by bytes ("Sid" < "SidAccount", uppercase before lowercase), and the URL is signed as given.
TEST(TwilioSignature, SortsByBytesAndSignsTheUrlAsGiven) {
  const TwilioSignature signer("secret");
  const std::vector<FormParam> params{{"b", "2"}, {"B", "1"}, {"a", ""}};
  // The signed text is "https://x.example/p?q=1" + "B1" + "a" + "b2".
  const std::vector<FormParam> same{{"a", ""}, {"B", "1"}, {"b", "2"}};
  EXPECT_EQ(signer.compute("https://x.example/p?q=1", params), signer.compute("https://x.example/p?q=1", same));
  EXPECT_NE(signer.compute("https://x.example/p?q=1", params), signer.compute("https://x.example/p", params));
}

TEST(TwilioSignature, EmptyValueStillSignsTheName) {
  const TwilioSignature signer(kToken);
  auto with_empty = documented_params();
  with_empty.push_back({"Body", ""});
  const std::string sig = signer.compute(kUrl, with_empty);
  EXPECT_NE(sig, kDocumentedSignature);  // the name "Body" is part of the signed text
  EXPECT_TRUE(signer.valid(kUrl, with_empty, sig));
  EXPECT_FALSE(signer.valid(kUrl, documented_params(), sig));
}

TEST(TwilioSignature, NoParametersSignsTheUrlAlone) {
  const TwilioSignature signer(kToken);
  const std::string sig = signer.compute(kUrl, {});
  EXPECT_TRUE(signer.valid(kUrl, {}, sig));
  EXPECT_NE(sig, kDocumentedSignature);
}

TEST(TwilioSignature, ChangedParameterFails) {
  const TwilioSignature signer(kToken);
  auto params = documented_params();
  params[3].value = "+12349013031";  // From
  EXPECT_FALSE(signer.valid(kUrl, params, kDocumentedSignature));
  auto renamed = documented_params();
  renamed[2].name = "digits";
  EXPECT_FALSE(signer.valid(kUrl, renamed, kDocumentedSignature));
  auto extra = documented_params();
  extra.push_back({"CallStatus", "completed"});
  EXPECT_FALSE(signer.valid(kUrl, extra, kDocumentedSignature));
  auto missing = documented_params();
  missing.pop_back();
  EXPECT_FALSE(signer.valid(kUrl, missing, kDocumentedSignature));
}

TEST(TwilioSignature, ChangedUrlFails) {
  const TwilioSignature signer(kToken);
  for (const char* url : {"https://mycompany.com/myapp.php?foo=1&bar=3", "https://mycompany.com/myapp.php?bar=2&foo=1",
                          "http://mycompany.com/myapp.php?foo=1&bar=2", "https://mycompany.com/myapp.php",
                          "https://mycompany.com/myapp.php/?foo=1&bar=2", "https://evil.com/myapp.php?foo=1&bar=2"}) {
    EXPECT_FALSE(signer.valid(url, documented_params(), kDocumentedSignature)) << url;
  }
}

TEST(TwilioSignature, ChangedTokenOrSignatureFails) {
  EXPECT_FALSE(TwilioSignature("12346").valid(kUrl, documented_params(), kDocumentedSignature));
  EXPECT_FALSE(TwilioSignature("").valid(kUrl, documented_params(), kDocumentedSignature));
  const TwilioSignature signer(kToken);
  EXPECT_FALSE(signer.valid(kUrl, documented_params(), ""));
  EXPECT_FALSE(signer.valid(kUrl, documented_params(), "0/KCTR6DLpKmkAf8muzZqo1nDgQ"));   // truncated
  EXPECT_FALSE(signer.valid(kUrl, documented_params(), "0/KCTR6DLpKmkAf8muzZqo1nDgQ=="));  // extended
  EXPECT_FALSE(signer.valid(kUrl, documented_params(), "0/kCTR6DLpKmkAf8muzZqo1nDgQ="));   // one letter's case
}

// Twilio signs the URL as configured in its console; like its helper libraries, a URL spelled with or
// without the scheme's port is accepted either way (twilio-python test_validation_*_port_*).
TEST(TwilioSignature, AcceptsTheUrlWithOrWithoutItsPort) {
  const TwilioSignature signer(kToken);
  EXPECT_TRUE(signer.valid("https://mycompany.com:443/myapp.php?foo=1&bar=2", documented_params(),
                           kDocumentedSignature));
  EXPECT_TRUE(signer.valid("https://mycompany.com:1234/myapp.php?foo=1&bar=2", documented_params(),
                           kDocumentedSignature));
  const std::string with_port =
      signer.compute("https://mycompany.com:443/myapp.php?foo=1&bar=2", documented_params());
  EXPECT_TRUE(signer.valid(kUrl, documented_params(), with_port));
  // Only the port may differ: another host with the port stripped is still another host.
  EXPECT_FALSE(signer.valid("https://mycompany.co:443/myapp.php?foo=1&bar=2", documented_params(),
                            kDocumentedSignature));
  // Twilio-python's pinned values for the example with explicit ports.
  const std::vector<FormParam> params{{"CallSid", "CA1234567890ABCDE"},
                                      {"Digits", "1234"},
                                      {"From", "+14158675309"},
                                      {"To", "+18005551212"},
                                      {"Caller", "+14158675309"}};
  EXPECT_TRUE(signer.valid(kUrl, params, "kvajT1Ptam85bY51eRf/AJRuM3w="));  // signed with :443
  EXPECT_TRUE(signer.valid("http://mycompany.com/myapp.php?foo=1&bar=2", params, "0ZXoZLH/DfblKGATFgpif+LLRf4="));
  EXPECT_TRUE(signer.valid("http://mycompany.com:1234/myapp.php?foo=1&bar=2", params, "Zmvh+3yNM1Phv2jhDCwEM3q5ebU="));
}

}  // namespace
}  // namespace callsign::telephony
