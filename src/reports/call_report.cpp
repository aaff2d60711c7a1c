#include "reports/call_report.hpp"

#include <algorithm>
#include <unordered_map>

#include "domain/cost_deal.hpp"
#include "domain/traffic_source.hpp"
#include "reports/calendar.hpp"
#include "reports/call_rollup_plan.hpp"
#include "reports/calls_with_deals.hpp"

namespace callsign::reports {
namespace {

using domain::ReportDimension;

std::string two_digits(int n) { return {static_cast<char>('0' + n / 10), static_cast<char>('0' + n % 10)}; }

// The channel a cost belongs to: the one a visit tagged with the cost's utm_source and utm_medium gets.
std::string cost_channel(const domain::CostEntry& cost) {
  auto encode = [](const std::string& text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char ch : text) {
      if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.') {
        out += static_cast<char>(ch);
      } else {
        out += '%';
        out += kHex[ch >> 4];
        out += kHex[ch & 15];
      }
    }
    return out;
  };
  const auto source = domain::read_traffic_source(
      "https://cost.invalid/?utm_source=" + encode(cost.source) + "&utm_medium=" + encode(cost.medium), "");
  return std::string(domain::to_string(source.channel));
}

bool can_count_sessions(const std::vector<ReportDimension>& dims) {
  return std::all_of(dims.begin(), dims.end(),
                     [](ReportDimension d) { return domain::is_traffic_dimension(d) || domain::is_time_dimension(d); });
}

bool can_place_costs(const std::vector<ReportDimension>& dims) {
  return std::all_of(dims.begin(), dims.end(), [](ReportDimension d) {
    return d <= ReportDimension::term || d == ReportDimension::date || d == ReportDimension::weekday;
  });
}

// `value(d)` gives a traffic dimension's value of the touch being credited.
template <class Value>
bool passes(const ReportFilters& filters, const Value& value) {
  return std::all_of(filters.traffic.begin(), filters.traffic.end(),
                     [&](const auto& f) { return value(f.first) == f.second; });
}

// Rows by their dimension values: a key string made of the values finds a row without allocating.
class RowTable {
 public:
  explicit RowTable(const std::vector<ReportDimension>& dims) : dims_(dims) {}

  // The row for these values. `text` gives a text dimension's value (traffic dimensions, tracking number,
  // operator); `day` and `hour` place the time dimensions (hour < 0: the source has no hour).
  template <class Text>
  RowFigures& row(const Text& text, std::int64_t day, int hour) {
    key_.clear();
    for (auto d : dims_) {
      if (d == ReportDimension::date) {
        key_ += day_text(day);
      } else if (d == ReportDimension::hour) {
        key_ += two_digits(hour);
      } else if (d == ReportDimension::weekday) {
        key_ += static_cast<char>('0' + weekday_of(day));
      } else {
        key_ += text(d);
      }
      key_ += '\x1f';
    }
    auto it = index_.find(key_);
    if (it != index_.end()) return rows_[it->second].figures;
    ReportRow row;
    std::size_t start = 0;
    for (std::size_t i = 0; i < dims_.size(); ++i) {
      const auto end = key_.find('\x1f', start);
      row.values.push_back(key_.substr(start, end - start));
      start = end + 1;
    }
    index_.emplace(key_, rows_.size());
    rows_.push_back(std::move(row));
    return rows_.back().figures;
  }

  std::vector<ReportRow> take_rows() { return std::move(rows_); }

 private:
  const std::string& day_text(std::int64_t day) {
    auto it = days_.find(day);
    if (it == days_.end()) it = days_.emplace(day, format_day(day)).first;
    return it->second;
  }

  const std::vector<ReportDimension>& dims_;
  std::string key_;
  std::unordered_map<std::string, std::size_t> index_;
  std::vector<ReportRow> rows_;
  std::unordered_map<std::int64_t, std::string> days_;
};

