#pragma once
// `callsign import asterisk-cdr FILE --project ID [--timezone TZ] [--data-dir DIR]`: the HTTP import's code
// run against the database directly, for files too large to POST or servers without network access.
#include <optional>
#include <ostream>
#include <string>

namespace callsign::app {

struct CdrImportCommand {
  std::string file;                     // a Master.csv
  std::string project_id;               // "prj_…"
  std::optional<std::string> timezone;  // IANA; default: the project's timezone setting
  std::string data_dir = "./callsign-data";
};

// Imports the file into the project's calls in the database of `data_dir`, exactly as
// POST /v1/projects/{id}/imports/asterisk-cdr does, and prints the summary (imported, updated, duplicates)
// and every bad line ("line N: message") to `out`. The database may be in use by a running server (SQLite
// lets the two take turns); the server sees the calls at once.
// Returns the process exit code: 0 when the file was imported, bad lines included; 1 when the file cannot be
// read, there is no database in `data_dir`, the project does not exist, or storage fails (reason on `err`);
// 2 for a timezone that is not an IANA zone.
int run_cdr_import(const CdrImportCommand& command, std::ostream& out, std::ostream& err);

}  // namespace callsign::app
