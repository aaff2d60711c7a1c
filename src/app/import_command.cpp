#include "app/import_command.hpp"

#include <fstream>
#include <memory>
#include <sstream>

#include "app/existing_store.hpp"
#include "common/time.hpp"
#include "storage/store.hpp"
#include "telephony/cdr/cdr_import.hpp"

namespace callsign::app {
namespace {

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(Error::invalid("file", "cannot open " + path));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return fail(Error::invalid("file", "cannot read " + path));
  return text.str();
}

// Each batch is its own transaction, as over HTTP: a running server's writes get their turns between them.
Result<telephony::ImportCounts> write_batches(storage::Store& store, const domain::Project& project,
                                              std::vector<domain::PreparedCall> calls) {
  SystemClock clock;
  telephony::ImportCounts counts;
  for (const auto& batch : telephony::split_into_batches(std::move(calls))) {
    auto written = store.write_blocking<telephony::ImportCounts>([&](domain::Repositories& repos) {
      return telephony::record_import_batch(repos, project, batch, clock.now());
    });
    if (!written) return fail(written.error());
    counts += *written;
  }
  return counts;
}

void print_summary(std::ostream& out, const telephony::ImportCounts& counts,
                   const std::vector<telephony::ImportLineError>& errors) {
  out << "imported " << counts.imported << ", updated " << counts.updated << ", duplicates " << counts.duplicates
      << ", bad lines " << errors.size() << "\n";
  for (const auto& e : errors) out << "line " << e.line << ": " << e.message << "\n";
}

}  // namespace

int run_cdr_import(const CdrImportCommand& command, std::ostream& out, std::ostream& err) {
  const auto failed = [&err](const Error& e, int code) {
    err << "callsign: " << e.message << "\n";
    return code;
  };
  auto text = read_file(command.file);
  if (!text) return failed(text.error(), 1);
  auto store = open_existing_store(command.data_dir);
  if (!store) return failed(store.error(), 1);
  auto project = find_project(**store, command.project_id);
  if (!project) return failed(project.error(), 1);

  auto prepared = telephony::prepare_asterisk_cdr_import(*project, *text,
                                                         command.timezone.value_or(project->settings.timezone));
  if (!prepared) return failed(prepared.error(), 2);
  auto counts = write_batches(**store, *project, std::move(prepared->calls));
  (*store)->close();
  if (!counts) return failed(counts.error(), 1);
  print_summary(out, *counts, prepared->errors);
  return 0;
}

}  // namespace callsign::app