class CallReportBuilder {
 public:
  CallReportBuilder(domain::Repositories& repos, const domain::Project& project, const CallReportRequest& request,
                    ProjectCalendar calendar)
      : repos_(repos), project_(project), request_(request), calendar_(std::move(calendar)), table_(request.dimensions) {}

  Result<CallReport> build() {
    CallReport report;
    if (auto r = add_calls(report.rollup_days); !r) return fail(r.error());
    report.dimensions = request_.dimensions;
    report.sessions_per_row = can_count_sessions(request_.dimensions);
    report.cost_per_row = can_place_costs(request_.dimensions);
    if (!request_.calls_only) {
      if (auto r = add_sessions(report.totals); !r) return fail(r.error());
      if (auto r = add_costs(report.totals); !r) return fail(r.error());
    }
    report.rows = table_.take_rows();
    const bool by_time = !request_.dimensions.empty() && domain::is_time_dimension(request_.dimensions.front());
    std::sort(report.rows.begin(), report.rows.end(), [by_time](const ReportRow& a, const ReportRow& b) {
      if (!by_time && a.figures.calls != b.figures.calls) return a.figures.calls > b.figures.calls;
      return a.values < b.values;
    });
    for (const auto& row : report.rows) {
      RowFigures calls_only = row.figures;
      calls_only.sessions.reset();
      calls_only.cost.reset();
      report.totals += calls_only;
    }
    return report;
  }

 private:
  // The calls' figures: the days the call rollup answers from it, the others (runs of them) from the raw calls.
  Result<void> add_calls(std::int64_t& rollup_days) {
    auto plan = plan_call_rollup(repos_, project_, request_, calendar_);
    if (!plan) return fail(plan.error());
    if (!*plan) return add_raw_calls(calendar_.from(), calendar_.to());
    const auto& from_rollup = **plan;
    const std::int64_t from_day = request_.range.from_day, days = static_cast<std::int64_t>(from_rollup.size());
    for (std::int64_t i = 0; i < days;) {
      std::int64_t j = i;
      while (j < days && from_rollup[static_cast<std::size_t>(j)] == from_rollup[static_cast<std::size_t>(i)]) ++j;
      if (!from_rollup[static_cast<std::size_t>(i)])
        if (auto r = add_raw_calls(calendar_.day_start(from_day + i), calendar_.day_start(from_day + j)); !r) return r;
      i = j;
    }
    rollup_days = std::count(from_rollup.begin(), from_rollup.end(), true);
    if (rollup_days == 0) return {};
    std::vector<ReportDimension> dims;
    for (auto d : request_.dimensions)
      if (!domain::is_time_dimension(d)) dims.push_back(d);
    auto rows = repos_.call_rollup().rows(project_.id, from_day, from_day + days, dims, request_.filters.traffic);
    if (!rows) return fail(rows.error());
    for (const auto& row : *rows) {
      if (!from_rollup[static_cast<std::size_t>(row.day - from_day)]) continue;
      auto text = [&](ReportDimension d) -> const std::string& { return row.values[static_cast<std::size_t>(d)]; };
      table_.row(text, row.day, 0).add(row.totals);
    }
    return {};
  }

