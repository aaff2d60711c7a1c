// Golden classification cases (DESIGN.md §5: behaviour pinned by data files).
//
// Each tests/golden/classification/*.json is one case:
//   {"description": "...",
//    "settings": {API.md setting names, applied onto the defaults},
//    "calls":  [{"external_id", "tracking_number", "caller", "started_at", "answered_at"?, "ended_at"?,
//                "status"?, "operator"?, "recording_url"?}, ...]       in arrival order; an external_id may
//                                                                      repeat (a later report of the same call)
//    "expect": {"<external_id>": {all 10 flags, "caller"?: "<E.164>"}, ...}}   the flags after the last call
//
// Two tests per file:
//   FromScratch   classifies the final calls with the pure classifier, each against all of its caller's
//                 earlier calls (pins the data against DESIGN.md §1 without storage);
//   ThroughStore  records the calls with domain::record_call into a fresh SQLite store, in arrival order,
//                 reversed and in seeded shuffles (versions of one external_id keep their order), and reads
//                 every call back: arrival order must never change a flag.
#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "common/time.hpp"
#include "domain/call.hpp"
#include "domain/call_classifier.hpp"
#include "domain/call_recorder.hpp"
#include "domain/phone.hpp"
#include "domain/project.hpp"
#include "domain/settings_codec.hpp"
#include "storage/store.hpp"

