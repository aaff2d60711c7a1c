#pragma once
// TelephonyEventRepository on one SQLite connection (table `telephony_events`, parameters as a JSON object).
#include "domain/repositories.hpp"
#include "storage/sqlite/connection.hpp"

namespace callsign::storage::sqlite {

class SqliteTelephonyEventRepository final : public domain::TelephonyEventRepository {
 public:
  explicit SqliteTelephonyEventRepository(Connection& connection) : db_(connection) {}

  Result<bool> add(const domain::TelephonyEvent& event) override;
  // A row whose parameters cannot be read is Error{internal} naming it.
  Result<std::vector<domain::TelephonyEvent>> for_call(const std::string& call_sid) override;

 private:
  Connection& db_;
};

}  // namespace callsign::storage::sqlite