  // The calls started in [from, to) read one by one, credited by the request's model.
  Result<void> add_raw_calls(Timestamp from, Timestamp to) {
    const auto& f = request_.filters;
    domain::CallFactFilter filter{from,     to,          f.status,          f.missed_only,  f.target,
                                  f.unique, f.off_hours, f.tracking_number, f.operator_name};
    const bool multi_touch = request_.model != AttributionModel::last_click;
    filter.fields = call_fields(multi_touch);
    std::optional<Error> failure;
    std::vector<domain::SessionTouch> touches;
    std::vector<double> credit;
    const std::vector<double> whole{1.0};
    auto read = each_call_with_deals(
        repos_, project_, filter, !request_.calls_only, [&](const domain::CallFact& call, const DealTotals* deal) {
          if (failure) return;
          touches.clear();  // none: the call's own traffic source takes the whole credit
          if (multi_touch && !call.visitor_id.empty()) {
            auto sessions = repos_.reports().visitor_sessions(project_.id, call.visitor_id,
                                                              call.started_at - kLookback, call.started_at);
            if (!sessions) {
              failure = sessions.error();
              return;
            }
            if (!sessions->empty()) {
              touches = std::move(*sessions);
              credit = touch_credit(request_.model, touches, call.started_at, request_.half_life_days);
            }
          }
          const auto local = calendar_.local(call.started_at);
          const auto& credits = touches.empty() ? whole : credit;
          for (std::size_t i = 0; i < credits.size(); ++i) {
            auto text = [&](ReportDimension d) -> const std::string& {
              const auto index = static_cast<std::size_t>(d);
              return touches.empty() || index >= domain::kTrafficDimensions ? call.values[index]
                                                                            : touches[i].values[index];
            };
            if (credits[i] <= 0 || !passes(request_.filters, text)) continue;
            auto& row = table_.row(text, local.day, local.hour);
            row.add_call(call, credits[i]);
            if (deal) row.add_deals(credits[i], deal->count, deal->revenue_units, deal->profit_units);
          }
        });
    if (failure) return fail(*failure);
    return read;
  }

  // What the report reads of each call: the text values its dimensions and traffic filters name, the visitor when
  // a multi-touch model looks up their sessions (and the id when there are deals: each_call_with_deals).
  domain::CallFactFields call_fields(bool multi_touch) const {
    domain::CallFactFields fields;
    fields.id = false;
    fields.status = false;
    fields.visitor_id = multi_touch;
    fields.values.fill(false);
    auto need = [&](ReportDimension d) {
      if (!domain::is_time_dimension(d)) fields.values[static_cast<std::size_t>(d)] = true;
    };
    for (auto d : request_.dimensions) need(d);
    for (const auto& f : request_.filters.traffic) need(f.first);
    return fields;
  }

  Result<void> add_sessions(RowFigures& totals) {
    const bool per_row = can_count_sessions(request_.dimensions);
    domain::SessionCountQuery query;
    query.bucket = std::chrono::minutes(calendar_.whole_hour_offsets() ? 60 : 1);
    query.filters = request_.filters.traffic;
    std::vector<std::size_t> position(domain::kTrafficDimensions, 0);
    if (per_row)
      for (auto d : request_.dimensions)
        if (domain::is_traffic_dimension(d)) {
          position[static_cast<std::size_t>(d)] = query.dimensions.size();
          query.dimensions.push_back(d);
        }
    auto days = daily_days(query);
    if (!days) return fail(days.error());
    const auto [day_from, day_until] = *days;
    std::vector<domain::SessionBucket> daily, hourly;
    auto count = [&](Timestamp from, Timestamp to) -> Result<void> {
      if (from >= to) return {};
      query.from = from;
      query.to = to;
      auto counted = repos_.reports().session_counts(project_.id, query);
      if (!counted) return fail(counted.error());
      hourly.insert(hourly.end(), counted->begin(), counted->end());
      return {};
    };
    if (day_from < day_until) {
      auto days_counted = repos_.reports().daily_session_counts(project_.id, day_from, day_until, query);
      if (!days_counted) return fail(days_counted.error());
      daily = std::move(*days_counted);
      if (auto r = count(calendar_.from(), calendar_.day_start(day_from)); !r) return r;
      if (auto r = count(calendar_.day_start(day_until), calendar_.to()); !r) return r;
    } else if (auto r = count(calendar_.from(), calendar_.to()); !r) {
      return r;
    }
    auto place = [&](const domain::SessionBucket& bucket, std::int64_t day, int hour) {
      const auto n = static_cast<double>(bucket.sessions);
      totals.add_sessions(n);
      if (!per_row) return;
      auto text = [&](ReportDimension d) -> const std::string& {
        return bucket.values[position[static_cast<std::size_t>(d)]];
      };
      table_.row(text, day, hour).add_sessions(n);
    };
    for (const auto& bucket : daily) place(bucket, bucket.local_day, 0);  // never grouped by hour (daily_days)
    for (const auto& bucket : hourly) {
      const auto local = calendar_.local(from_unix_ms(bucket.bucket_start_ms));
      place(bucket, local.day, local.hour);
    }
    if (!totals.sessions) totals.sessions = 0;
    return {};
  }

