#pragma once
// Calls whose caller id is withheld ("anonymous", "restricted", Twilio's +266696687): they are calls all the same
// — often missed ones a business wants to see — but they have no caller to remember, classify against or link.
#include <string_view>

namespace callsign::domain {

// The caller stored (and returned by the API) for every call with a withheld caller id.
inline constexpr std::string_view kWithheldCaller = "anonymous";

// True when `text`, as a carrier or PBX wrote the caller, says the caller id is withheld rather than giving a
// number: the words carriers use (anonymous, restricted, private, unavailable, unknown, withheld, blocked — any
// case, optionally in quotes or angle brackets as Asterisk writes `"Anonymous" <anonymous>`) and the keypad
// spellings Twilio sends (+266696687 ANONYMOUS, +7378742833 RESTRICTED, +86282452253 UNAVAILABLE,
// +8656696 UNKNOWN). An empty text is not withheld: it is a missing field. Pure; thread-safe.
bool is_withheld_caller_id(std::string_view text);

}  // namespace callsign::domain
