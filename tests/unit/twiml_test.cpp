// TwiML rendering, checked by parsing what is written (a strict little XML reader below), not by comparing
// strings: the document must be well-formed, and the tree must say what the data said.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "telephony/twilio/twiml.hpp"

namespace callsign::telephony::twiml {
namespace {

// ---- a strict XML 1.0 reader for the subset TwiML uses: elements, attributes, text, the five entities ----

struct Element {
  std::string name;
  std::map<std::string, std::string> attributes;
  std::vector<Element> children;
  std::string text;  // concatenated character data directly inside this element

  const std::string& attr(const std::string& key) const {
    static const std::string kMissing = "<missing>";
    const auto it = attributes.find(key);
    return it == attributes.end() ? kMissing : it->second;
  }
};

class XmlReader {
 public:
  explicit XmlReader(std::string_view doc) : doc_(doc) {}

  // The root element; nullopt (with error() saying why) when the document is not well-formed.
  std::optional<Element> parse() {
    constexpr std::string_view kDecl = R"(<?xml version="1.0" encoding="UTF-8"?>)";
    if (doc_.substr(0, kDecl.size()) != kDecl) return failure("missing or different XML declaration");
    pos_ = kDecl.size();
    skip_space();
    auto root = element();
    if (!root) return std::nullopt;
    skip_space();
    if (pos_ != doc_.size()) return failure("content after the root element");
    return root;
  }
  const std::string& error() const { return error_; }

