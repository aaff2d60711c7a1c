#pragma once
// TwiML, the XML a voice webhook answers with: the response is described as data, then rendered once.
// Only the verbs and attributes Callsign uses; see https://www.twilio.com/docs/voice/twiml.
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/result.hpp"

namespace callsign::telephony::twiml {

// Events a <Number>/<Sip> reports to its statusCallback (attribute statusCallbackEvent).
enum class CallEvent { initiated, ringing, answered, completed };

// Callbacks of one dialled party.
struct PartyCallbacks {
  std::optional<std::string> status_callback;   // URL
  std::vector<CallEvent> status_callback_events;  // written only with status_callback; empty: Twilio's default
  std::optional<std::string> url;               // TwiML run for the answering party before the bridge (whisper)
};

// <Number>: a phone number to dial, E.164 ("+14155550123").
struct Number {
  std::string e164;
  PartyCallbacks callbacks;
};

// <Sip>: a SIP URI to dial ("sip:alice@pbx.example.com").
struct Sip {
  std::string uri;
  PartyCallbacks callbacks;
};

using DialTarget = std::variant<Number, Sip>;

enum class DialRecord { do_not_record, record_from_answer_dual };

// <Dial>: rings every target at once (Twilio rings the nouns of one <Dial> simultaneously).
struct Dial {
  std::vector<DialTarget> targets;  // at least one
  std::optional<std::string> action;  // URL Twilio requests when the dialled call ends
  std::optional<std::string> method;  // "GET" or "POST" (for action)
  std::optional<int> timeout_seconds;  // 5..600
  std::optional<bool> answer_on_bridge;
  std::optional<DialRecord> record;
  std::optional<std::string> recording_status_callback;  // URL
  std::optional<std::string> caller_id;  // E.164 or a SIP identity
};

// <Say>: text read to the caller.
struct Say {
  std::string text;
  std::optional<std::string> voice;     // "alice", "Polly.Joanna", …
  std::optional<std::string> language;  // "en-US", …
};

// <Record>: records the caller (a voicemail). Without `action`, the call goes on with the next verb afterwards.
struct Record {
  std::optional<std::string> action;                     // URL requested when the recording ends
  std::optional<int> max_length_seconds;                 // 1..14400
  std::optional<bool> play_beep;
  std::optional<std::string> recording_status_callback;  // URL told when the recording is ready
};

// <Hangup/>.
struct Hangup {};

// <Redirect>: continue with the TwiML at `url`.
struct Redirect {
  std::string url;
  std::optional<std::string> method;  // "GET" or "POST"
};

using Verb = std::variant<Dial, Say, Record, Hangup, Redirect>;

// A whole response; no verbs renders <Response/> (what status callbacks answer with).
struct Response {
  std::vector<Verb> verbs;
};

// The XML document for `response`: `<?xml version="1.0" encoding="UTF-8"?>` then <Response>. Every attribute
// value and text is escaped (& < > " '); characters XML 1.0 cannot carry at all (control characters other
// than tab, LF and CR) are replaced by a space. Strings are taken as UTF-8 and passed through.
// Errors: Error{invalid, field} when the response is one Twilio would reject — a <Dial> with no target, a
// number not in E.164, an empty SIP URI or <Redirect> URL, a timeout outside 5..600, a method other than
// GET/POST, a <Record> maxLength outside 1..14400. Thread-safe (pure).
Result<std::string> render(const Response& response);

// `<?xml version="1.0" encoding="UTF-8"?><Response/>`: the reply to callbacks that need no instructions.
const std::string& empty_response();

}  // namespace callsign::telephony::twiml
