#include "sim/traffic.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

#include "sim/random.hpp"

namespace callsign::sim {
namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;

constexpr std::array<const char*, 3> kCampaigns{"winter-tyres", "all-season", "brand"};
constexpr std::array<const char*, 6> kKeywords{"winter tyres",  "tyre fitting near me", "cheap tyres",
                                               "tyre shop",     "run flat tyres",       "tyre repair"};
constexpr std::array<const char*, 3> kSocial{"https://www.facebook.com/", "https://www.instagram.com/",
                                             "https://t.co/abc"};
constexpr std::array<const char*, 3> kReferrers{"https://tyre-forum.example/thread/42",
                                                "https://carblog.example/best-shops", "https://maps.example/"};
constexpr std::array<const char*, 3> kBrowsers{
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 Version/17.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36"};
constexpr std::array<const char*, 3> kBots{"Googlebot/2.1 (+http://www.google.com/bot.html)",
                                           "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/120.0", "python-requests/2.31"};

// Caller index spaces: visitors, then static-number callers, then robocallers (distinct area codes).
constexpr std::uint32_t kStaticCallers = 1u << 24;
constexpr std::uint32_t kSpamCallers = 1u << 25;

milliseconds seconds(double s) { return milliseconds(static_cast<std::int64_t>(std::llround(s * 1000.0))); }

struct RateCurve {
  std::array<double, 24> hour{};
  double weekday = 1, weekend = 1;
  double max = 1;
};

RateCurve rate_curve(const SimParams& p) {
  RateCurve c;
  const double mean = std::accumulate(p.diurnal.begin(), p.diurnal.end(), 0.0) / 24.0;
  for (std::size_t h = 0; h < 24; ++h) c.hour[h] = p.diurnal[h] / mean;
  c.weekday = 7.0 / (5.0 + 2.0 * p.weekend_factor);
  c.weekend = c.weekday * p.weekend_factor;
  c.max = *std::max_element(c.hour.begin(), c.hour.end()) * std::max(c.weekday, c.weekend);
  return c;
}

double factor(const RateCurve& c, Timestamp t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const auto hour = std::chrono::duration_cast<std::chrono::hours>(t - day).count();
  const unsigned weekday = std::chrono::weekday(day).c_encoding();  // 0 = Sunday
  return c.hour[static_cast<std::size_t>(hour)] * ((weekday == 0 || weekday == 6) ? c.weekend : c.weekday);
}

// Arrivals of a non-homogeneous Poisson process with rate per_day × factor(t), by thinning.
template <class OnArrival>
void arrivals(Random& rng, const RateCurve& curve, double per_day, Timestamp from, Timestamp to, OnArrival on) {
  if (per_day <= 0) return;
  const double max_per_second = per_day * curve.max / 86400.0;
  Timestamp t = from;
  while (true) {
    t += seconds(rng.exponential(1.0 / max_per_second));
    if (t >= to) return;
    if (rng.uniform() * curve.max < factor(curve, t)) on(t);
  }
}

SimChannel pick_channel(Random& rng, const std::array<double, kSimChannels>& shares) {
  const double total = std::accumulate(shares.begin(), shares.end(), 0.0);
  double u = rng.uniform() * total;
  for (std::size_t i = 0; i < kSimChannels; ++i) {
    if (u < shares[i]) return static_cast<SimChannel>(i);
    u -= shares[i];
  }
  return SimChannel::direct;
}

void finish_call(Random& rng, const SimParams& p, SimCall& call) {
  call.answered_at.reset();
  if (rng.chance(p.answer_rate)) {
    call.answered_at = call.start + seconds(rng.uniform(3, 25));
    call.ended_at = *call.answered_at + seconds(rng.log_normal(p.talk_median_seconds, 1.0));
  } else {
    call.ended_at = call.start + seconds(rng.uniform(5, 40));
  }
}

// The calls a human session leads to: maybe one, at a time drawn from the three timing classes, and maybe a
// repeat of it later.
void session_calls(Random& rng, const SimParams& p, const SimSession& s, std::int32_t index,
                   std::vector<SimCall>& out) {
  if (!rng.chance(s.bounce ? p.call_rate_bounce : p.call_rate_engaged)) return;
  SimCall call;
  call.kind = CallKind::web;
  call.session = index;
  call.caller = s.visitor;
  const double u = rng.uniform();
  if (u < p.call_during_share) {
    call.start = s.start + seconds(rng.uniform(0, std::chrono::duration<double>(s.end - s.start).count()));
    if (rng.chance(p.tel_click_share)) call.tel_click = std::max(s.start, call.start - seconds(rng.uniform(2, 20)));
  } else if (u < p.call_during_share + p.call_soon_share) {
    call.start = s.end + seconds(rng.exponential(p.call_soon_mean_minutes * 60));
  } else {
    call.start = s.end + seconds(rng.log_normal(p.call_late_median_hours * 3600, p.call_late_sigma));
  }
  finish_call(rng, p, call);
  out.push_back(call);
  if (rng.chance(p.repeat_share)) {
    SimCall again = call;
    again.kind = CallKind::repeat;
    again.tel_click.reset();
    again.start = call.ended_at + seconds(rng.log_normal(p.repeat_median_hours * 3600, 1.0));
    finish_call(rng, p, again);
    out.push_back(again);
  }
}

std::string us_number(int area, std::uint32_t index) {
  // Exchanges 220–999 without N11 and without 0/1 in the middle digit: always valid in the North American plan.
  const std::uint32_t exchange_index = index / 10000;
  const std::uint32_t exchange = (2 + exchange_index / 80 % 8) * 100 + 20 + exchange_index % 80;
  const std::uint32_t line = index % 10000;
  std::string digits = std::to_string(line);
  digits.insert(0, 4 - digits.size(), '0');
  return "+1" + std::to_string(area) + std::to_string(exchange) + digits;
}

}  // namespace

double arrival_rate_factor(const SimParams& params, Timestamp t) { return factor(rate_curve(params), t); }

Traffic generate_traffic(const SimParams& p, Timestamp start) {
  Traffic traffic;
  traffic.params = p;
  traffic.start = start;
  Random rng(p.seed);
  const RateCurve curve = rate_curve(p);
  const Timestamp end = traffic.end();
  std::vector<std::uint32_t> humans;  // visitor index of every human session so far (for returning visitors)
  arrivals(rng, curve, p.sessions_per_day, start, end, [&](Timestamp t) {
    SimSession s;
    s.start = t;
    s.bot = rng.chance(p.bot_share);
    if (s.bot) {
      s.visitor = traffic.visitors++;
      s.channel = SimChannel::direct;
      s.end = t + seconds(rng.uniform(0.1, 3));
      traffic.sessions.push_back(s);
      return;
    }
    s.returning = !humans.empty() && rng.chance(p.returning_share);
    s.visitor = s.returning ? humans[rng.below(humans.size())] : traffic.visitors++;
    humans.push_back(s.visitor);
    s.channel = pick_channel(rng, p.channel_shares);
    s.campaign = static_cast<std::uint16_t>(rng.below(kCampaigns.size()));
    s.keyword = static_cast<std::uint16_t>(rng.below(kKeywords.size()));
    s.bounce = rng.chance(p.bounce_share);
    s.end = t + seconds(s.bounce ? rng.uniform(1, p.bounce_max_seconds)
                                 : rng.log_normal(p.session_median_seconds, p.session_sigma));
    traffic.sessions.push_back(s);
  });
  for (std::size_t i = 0; i < traffic.sessions.size(); ++i) {
    if (!traffic.sessions[i].bot) session_calls(rng, p, traffic.sessions[i], static_cast<std::int32_t>(i), traffic.calls);
  }
  std::uint32_t static_callers = 0;
  arrivals(rng, curve, p.static_calls_per_day, start, end, [&](Timestamp t) {
    SimCall call;
    call.kind = CallKind::static_number;
    call.start = t;
    call.target = static_cast<std::uint32_t>(rng.below(kStaticNumbers));
    // One static caller in five calls again.
    call.caller = kStaticCallers + (static_callers > 0 && rng.chance(0.2) ? static_cast<std::uint32_t>(rng.below(static_callers))
                                                                         : static_callers++);
    finish_call(rng, p, call);
    traffic.calls.push_back(call);
  });
  std::uint32_t spammers = 0;
  const double spam_per_second = p.spam_calls_per_day / 86400.0;
  for (Timestamp t = start; spam_per_second > 0;) {  // robocalls keep no office hours
    t += seconds(rng.exponential(1.0 / spam_per_second));
    if (t >= end) break;
    SimCall call;
    call.kind = CallKind::spam;
    call.start = t;
    call.caller = kSpamCallers + spammers++;
    call.spam_to_pool = rng.chance(0.7);
    call.target = static_cast<std::uint32_t>(rng.below(1u << 20));
    call.blocked = rng.chance(p.spam_blocked_share);
    call.ended_at = t + seconds(rng.uniform(5, 40));
    traffic.calls.push_back(call);
  }
  std::erase_if(traffic.calls, [&](const SimCall& c) { return c.start >= end; });
  std::stable_sort(traffic.calls.begin(), traffic.calls.end(),
                   [](const SimCall& a, const SimCall& b) { return a.start < b.start; });
  return traffic;
}

VisitRequest visit_request(const SimSession& s) {
  VisitRequest r;
  const std::string site = std::string("https://") + kSimSiteHost + "/";
  r.user_agent = s.bot ? kBots[s.visitor % kBots.size()] : kBrowsers[s.visitor % kBrowsers.size()];
  const std::string campaign = kCampaigns[s.campaign % kCampaigns.size()];
  std::string term = kKeywords[s.keyword % kKeywords.size()];
  std::replace(term.begin(), term.end(), ' ', '+');
  switch (s.channel) {
    case SimChannel::paid_search:
      r.page_url = site + "?utm_source=google&utm_medium=cpc&utm_campaign=" + campaign + "&utm_term=" + term +
                   "&gclid=sim" + std::to_string(s.visitor);
      r.referrer = "https://www.google.com/";
      break;
    case SimChannel::organic:
      r.page_url = site + "winter-tyres";
      r.referrer = "https://www.google.com/";
      break;
    case SimChannel::social:
      r.page_url = site;
      r.referrer = kSocial[s.visitor % kSocial.size()];
      break;
    case SimChannel::referral:
      r.page_url = site + "fitting";
      r.referrer = kReferrers[s.visitor % kReferrers.size()];
      break;
    case SimChannel::direct: r.page_url = site; break;
    case SimChannel::email:
      r.page_url = site + "offers?utm_source=newsletter&utm_medium=email&utm_campaign=" + campaign;
      break;
    case SimChannel::display:
      r.page_url = site + "?utm_source=adnetwork&utm_medium=display&utm_campaign=" + campaign;
      break;
  }
  return r;
}

std::string caller_phone(std::uint32_t caller) {
  if (caller >= kSpamCallers) return us_number(469, caller - kSpamCallers);
  if (caller >= kStaticCallers) return us_number(305, caller - kStaticCallers);
  return us_number(caller / 6'400'000 % 2 ? 718 : 646, caller % 6'400'000);
}

std::string pool_number(std::uint32_t index) { return us_number(917, index); }

std::string static_number(std::uint32_t index) { return "+1212555010" + std::to_string(1 + index % kStaticNumbers); }

}  // namespace callsign::sim
