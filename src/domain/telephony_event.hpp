#pragma once
// A carrier's callback about one call, kept as it arrived: a call that reaches Callsign through webhooks is
// derived from the set of its events, so callbacks in any order, duplicated or retried, give the same call.
#include <map>
#include <string>

#include "common/time.hpp"

namespace callsign::domain {

struct TelephonyEvent {
  std::string project_id;
  std::string call_sid;  // the caller's call: the carrier's id of the inbound call (the parent of dialled legs)
  std::string kind;      // the callback it came from, or a fact Callsign decided ("voice", "route", "dial_status", …)
  std::string fact_key;  // what tells two events of one kind apart; the same key again is a duplicate
  std::map<std::string, std::string> params;  // the callback's parameters, or the fact's fields
  Timestamp received_at{};
  friend bool operator==(const TelephonyEvent&, const TelephonyEvent&) = default;
};

}  // namespace callsign::domain