 private:
  std::nullopt_t failure(std::string why) {
    if (error_.empty()) error_ = why + " at offset " + std::to_string(pos_);
    return std::nullopt;
  }
  bool eof() const { return pos_ >= doc_.size(); }
  char peek() const { return eof() ? '\0' : doc_[pos_]; }
  void skip_space() {
    while (!eof() && (peek() == ' ' || peek() == '\n' || peek() == '\t' || peek() == '\r')) ++pos_;
  }
  static bool name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  }
  std::optional<std::string> name() {
    const std::size_t start = pos_;
    while (!eof() && name_char(peek())) ++pos_;
    if (pos_ == start) {
      failure("expected a name");
      return std::nullopt;
    }
    return std::string(doc_.substr(start, pos_ - start));
  }
  // Character data up to `stop`; '<' and a bare '&' are errors, entities are decoded.
  std::optional<std::string> chars(char stop) {
    std::string out;
    while (!eof() && peek() != stop) {
      const char c = doc_[pos_];
      if (c == '<') {
        failure("raw '<' in character data");
        return std::nullopt;
      }
      if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
        failure("control character");
        return std::nullopt;
      }
      if (c == '&') {
        static const std::map<std::string_view, char> kEntities{
            {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
        bool matched = false;
        for (const auto& [entity, ch] : kEntities) {
          if (doc_.substr(pos_, entity.size()) == entity) {
            out += ch;
            pos_ += entity.size();
            matched = true;
            break;
          }
        }
        if (!matched) {
          failure("bare '&'");
          return std::nullopt;
        }
        continue;
      }
      out += c;
      ++pos_;
    }
    return out;
  }
  std::optional<Element> element() {
    if (peek() != '<') return failure("expected '<'");
    ++pos_;
    Element e;
    auto n = name();
    if (!n) return std::nullopt;
    e.name = *n;
    for (;;) {
      const bool spaced = peek() == ' ';
      skip_space();
      if (peek() == '/') {
        ++pos_;
        if (peek() != '>') return failure("expected '>' after '/'");
        ++pos_;
        return e;
      }
      if (peek() == '>') {
        ++pos_;
        break;
      }
      if (!spaced) return failure("attributes must be separated by white space");
      auto key = name();
      if (!key) return std::nullopt;
      if (peek() != '=') return failure("expected '='");
      ++pos_;
      const char quote = peek();
      if (quote != '"' && quote != '\'') return failure("attribute value must be quoted");
      ++pos_;
      auto value = chars(quote);
      if (!value) return std::nullopt;
      if (eof()) return failure("unterminated attribute value");
      ++pos_;
      if (!e.attributes.emplace(*key, *value).second) return failure("duplicate attribute " + *key);
    }
    for (;;) {
      auto text = chars('<');
      if (!text) return std::nullopt;
      e.text += *text;
      if (eof()) return failure("unclosed element " + e.name);
      if (doc_.substr(pos_, 2) == "</") {
        pos_ += 2;
        auto closing = name();
        if (!closing) return std::nullopt;
        if (*closing != e.name) return failure("</" + *closing + "> closes <" + e.name + ">");
        if (peek() != '>') return failure("expected '>'");
        ++pos_;
        return e;
      }
      auto child = element();
      if (!child) return std::nullopt;
      e.children.push_back(std::move(*child));
    }
  }

  std::string_view doc_;
  std::size_t pos_ = 0;
  std::string error_;
};

Element parse_ok(const Response& response) {
  auto xml = render(response);
  EXPECT_TRUE(xml.has_value()) << (xml ? "" : xml.error().field + ": " + xml.error().message);
  if (!xml) return {};
  XmlReader reader(*xml);
  auto root = reader.parse();
  EXPECT_TRUE(root.has_value()) << reader.error() << "\n" << *xml;
  if (!root) return {};
  EXPECT_EQ(root->name, "Response");
  return *root;
}

// ---- the reader itself must refuse what is not well-formed, or the tests below prove nothing ----

TEST(TwimlXmlReader, RefusesMalformedDocuments) {
  const std::string decl = R"(<?xml version="1.0" encoding="UTF-8"?>)";
  for (const std::string& bad : {decl + "<Response><Say>Tom & Jerry</Say></Response>",
                                decl + "<Response><Say>1 < 2</Say></Response>",
                                decl + "<Response><Say voice=\"a\"b\">x</Say></Response>",
                                decl + "<Response><Say voice=\"a<b\">x</Say></Response>",
                                decl + "<Response><Say>x</Response></Say>",
                                decl + "<Response><Say>x</Say>",
                                decl + "<Response/><Response/>",
                                decl + "<Response a=\"1\" a=\"2\"/>",
                                std::string("<Response/>")}) {
    XmlReader reader(bad);
    EXPECT_FALSE(reader.parse().has_value()) << bad;
  }
  const std::string doc = decl + "<Response><Say a=\"&quot;&apos;&amp;&lt;&gt;\">x &gt; y</Say></Response>";
  XmlReader good(doc);
  auto root = good.parse();
  ASSERT_TRUE(root.has_value()) << good.error();
  EXPECT_EQ(root->children.at(0).attr("a"), "\"'&<>");
  EXPECT_EQ(root->children.at(0).text, "x > y");
}

// ---- TwiML ----

TEST(Twiml, EmptyResponse) {
  const auto root = parse_ok(Response{});
  EXPECT_TRUE(root.children.empty());
  EXPECT_TRUE(root.attributes.empty());
  EXPECT_TRUE(root.text.empty());
  EXPECT_EQ(*render(Response{}), empty_response());
  XmlReader reader(empty_response());
  EXPECT_TRUE(reader.parse().has_value()) << reader.error();
}

TEST(Twiml, HostileSayTextIsEscaped) {
  const std::string hostile = "Tom & \"Jerry\" <3 </Say><Hangup/> 'x' ]]>";
  const auto root = parse_ok(Response{{Say{hostile, "alice", "en-US"}}});
  ASSERT_EQ(root.children.size(), 1u);
  const auto& say = root.children[0];
  EXPECT_EQ(say.name, "Say");
  EXPECT_EQ(say.text, hostile);
  EXPECT_TRUE(say.children.empty());  // the "<Hangup/>" inside the text stayed text
  EXPECT_EQ(say.attr("voice"), "alice");
  EXPECT_EQ(say.attr("language"), "en-US");
}

TEST(Twiml, HostileAttributeValuesAreEscaped) {
  Dial dial;
  dial.targets.push_back(Number{"+14155550123", {}});
  dial.action = "https://cs.example/telephony/twilio/dial-status?a=1&b=\"2\"&c='3'<x>";
  dial.caller_id = "\" onload=\"x";
  const auto root = parse_ok(Response{{dial}});
  const auto& d = root.children.at(0);
  EXPECT_EQ(d.attr("action"), *dial.action);
  EXPECT_EQ(d.attr("callerId"), *dial.caller_id);
  EXPECT_EQ(d.attributes.size(), 2u);  // nothing injected
}

TEST(Twiml, ControlCharactersCannotBreakTheDocument) {
  const auto root = parse_ok(Response{{Say{std::string("a\x01" "b\x1f" "c\td\ne"), std::nullopt, std::nullopt}}});
  EXPECT_EQ(root.children.at(0).text, "a b c\td\ne");
}

TEST(Twiml, DialWithEveryAttributeAndSeveralNumbers) {
  Dial dial;
  dial.action = "https://cs.example/telephony/twilio/dial-status";
  dial.method = "POST";
  dial.timeout_seconds = 20;
  dial.answer_on_bridge = true;
  dial.record = DialRecord::record_from_answer_dual;
  dial.recording_status_callback = "https://cs.example/telephony/twilio/recording";
  dial.caller_id = "+18005551212";
  PartyCallbacks cb;
  cb.status_callback = "https://cs.example/telephony/twilio/status?leg=1";
  cb.status_callback_events = {CallEvent::initiated, CallEvent::ringing, CallEvent::answered, CallEvent::completed};
  cb.url = "https://cs.example/whisper";
  dial.targets = {Number{"+14155550101", cb}, Number{"+14155550102", {}},
                  Sip{"sip:alice@pbx.example.com;transport=tls", {}}};

  const auto root = parse_ok(Response{{dial}});
  ASSERT_EQ(root.children.size(), 1u);
  const auto& d = root.children[0];
  EXPECT_EQ(d.name, "Dial");
  EXPECT_EQ(d.attr("action"), "https://cs.example/telephony/twilio/dial-status");
  EXPECT_EQ(d.attr("method"), "POST");
  EXPECT_EQ(d.attr("timeout"), "20");
  EXPECT_EQ(d.attr("answerOnBridge"), "true");
  EXPECT_EQ(d.attr("record"), "record-from-answer-dual");
  EXPECT_EQ(d.attr("recordingStatusCallback"), "https://cs.example/telephony/twilio/recording");
  EXPECT_EQ(d.attr("callerId"), "+18005551212");
  ASSERT_EQ(d.children.size(), 3u);
  EXPECT_EQ(d.children[0].name, "Number");
  EXPECT_EQ(d.children[0].text, "+14155550101");
  EXPECT_EQ(d.children[0].attr("statusCallback"), "https://cs.example/telephony/twilio/status?leg=1");
  EXPECT_EQ(d.children[0].attr("statusCallbackEvent"), "initiated ringing answered completed");
  EXPECT_EQ(d.children[0].attr("url"), "https://cs.example/whisper");
  EXPECT_EQ(d.children[1].name, "Number");
  EXPECT_EQ(d.children[1].text, "+14155550102");
  EXPECT_TRUE(d.children[1].attributes.empty());
  EXPECT_EQ(d.children[2].name, "Sip");
  EXPECT_EQ(d.children[2].text, "sip:alice@pbx.example.com;transport=tls");
}

TEST(Twiml, OptionalDialAttributesAreLeftOut) {
  Dial dial;
  dial.targets = {Number{"+442071838750", {}}};
  dial.record = DialRecord::do_not_record;
  dial.answer_on_bridge = false;
  const auto root = parse_ok(Response{{dial}});
  const auto& d = root.children.at(0);
  EXPECT_EQ(d.attributes.size(), 2u);
  EXPECT_EQ(d.attr("record"), "do-not-record");
  EXPECT_EQ(d.attr("answerOnBridge"), "false");
  // Events without a callback would be meaningless; they are not written.
  Dial events_only;
  PartyCallbacks cb;
  cb.status_callback_events = {CallEvent::answered};
  events_only.targets = {Number{"+442071838750", cb}};
  EXPECT_TRUE(parse_ok(Response{{events_only}}).children.at(0).children.at(0).attributes.empty());
}

TEST(Twiml, SayThenHangupAndRedirect) {
  const auto root = parse_ok(Response{{Say{"This number is not in service.", std::nullopt, std::nullopt}, Hangup{}}});
  ASSERT_EQ(root.children.size(), 2u);
  EXPECT_EQ(root.children[0].name, "Say");
  EXPECT_TRUE(root.children[0].attributes.empty());
  EXPECT_EQ(root.children[1].name, "Hangup");
  EXPECT_TRUE(root.children[1].text.empty());

  const auto redirect = parse_ok(Response{{Redirect{"https://cs.example/next?x=1&y=2", "GET"}}});
  EXPECT_EQ(redirect.children.at(0).name, "Redirect");
  EXPECT_EQ(redirect.children.at(0).text, "https://cs.example/next?x=1&y=2");
  EXPECT_EQ(redirect.children.at(0).attr("method"), "GET");
}

TEST(Twiml, RecordForAVoicemail) {
  Record record;
  record.max_length_seconds = 120;
  record.play_beep = true;
  record.recording_status_callback = "https://cs.example/telephony/twilio/recording?project=prj_1&x=\"";
  const auto root = parse_ok(Response{{Say{"Please leave a message.", std::nullopt, std::nullopt}, record, Hangup{}}});
  ASSERT_EQ(root.children.size(), 3u);
  const auto& r = root.children[1];
  EXPECT_EQ(r.name, "Record");
  EXPECT_EQ(r.attr("maxLength"), "120");
  EXPECT_EQ(r.attr("playBeep"), "true");
  EXPECT_EQ(r.attr("recordingStatusCallback"), "https://cs.example/telephony/twilio/recording?project=prj_1&x=\"");
  EXPECT_EQ(r.attr("action"), "<missing>");
  for (const int length : {0, 14401}) {
    Record bad;
    bad.max_length_seconds = length;
    auto xml = render(Response{{bad}});
    ASSERT_FALSE(xml.has_value()) << length;
    EXPECT_EQ(xml.error().field, "verbs[0].maxLength");
  }
}

TEST(Twiml, RefusesWhatTwilioWouldReject) {
  const auto field_of = [](const Response& r) {
    auto xml = render(r);
    EXPECT_FALSE(xml.has_value());
    return xml ? std::string() : xml.error().field;
  };
  EXPECT_EQ(field_of(Response{{Dial{}}}), "verbs[0].targets");
  Dial national;
  national.targets = {Number{"+14155550101", {}}, Number{"(415) 555-0102", {}}};
  EXPECT_EQ(field_of(Response{{Say{"hi", std::nullopt, std::nullopt}, national}}), "verbs[1].targets[1]");
  Dial no_plus;
  no_plus.targets = {Number{"14155550101", {}}};
  EXPECT_EQ(field_of(Response{{no_plus}}), "verbs[0].targets[0]");
  Dial sip;
  sip.targets = {Sip{"", {}}};
  EXPECT_EQ(field_of(Response{{sip}}), "verbs[0].targets[0]");
  for (const int timeout : {0, 4, 601}) {
    Dial d;
    d.targets = {Number{"+14155550101", {}}};
    d.timeout_seconds = timeout;
    EXPECT_EQ(field_of(Response{{d}}), "verbs[0].timeout") << timeout;
  }
  Dial method;
  method.targets = {Number{"+14155550101", {}}};
  method.method = "PUT";
  EXPECT_EQ(field_of(Response{{method}}), "verbs[0].method");
  EXPECT_EQ(field_of(Response{{Redirect{"", std::nullopt}}}), "verbs[0].url");
}

}  // namespace
}  // namespace callsign::telephony::twiml
