#include "telephony/cdr/asterisk_cdr.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <exception>
#include <utility>
#include <variant>

#include <date/date.h>
#include <date/tz.h>

namespace callsign::telephony {
namespace {

using std::chrono::seconds;

constexpr std::size_t kColumns = 18;
constexpr std::size_t kColumnsWithNewCdrColumns = 21;

// Column positions in cdr_csv's order.
namespace col {
enum Column : std::size_t {
  accountcode, src, dst, dcontext, clid, channel, dstchannel, lastapp, lastdata, start, answer, end,
  duration, billsec, disposition, amaflags, uniqueid, userfield, peeraccount, linkedid, sequence,
};
}  // namespace col

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

constexpr std::array<std::string_view, 5> kDispositions{"ANSWERED", "NO ANSWER", "BUSY", "FAILED", "CONGESTION"};

// One CSV record as read, before its fields mean anything.
struct RawRecord {
  std::size_t line_number = 0;
  std::vector<std::string> fields;
  std::string error;  // non-empty: the record is malformed CSV
};

// Reads RFC 4180-style records: a record ends at a line break outside quotes.
class CsvReader {
 public:
  explicit CsvReader(std::string_view text) : text_(text) {}

  // The next non-blank record; false at the end of the text.
  bool next(RawRecord& out) {
    skip_blank_lines();
    if (pos_ >= text_.size()) return false;
    out = RawRecord{};
    out.line_number = line_;
    const std::size_t record_start = pos_;
    if (read_fields(out)) return true;
    // A malformed record may have swallowed the lines after it (an unterminated quote runs on): resume on the
    // line after the one it started on, so one bad line costs only itself.
    out.fields.clear();
    const auto eol = text_.find('\n', record_start);
    pos_ = eol == std::string_view::npos ? text_.size() : eol + 1;
    line_ = out.line_number + 1;
    return true;
  }

 private:
  // A line ends at LF, CRLF, or a CR that ends the text.
  bool at_line_end() const {
    if (pos_ >= text_.size() || text_[pos_] == '\n') return true;
    return text_[pos_] == '\r' && (pos_ + 1 == text_.size() || text_[pos_ + 1] == '\n');
  }

  void consume_line_end() {
    if (pos_ >= text_.size()) return;
    pos_ += (text_[pos_] == '\r' && pos_ + 1 < text_.size()) ? 2 : 1;
    ++line_;
  }

  void skip_blank_lines() {
    while (pos_ < text_.size()) {
      const auto eol = text_.find('\n', pos_);
      auto content = text_.substr(pos_, (eol == std::string_view::npos ? text_.size() : eol) - pos_);
      if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
      if (!trim(content).empty()) return;
      pos_ = eol == std::string_view::npos ? text_.size() : eol + 1;
      ++line_;
    }
  }

  // Fills out.fields; false (with out.error set) when the CSV itself is malformed.
  bool read_fields(RawRecord& out) {
    for (;;) {
      std::string field;
      if (pos_ < text_.size() && text_[pos_] == '"') {
        ++pos_;
        bool crossed_line = false;
        for (;;) {
          if (pos_ >= text_.size()) {
            out.error = unclosed_quote(out.fields.size());
            return false;
          }
          const char c = text_[pos_++];
          if (c == '"') {
            if (pos_ < text_.size() && text_[pos_] == '"') {
              field += '"';
              ++pos_;
              continue;
            }
            break;
          }
          if (c == '\n') {
            ++line_;
            crossed_line = true;
          }
          field += c;
        }
        if (!at_line_end() && text_[pos_] != ',') {
          // After a line break, the quote that "closed" the field most likely opened a field of the next line.
          out.error = crossed_line ? unclosed_quote(out.fields.size())
                                   : "field " + std::to_string(out.fields.size() + 1) +
                                         " has text after its closing quote (a quote inside a field must be doubled)";
          return false;
        }
      } else {
        while (!at_line_end() && text_[pos_] != ',') field += text_[pos_++];
      }
      out.fields.push_back(std::move(field));
      if (at_line_end()) {
        consume_line_end();
        return true;
      }
      ++pos_;  // the comma
    }
  }