  // The local days [from, until) of the range that the daily rollup can answer: none when the report needs hours,
  // term or landing page, or when the rollup's days are another timezone's.
  Result<std::pair<std::int64_t, std::int64_t>> daily_days(const domain::SessionCountQuery& query) {
    const std::pair<std::int64_t, std::int64_t> none{0, 0};
    auto campaign_level = [](ReportDimension d) { return d <= ReportDimension::campaign; };
    const auto& dims = request_.dimensions;
    if (!calendar_.whole_hour_offsets() || std::find(dims.begin(), dims.end(), ReportDimension::hour) != dims.end() ||
        !std::all_of(query.dimensions.begin(), query.dimensions.end(), campaign_level) ||
        !std::all_of(query.filters.begin(), query.filters.end(), [&](const auto& f) { return campaign_level(f.first); }))
      return none;
    auto coverage = repos_.reports().daily_coverage(project_.id);
    if (!coverage) return fail(coverage.error());
    if (!*coverage || (*coverage)->timezone != project_.settings.timezone) return none;
    return std::pair{std::max(request_.range.from_day, (*coverage)->from_day),
                     std::min(request_.range.to_day + 1, (*coverage)->until_day)};
  }

  // The costs of an offline channel (a radio spot, a billboard) are entered under the source and medium its
  // static numbers carry; they belong to those numbers' channel, which no utm_medium would name.
  Result<std::unordered_map<std::string, std::string>> offline_channels() {
    auto numbers = repos_.numbers().list(project_.id);
    if (!numbers) return fail(numbers.error());
    std::unordered_map<std::string, std::string> channels;
    for (const auto& n : *numbers)
      if (n.kind == domain::NumberKind::static_number && n.source)
        channels.emplace(*n.source + '\x1f' + n.medium.value_or(""), n.channel);
    return channels;
  }

  Result<void> add_costs(RowFigures& totals) {
    const bool per_row = can_place_costs(request_.dimensions);
    auto costs = repos_.costs().in_range(project_.id, format_day(request_.range.from_day),
                                         format_day(request_.range.to_day));
    if (!costs) return fail(costs.error());
    auto channels = offline_channels();  // "source\x1fmedium" → channel
    if (!channels) return fail(channels.error());
    domain::TrafficValues values;
    for (const auto& cost : *costs) {
      const std::string key = cost.source + '\x1f' + cost.medium;
      auto channel = channels->find(key);
      if (channel == channels->end()) channel = channels->emplace(key, cost_channel(cost)).first;
      values = {channel->second, cost.source, cost.medium, cost.campaign, cost.term, ""};
      auto text = [&](ReportDimension d) -> const std::string& { return values[static_cast<std::size_t>(d)]; };
      if (!passes(request_.filters, text)) continue;
      totals.add_cost(cost.amount);
      if (!per_row) continue;
      table_.row(text, parse_day(cost.date).value_or(0), 0).add_cost(cost.amount);
    }
    if (!totals.cost) totals.cost = 0;
    return {};
  }

  domain::Repositories& repos_;
  const domain::Project& project_;
  const CallReportRequest& request_;
  ProjectCalendar calendar_;
  RowTable table_;
};

}  // namespace

Result<CallReport> build_call_report(domain::Repositories& repos, const domain::Project& project,
                                     const CallReportRequest& request) {
  auto calendar = ProjectCalendar::make(project.settings.timezone, request.range.from_day, request.range.to_day);
  if (!calendar) return fail(calendar.error());
  return CallReportBuilder(repos, project, request, std::move(*calendar)).build();
}

}  // namespace callsign::reports