namespace callsign {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kProjectId = "prj_golden";
constexpr std::array<unsigned, 3> kShuffleSeeds{1, 2, 3};

// ------------------------------------------------------------------------------------------ the case file

struct FlagName {
  const char* name;
  bool domain::CallFlags::*member;
};
constexpr std::array<FlagName, 10> kFlags{{{"answered", &domain::CallFlags::answered},
                                           {"missed", &domain::CallFlags::missed},
                                           {"abandoned", &domain::CallFlags::abandoned},
                                           {"target", &domain::CallFlags::target},
                                           {"first_time", &domain::CallFlags::first_time},
                                           {"unique", &domain::CallFlags::unique},
                                           {"repeat", &domain::CallFlags::repeat},
                                           {"unique_target", &domain::CallFlags::unique_target},
                                           {"off_hours", &domain::CallFlags::off_hours},
                                           {"spam", &domain::CallFlags::spam}}};

struct Expected {
  domain::CallFlags flags;
  std::optional<std::string> caller;  // E.164, when the case pins it
};

struct GoldenCase {
  std::string description;
  domain::ProjectSettings settings;
  std::vector<domain::CallInput> calls;  // arrival order
  std::map<std::string, Expected> expect;
};

// Reading a case fails with a sentence naming what is wrong; a typo in a data file must not pass silently.
using Load = Result<GoldenCase>;
Error bad(const std::string& what) { return Error::malformed(what); }

Result<Timestamp> read_time(const json& call, const char* key, std::size_t index) {
  const auto& v = call.at(key);
  std::optional<Timestamp> t = v.is_string() ? parse_rfc3339(v.get<std::string>()) : std::nullopt;
  if (!t) return fail(bad("calls[" + std::to_string(index) + "]." + key + " is not an RFC 3339 time: " + v.dump()));
  return *t;
}

Result<domain::CallInput> read_call(const json& c, std::size_t index) {
  static const std::set<std::string> kKeys{"external_id", "tracking_number", "caller",        "started_at",
                                           "answered_at", "ended_at",        "status",        "operator",
                                           "recording_url"};
  const std::string where = "calls[" + std::to_string(index) + "]";
  if (!c.is_object()) return fail(bad(where + " is not an object"));
  for (const auto& [key, value] : c.items())
    if (!kKeys.count(key)) return fail(bad(where + " has an unknown key \"" + key + "\""));
  for (const char* key : {"external_id", "tracking_number", "caller", "started_at"})
    if (!c.contains(key) || !c.at(key).is_string()) return fail(bad(where + "." + key + " must be a string"));

  domain::CallInput in;
  in.external_id = c.at("external_id").get<std::string>();
  in.tracking_number = c.at("tracking_number").get<std::string>();
  in.caller = c.at("caller").get<std::string>();
  auto started = read_time(c, "started_at", index);
  if (!started) return fail(started.error());
  in.started_at = *started;
  for (auto [key, target] : {std::pair{"answered_at", &in.answered_at}, std::pair{"ended_at", &in.ended_at}}) {
    if (!c.contains(key) || c.at(key).is_null()) continue;
    auto t = read_time(c, key, index);
    if (!t) return fail(t.error());
    *target = *t;
  }
  if (c.contains("status") && !c.at("status").is_null()) {
    auto status = c.at("status").is_string() ? domain::call_status_from_string(c.at("status").get<std::string>())
                                             : std::nullopt;
    if (!status) return fail(bad(where + ".status is not a call status: " + c.at("status").dump()));
    in.status = *status;
  }
  if (c.contains("operator") && c.at("operator").is_string()) in.operator_name = c.at("operator").get<std::string>();
  if (c.contains("recording_url") && c.at("recording_url").is_string())
    in.recording_url = c.at("recording_url").get<std::string>();
  return in;
}

Result<Expected> read_expected(const std::string& external_id, const json& e) {
  const std::string where = "expect." + external_id;
  if (!e.is_object()) return fail(bad(where + " is not an object"));
  Expected out;
  std::set<std::string> seen;
  for (const auto& [key, value] : e.items()) {
    if (key == "caller") {
      if (!value.is_string()) return fail(bad(where + ".caller must be a string"));
      out.caller = value.get<std::string>();
      continue;
    }
    auto flag = std::find_if(kFlags.begin(), kFlags.end(), [&](const FlagName& f) { return key == f.name; });
    if (flag == kFlags.end()) return fail(bad(where + " has an unknown key \"" + key + "\""));
    if (!value.is_boolean()) return fail(bad(where + "." + key + " must be true or false"));
    out.flags.*(flag->member) = value.get<bool>();
    seen.insert(key);
  }
  for (const auto& f : kFlags)
    if (!seen.count(f.name)) return fail(bad(where + " is missing the flag \"" + std::string(f.name) + "\""));
  return out;
}

Load load_case(const fs::path& file) {
  std::ifstream in(file);
  if (!in) return fail(bad("cannot open " + file.string()));
  json doc = json::parse(in, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
  if (doc.is_discarded() || !doc.is_object()) return fail(bad("not a JSON object"));
  for (const auto& [key, value] : doc.items())
    if (key != "description" && key != "settings" && key != "calls" && key != "expect")
      return fail(bad("unknown top-level key \"" + key + "\""));

  GoldenCase gc;
  gc.description = doc.value("description", "");
  if (gc.description.empty()) return fail(bad("\"description\" is required: say what the case pins"));
  if (doc.contains("settings")) {
    if (!doc.at("settings").is_object()) return fail(bad("\"settings\" must be an object"));
    for (const auto& [key, value] : doc.at("settings").items())
      if (!domain::is_setting_key(key)) return fail(bad("settings has an unknown key \"" + key + "\""));
    if (auto r = domain::apply_settings(gc.settings, doc.at("settings")); !r)
      return fail(bad("settings rejected: " + r.error().message));
  }
  if (!doc.contains("calls") || !doc.at("calls").is_array() || doc.at("calls").empty())
    return fail(bad("\"calls\" must be a non-empty array"));
  for (std::size_t i = 0; i < doc.at("calls").size(); ++i) {
    auto call = read_call(doc.at("calls")[i], i);
    if (!call) return fail(call.error());
    gc.calls.push_back(std::move(*call));
  }
  if (!doc.contains("expect") || !doc.at("expect").is_object()) return fail(bad("\"expect\" must be an object"));
  for (const auto& [external_id, e] : doc.at("expect").items()) {
    auto expected = read_expected(external_id, e);
    if (!expected) return fail(expected.error());
    gc.expect.emplace(external_id, std::move(*expected));
  }
  std::set<std::string> ids;
  for (const auto& c : gc.calls) ids.insert(c.external_id);
  for (const auto& id : ids)
    if (!gc.expect.count(id)) return fail(bad("expect has no entry for call \"" + id + "\""));
  for (const auto& [id, e] : gc.expect)
    if (!ids.count(id)) return fail(bad("expect names \"" + id + "\", which is not among the calls"));
  return gc;
}

// ------------------------------------------------------------------------------------------ comparing

std::string describe(const domain::CallFlags& f) {
  std::string out;
  for (const auto& flag : kFlags) out += std::string(f.*(flag.member) ? "+" : "-") + flag.name + " ";
  return out;
}

// Reports every differing flag of one call, naming the file, the replay order and the call.
void compare(const std::string& file, const std::string& order, const std::string& external_id,
             const Expected& want, const domain::Call& got) {
  for (const auto& flag : kFlags) {
    const bool w = want.flags.*(flag.member);
    const bool g = got.flags.*(flag.member);
    if (w != g)
      ADD_FAILURE() << file << " [" << order << "]: call \"" << external_id << "\" (started "
                    << format_rfc3339(got.started_at) << ", caller " << got.caller << "): flag " << flag.name
                    << " expected " << (w ? "true" : "false") << ", got " << (g ? "true" : "false")
                    << "\n  all flags: " << describe(got.flags);
  }
  if (want.caller && *want.caller != got.caller)
    ADD_FAILURE() << file << " [" << order << "]: call \"" << external_id << "\": caller expected " << *want.caller
                  << ", got " << got.caller;
}

// ------------------------------------------------------------------------------------------ replay orders

// A permutation of the arrival order in which every external_id's reports keep their relative order: a
// carrier may deliver different calls in any order, but a later report of one call stays later.
std::vector<domain::CallInput> reorder(const std::vector<domain::CallInput>& calls, std::vector<std::size_t> order) {
  std::map<std::string, std::vector<std::size_t>> versions;  // external_id → indexes in arrival order
  for (std::size_t i = 0; i < calls.size(); ++i) versions[calls[i].external_id].push_back(i);
  std::map<std::string, std::size_t> used;
  std::vector<domain::CallInput> out;
  for (std::size_t slot : order) {
    const auto& id = calls[slot].external_id;
    out.push_back(calls[versions[id][used[id]++]]);
  }
  return out;
}

struct Replay {
  std::string name;
  std::vector<domain::CallInput> calls;
};

std::vector<Replay> replays(const std::vector<domain::CallInput>& calls) {
  std::vector<std::size_t> order(calls.size());
  std::iota(order.begin(), order.end(), 0);
  std::vector<Replay> out;
  out.push_back({"arrival order", calls});
  out.push_back({"reverse order", reorder(calls, {order.rbegin(), order.rend()})});
  for (unsigned seed : kShuffleSeeds) {
    auto shuffled = order;
    std::mt19937 rng(seed);
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    out.push_back({"shuffled, seed " + std::to_string(seed), reorder(calls, shuffled)});
  }
  return out;
}

// ------------------------------------------------------------------------------------------ the tests

std::vector<fs::path> golden_files() {
  std::vector<fs::path> files;
  const fs::path dir = fs::path(CALLSIGN_GOLDEN_DIR) / "classification";
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::string test_name(const testing::TestParamInfo<fs::path>& info) {
  std::string name = info.param.stem().string();
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

class GoldenClassification : public testing::TestWithParam<fs::path> {
 protected:
  void SetUp() override {
    file_ = GetParam().filename().string();
    auto loaded = load_case(GetParam());
    ASSERT_TRUE(loaded.has_value()) << GetParam().string() << ": " << loaded.error().message;
    case_ = std::move(*loaded);
    RecordProperty("description", case_.description);
  }

  std::string file_;
  GoldenCase case_;
};

// The pure classifier over the final version of every call, each against all earlier calls of its caller.
TEST_P(GoldenClassification, FromScratch) {
  std::map<std::string, domain::Call> latest;  // external_id → last reported version
  domain::Project project;
  project.id = kProjectId;
  project.settings = case_.settings;
  for (const auto& in : case_.calls) {
    // prepare_call: the caller normalized (or recognized as withheld) exactly as every source's calls are.
    auto prepared = domain::prepare_call(project, in);
    ASSERT_TRUE(prepared.has_value()) << file_ << ": " << prepared.error().message;
    const auto& caller = prepared->caller;
    domain::Call c;
    c.id = "call_" + in.external_id;
    c.project_id = kProjectId;
    c.external_id = in.external_id;
    c.caller = caller.e164;
    c.started_at = in.started_at;
    c.answered_at = in.answered_at;
    c.ended_at = in.ended_at;
    c.status = in.status.value_or(in.answered_at ? domain::CallStatus::answered : domain::CallStatus::no_answer);
    latest[in.external_id] = std::move(c);
  }
  std::vector<domain::Call> all;
  for (auto& [id, c] : latest) all.push_back(c);
  std::sort(all.begin(), all.end(), domain::starts_before);
  for (std::size_t i = 0; i < all.size(); ++i) {
    std::vector<domain::Call> earlier;
    for (std::size_t k = 0; k < i; ++k)
      if (all[k].caller == all[i].caller) earlier.push_back(all[k]);
    all[i].flags = domain::classify(case_.settings, all[i], earlier, false);
    compare(file_, "from scratch", all[i].external_id, case_.expect.at(all[i].external_id), all[i]);
  }
}

// A fresh database under the system temp folder, removed with everything SQLite put beside it.
class TempDatabase {
 public:
  TempDatabase() {
    static std::atomic<int> counter{0};
    dir_ = fs::temp_directory_path() /
           ("callsign-golden-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  ~TempDatabase() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string path() const { return (dir_ / "callsign.db").string(); }

 private:
  fs::path dir_;
};

// Records `calls` in order into a new store; returns every call as stored at the end, by external_id.
std::map<std::string, domain::Call> record_all(const std::string& file, const Replay& replay,
                                               const domain::ProjectSettings& settings) {
  std::map<std::string, domain::Call> out;
  TempDatabase db;
  storage::StoreOptions options;
  options.path = db.path();
  options.read_connections = 1;
  auto opened = storage::Store::open(options);
  if (!opened) {
    ADD_FAILURE() << file << ": Store::open(" << options.path << "): " << opened.error().message;
    return out;
  }
  auto& store = **opened;

  domain::Project project;
  project.id = kProjectId;
  project.name = "Golden classification";
  project.settings = settings;
  project.api_key_hash = "golden-api-key-hash";
  project.public_key = "pk_golden";
  const Timestamp now = *parse_rfc3339("2027-01-01T00:00:00Z");
  project.created_at = now;
  auto inserted = store.write_blocking<bool>([&](domain::Repositories& repos) -> Result<bool> {
    if (auto r = repos.projects().insert(project); !r) return fail(r.error());
    return true;
  });
  if (!inserted) {
    ADD_FAILURE() << file << ": inserting the project: " << inserted.error().message;
    return out;
  }

  for (std::size_t i = 0; i < replay.calls.size(); ++i) {
    const auto& input = replay.calls[i];
    const Timestamp received = now + std::chrono::seconds{static_cast<long>(i)};
    auto recorded = store.write_blocking<domain::RecordedCall>(
        [&](domain::Repositories& repos) { return domain::record_call(repos, project, input, received); });
    if (!recorded) {
      ADD_FAILURE() << file << " [" << replay.name << "]: record_call(\"" << input.external_id
                    << "\"): " << recorded.error().message << " (field " << recorded.error().field << ")";
      return out;
    }
  }

  std::set<std::string> ids;
  for (const auto& in : replay.calls) ids.insert(in.external_id);
  for (const auto& id : ids) {
    auto found = store.read([&](domain::Repositories& repos) { return repos.calls().find_by_external_id(kProjectId, id); });
    if (!found || !*found) {
      ADD_FAILURE() << file << " [" << replay.name << "]: call \"" << id << "\" cannot be read back"
                    << (found ? "" : ": " + found.error().message);
      continue;
    }
    out.emplace(id, std::move(**found));
  }
  store.close();
  return out;
}

TEST_P(GoldenClassification, ThroughStore) {
  std::optional<std::map<std::string, domain::Call>> first;
  std::string first_name;
  for (const auto& replay : replays(case_.calls)) {
    auto stored = record_all(file_, replay, case_.settings);
    if (stored.size() != case_.expect.size()) continue;  // already reported
    for (const auto& [id, want] : case_.expect) compare(file_, replay.name, id, want, stored.at(id));
    // The expectations above already imply this; it is said outright because it is the point.
    if (!first) {
      first = std::move(stored);
      first_name = replay.name;
      continue;
    }
    for (const auto& [id, call] : stored)
      EXPECT_EQ(call.flags, first->at(id).flags)
          << file_ << ": call \"" << id << "\" has different flags in " << replay.name << " than in " << first_name
          << ":\n  " << describe(call.flags) << "\n  " << describe(first->at(id).flags);
  }
}

INSTANTIATE_TEST_SUITE_P(Classification, GoldenClassification, testing::ValuesIn(golden_files()), test_name);

// Guards against a wrong CALLSIGN_GOLDEN_DIR silently running no cases at all.
TEST(GoldenClassificationFiles, ArePresent) {
  EXPECT_GE(golden_files().size(), 10u) << "looked in " << CALLSIGN_GOLDEN_DIR << "/classification";
}

}  // namespace
}  // namespace callsign