  static std::string unclosed_quote(std::size_t fields_before) {
    return "field " + std::to_string(fields_before + 1) +
           " opens a quote that is not closed on its line (a quote inside a field must be doubled)";
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

bool parse_int(std::string_view text, int& out) {
  const auto* first = text.data();
  const auto* last = text.data() + text.size();
  const auto r = std::from_chars(first, last, out);
  return !text.empty() && r.ec == std::errc{} && r.ptr == last;
}

// "YYYY-MM-DD HH:MM:SS" → the wall-clock time it names, without a zone yet.
std::optional<date::local_seconds> parse_local(std::string_view text) {
  text = trim(text);
  if (text.size() != 19 || text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':' ||
      text[16] != ':')
    return std::nullopt;
  for (const std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18})
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  parse_int(text.substr(0, 4), y);
  parse_int(text.substr(5, 2), mo);
  parse_int(text.substr(8, 2), d);
  parse_int(text.substr(11, 2), h);
  parse_int(text.substr(14, 2), mi);
  parse_int(text.substr(17, 2), s);
  const auto ymd = date::year{y} / date::month{static_cast<unsigned>(mo)} / date::day{static_cast<unsigned>(d)};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 59) return std::nullopt;
  return date::local_days{ymd} + std::chrono::hours{h} + std::chrono::minutes{mi} + seconds{s};
}

using SysSeconds = std::chrono::sys_seconds;

// The instants a wall-clock time can be in `zone`: one, two in the repeated hour, none in the skipped one.
std::vector<SysSeconds> instants(const date::time_zone* zone, date::local_seconds local) {
  const auto info = zone->get_info(local);
  const auto at = [&](const date::sys_info& s) { return SysSeconds{(local - s.offset).time_since_epoch()}; };
  switch (info.result) {
    case date::local_info::unique: return {at(info.first)};
    case date::local_info::ambiguous: return {at(info.first), at(info.second)};
    default: return {};
  }
}

std::int64_t abs_difference(std::chrono::seconds a, std::int64_t b) {
  const auto d = a.count() - b;
  return d < 0 ? -d : d;
}

// Record-level failure: the field at fault and a sentence.
struct FieldError {
  std::string field, message;
};

struct Times {
  SysSeconds start, end;
  std::optional<SysSeconds> answer;
};

// Reads start/answer/end in `zone`; where the wall clock is ambiguous, the candidates that agree best with
// duration (end − start) and billsec (end − answer) win, the earlier on a tie.
std::variant<Times, FieldError> resolve_times(const std::vector<std::string>& f, const date::time_zone* zone,
                                              std::string_view zone_name, std::int64_t duration_s,
                                              std::int64_t billsec_s) {
  const auto read = [&](col::Column c, const char* name) -> std::variant<std::vector<SysSeconds>, FieldError> {
    const auto local = parse_local(f[c]);
    if (!local)
      return FieldError{name, std::string(name) + " \"" + f[c] +
                                  "\" is not a valid time of the form YYYY-MM-DD HH:MM:SS"};
    auto candidates = instants(zone, *local);
    if (candidates.empty())
      return FieldError{name, std::string(name) + " \"" + f[c] + "\" does not exist in " + std::string(zone_name) +
                                  " (the clocks skip it)"};
    return candidates;
  };
  auto starts = read(col::start, "start");
  if (auto* e = std::get_if<FieldError>(&starts)) return std::move(*e);
  auto ends = read(col::end, "end");
  if (auto* e = std::get_if<FieldError>(&ends)) return std::move(*e);

  std::optional<Times> best;
  std::int64_t best_distance = 0;
  for (const auto s : std::get<0>(starts)) {
    for (const auto e : std::get<0>(ends)) {
      if (e < s) continue;
      const auto d = abs_difference(e - s, duration_s);
      if (!best || d < best_distance) {
        best = Times{s, e, std::nullopt};
        best_distance = d;
      }
    }
  }
  if (!best) return FieldError{"end", "end \"" + f[col::end] + "\" is before start \"" + f[col::start] + "\""};

  if (!trim(f[col::answer]).empty()) {
    auto answers = read(col::answer, "answer");
    if (auto* e = std::get_if<FieldError>(&answers)) return std::move(*e);
    std::optional<SysSeconds> chosen;
    std::int64_t chosen_distance = 0;
    for (const auto a : std::get<0>(answers)) {
      if (a < best->start || a > best->end) continue;
      const auto d = abs_difference(best->end - a, billsec_s);
      if (!chosen || d < chosen_distance) {
        chosen = a;
        chosen_distance = d;
      }
    }
    if (!chosen)
      return FieldError{"answer", "answer \"" + f[col::answer] + "\" is not between start \"" + f[col::start] +
                                      "\" and end \"" + f[col::end] + "\""};
    best->answer = chosen;
  }
  return *best;
}

std::optional<std::int64_t> parse_seconds(std::string_view text) {
  text = trim(text);
  std::int64_t value = 0;
  const auto* last = text.data() + text.size();
  const auto r = std::from_chars(text.data(), last, value);
  if (text.empty() || r.ec != std::errc{} || r.ptr != last || value < 0) return std::nullopt;
  return value;
}

std::optional<CdrDisposition> parse_disposition(std::string_view text) {
  text = trim(text);
  for (std::size_t i = 0; i < kDispositions.size(); ++i) {
    const auto& name = kDispositions[i];
    const bool same = name.size() == text.size() &&
                      std::equal(name.begin(), name.end(), text.begin(), [](char a, char b) {
                        return a == ((b >= 'a' && b <= 'z') ? static_cast<char>(b - 'a' + 'A') : b);
                      });
    if (same) return static_cast<CdrDisposition>(i);
  }
  return std::nullopt;
}

bool is_header(const std::vector<std::string>& f) {
  return f.size() > col::start && trim(f[col::accountcode]) == "accountcode" && trim(f[col::start]) == "start";
}

std::variant<CdrRecord, FieldError> to_record(RawRecord& raw, const date::time_zone* zone,
                                              std::string_view zone_name) {
  auto& f = raw.fields;
  if (f.size() != kColumns && f.size() != kColumnsWithNewCdrColumns) {
    std::string message = "expected " + std::to_string(kColumns) + " columns (" +
                          std::to_string(kColumnsWithNewCdrColumns) + " with newcdrcolumns), found " +
                          std::to_string(f.size());
    if (f.size() == kColumns - 1 || f.size() == kColumns - 2)
      message += "; is loguniqueid (and loguserfield) on in cdr.conf?";
    return FieldError{"line", std::move(message)};
  }
  if (trim(f[col::uniqueid]).empty()) return FieldError{"uniqueid", "uniqueid is missing"};
  const auto duration_s = parse_seconds(f[col::duration]);
  if (!duration_s)
    return FieldError{"duration", "duration \"" + f[col::duration] + "\" is not a whole number of seconds"};
  const auto billsec_s = parse_seconds(f[col::billsec]);
  if (!billsec_s) return FieldError{"billsec", "billsec \"" + f[col::billsec] + "\" is not a whole number of seconds"};
  const auto disp = parse_disposition(f[col::disposition]);
  if (!disp)
    return FieldError{"disposition", "disposition \"" + f[col::disposition] +
                                         "\" is not one of ANSWERED, NO ANSWER, BUSY, FAILED, CONGESTION"};
  std::optional<std::int64_t> seq;
  if (f.size() == kColumnsWithNewCdrColumns) {
    seq = parse_seconds(f[col::sequence]);
    if (!seq) return FieldError{"sequence", "sequence \"" + f[col::sequence] + "\" is not a whole number"};
  }
  auto times = resolve_times(f, zone, zone_name, *duration_s, *billsec_s);
  if (auto* e = std::get_if<FieldError>(&times)) return std::move(*e);
  const auto& t = std::get<Times>(times);

  CdrRecord r;
  r.line_number = raw.line_number;
  r.accountcode = std::move(f[col::accountcode]);
  r.src = std::move(f[col::src]);
  r.dst = std::move(f[col::dst]);
  r.dcontext = std::move(f[col::dcontext]);
  r.clid = std::move(f[col::clid]);
  r.channel = std::move(f[col::channel]);
  r.dstchannel = std::move(f[col::dstchannel]);
  r.lastapp = std::move(f[col::lastapp]);
  r.lastdata = std::move(f[col::lastdata]);
  r.start = t.start;
  if (t.answer) r.answer = Timestamp{*t.answer};
  r.end = t.end;
  r.duration = *duration_s;
  r.billsec = *billsec_s;
  r.disposition = *disp;
  r.amaflags = std::move(f[col::amaflags]);
  r.uniqueid = std::string(trim(f[col::uniqueid]));
  r.userfield = std::move(f[col::userfield]);
  if (f.size() == kColumnsWithNewCdrColumns) {
    r.peeraccount = std::move(f[col::peeraccount]);
    r.linkedid = std::move(f[col::linkedid]);
    r.sequence = seq;
  }
  return r;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}

// The number in a caller id such as "\"Alice\" <+14155550123>"; the whole text when it has no "<…>".
std::string clid_number(std::string_view clid) {
  const auto open = clid.rfind('<');
  if (open != std::string_view::npos) {
    const auto close = clid.find('>', open);
    if (close != std::string_view::npos) return std::string(trim(clid.substr(open + 1, close - open - 1)));
  }
  return std::string(trim(clid));
}

}  // namespace

std::string_view to_string(CdrDisposition d) { return kDispositions[static_cast<std::size_t>(d)]; }

Result<CdrFile> parse_asterisk_cdr(std::string_view text, std::string_view timezone) {
  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(timezone);
  } catch (const std::exception&) {
    return fail(Error::invalid("timezone", "timezone \"" + std::string(timezone) +
                                               "\" is not an IANA time zone name such as \"America/New_York\""));
  }
  CdrFile file;
  CsvReader reader(text);
  RawRecord raw;
  bool first = true;
  while (reader.next(raw)) {
    const bool was_first = std::exchange(first, false);
    if (!raw.error.empty()) {
      file.errors.push_back({raw.line_number, "line", std::move(raw.error)});
      continue;
    }
    if (was_first && is_header(raw.fields)) continue;
    auto parsed = to_record(raw, zone, timezone);
    if (auto* e = std::get_if<FieldError>(&parsed)) {
      file.errors.push_back({raw.line_number, std::move(e->field), std::move(e->message)});
      continue;
    }
    file.records.push_back(std::move(std::get<CdrRecord>(parsed)));
  }
  return file;
}

domain::CallInput to_call_input(const CdrRecord& r) {
  domain::CallInput in;
  in.external_id = r.uniqueid;
  in.tracking_number = r.dst;
  in.caller = trim(r.src).empty() ? clid_number(r.clid) : std::string(trim(r.src));
  in.started_at = r.start;
  in.ended_at = r.end;
  in.answered_at = r.answer;
  if (!in.answered_at && r.disposition == CdrDisposition::answered)
    in.answered_at = std::max(r.start, r.end - seconds{r.billsec});
  if (iequals(trim(r.lastapp), "VoiceMail")) {
    in.status = domain::CallStatus::voicemail;
  } else {
    switch (r.disposition) {
      case CdrDisposition::answered: in.status = domain::CallStatus::answered; break;
      case CdrDisposition::no_answer: in.status = domain::CallStatus::no_answer; break;
      case CdrDisposition::busy: in.status = domain::CallStatus::busy; break;
      case CdrDisposition::failed:
      case CdrDisposition::congestion: in.status = domain::CallStatus::failed; break;
    }
  }
  return in;
}

}  // namespace callsign::telephony
