#include "telephony/twilio/twiml.hpp"

#include <string_view>

namespace callsign::telephony::twiml {
namespace {

constexpr std::string_view kDeclaration = R"(<?xml version="1.0" encoding="UTF-8"?>)";

// E.164: '+', a non-zero country code digit, at most 15 digits in all.
bool is_e164(std::string_view s) {
  if (s.size() < 3 || s.size() > 16 || s[0] != '+' || s[1] == '0') return false;
  for (std::size_t i = 1; i < s.size(); ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

bool is_method(const std::optional<std::string>& m) { return !m || *m == "GET" || *m == "POST"; }

// Escapes the five characters XML gives meaning to; the same rule serves text and attribute values.
void append_escaped(std::string& out, std::string_view text) {
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\t': case '\n': case '\r': out += c; break;
      default:
        // No escape exists for these in XML 1.0: a document containing one is not well-formed.
        out += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
    }
  }
}

void attribute(std::string& out, std::string_view name, std::string_view value) {
  out += ' ';
  out += name;
  out += "=\"";
  append_escaped(out, value);
  out += '"';
}

void optional_attribute(std::string& out, std::string_view name, const std::optional<std::string>& value) {
  if (value) attribute(out, name, *value);
}

std::string_view to_string(CallEvent e) {
  switch (e) {
    case CallEvent::initiated: return "initiated";
    case CallEvent::ringing: return "ringing";
    case CallEvent::answered: return "answered";
    case CallEvent::completed: return "completed";
  }
  return "completed";
}

std::string_view to_string(DialRecord r) {
  return r == DialRecord::record_from_answer_dual ? "record-from-answer-dual" : "do-not-record";
}

void party(std::string& out, std::string_view noun, std::string_view address, const PartyCallbacks& cb) {
  out += '<';
  out += noun;
  optional_attribute(out, "url", cb.url);
  optional_attribute(out, "statusCallback", cb.status_callback);
  if (cb.status_callback && !cb.status_callback_events.empty()) {
    std::string events;
    for (const auto e : cb.status_callback_events) {
      if (!events.empty()) events += ' ';
      events += to_string(e);
    }
    attribute(out, "statusCallbackEvent", events);
  }
  out += '>';
  append_escaped(out, address);
  out += "</";
  out += noun;
  out += '>';
}

Result<void> check(const Dial& dial, const std::string& at) {
  if (dial.targets.empty())
    return fail(Error::invalid(at + ".targets", "a <Dial> needs at least one number or SIP URI"));
  for (std::size_t i = 0; i < dial.targets.size(); ++i) {
    const std::string field = at + ".targets[" + std::to_string(i) + "]";
    if (const auto* n = std::get_if<Number>(&dial.targets[i]); n && !is_e164(n->e164))
      return fail(Error::invalid(field, "a <Number> must be in E.164 (\"+14155550123\")"));
    if (const auto* s = std::get_if<Sip>(&dial.targets[i]); s && s->uri.empty())
      return fail(Error::invalid(field, "a <Sip> needs a SIP URI"));
  }
  if (dial.timeout_seconds && (*dial.timeout_seconds < 5 || *dial.timeout_seconds > 600))
    return fail(Error::invalid(at + ".timeout", "a <Dial> timeout must be 5 to 600 seconds"));
  if (!is_method(dial.method)) return fail(Error::invalid(at + ".method", "method must be GET or POST"));
  return {};
}

Result<void> render_verb(std::string& out, const Dial& dial, const std::string& at) {
  if (auto ok = check(dial, at); !ok) return ok;
  out += "<Dial";
  optional_attribute(out, "action", dial.action);
  optional_attribute(out, "method", dial.method);
  if (dial.timeout_seconds) attribute(out, "timeout", std::to_string(*dial.timeout_seconds));
  if (dial.answer_on_bridge) attribute(out, "answerOnBridge", *dial.answer_on_bridge ? "true" : "false");
  if (dial.record) attribute(out, "record", to_string(*dial.record));
  optional_attribute(out, "recordingStatusCallback", dial.recording_status_callback);
  optional_attribute(out, "callerId", dial.caller_id);
  out += '>';
  for (const auto& target : dial.targets) {
    if (const auto* n = std::get_if<Number>(&target)) party(out, "Number", n->e164, n->callbacks);
    if (const auto* s = std::get_if<Sip>(&target)) party(out, "Sip", s->uri, s->callbacks);
  }
  out += "</Dial>";
  return {};
}

Result<void> render_verb(std::string& out, const Say& say, const std::string&) {
  out += "<Say";
  optional_attribute(out, "voice", say.voice);
  optional_attribute(out, "language", say.language);
  out += '>';
  append_escaped(out, say.text);
  out += "</Say>";
  return {};
}

Result<void> render_verb(std::string& out, const Record& record, const std::string& at) {
  if (record.max_length_seconds && (*record.max_length_seconds < 1 || *record.max_length_seconds > 14400))
    return fail(Error::invalid(at + ".maxLength", "a <Record> maxLength must be 1 to 14400 seconds"));
  out += "<Record";
  optional_attribute(out, "action", record.action);
  if (record.max_length_seconds) attribute(out, "maxLength", std::to_string(*record.max_length_seconds));
  if (record.play_beep) attribute(out, "playBeep", *record.play_beep ? "true" : "false");
  optional_attribute(out, "recordingStatusCallback", record.recording_status_callback);
  out += "/>";
  return {};
}

Result<void> render_verb(std::string& out, const Hangup&, const std::string&) {
  out += "<Hangup/>";
  return {};
}

Result<void> render_verb(std::string& out, const Redirect& redirect, const std::string& at) {
  if (redirect.url.empty()) return fail(Error::invalid(at + ".url", "a <Redirect> needs a URL"));
  if (!is_method(redirect.method)) return fail(Error::invalid(at + ".method", "method must be GET or POST"));
  out += "<Redirect";
  optional_attribute(out, "method", redirect.method);
  out += '>';
  append_escaped(out, redirect.url);
  out += "</Redirect>";
  return {};
}

}  // namespace

Result<std::string> render(const Response& response) {
  if (response.verbs.empty()) return empty_response();
  std::string out(kDeclaration);
  out += "<Response>";
  for (std::size_t i = 0; i < response.verbs.size(); ++i) {
    const std::string at = "verbs[" + std::to_string(i) + "]";
    auto ok = std::visit([&](const auto& verb) { return render_verb(out, verb, at); }, response.verbs[i]);
    if (!ok) return fail(std::move(ok.error()));
  }
  out += "</Response>";
  return out;
}

const std::string& empty_response() {
  static const std::string kEmpty = std::string(kDeclaration) + "<Response/>";
  return kEmpty;
}

}  // namespace callsign::telephony::twiml
