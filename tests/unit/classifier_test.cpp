// CallClassifier: every flag of DESIGN.md §1 and its edges, as pure functions (no storage, no clock).
#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/time.hpp"
#include "domain/call.hpp"
#include "domain/call_classifier.hpp"
#include "domain/project.hpp"

namespace callsign::domain {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr const char* kCaller = "+14155550199";

Timestamp at(const char* rfc3339) {
  auto t = parse_rfc3339(rfc3339);
  EXPECT_TRUE(t.has_value()) << rfc3339;
  return t.value_or(Timestamp{});
}

Call missed_call(std::string external_id, Timestamp started, CallStatus status = CallStatus::no_answer) {
  Call c;
  c.id = "call_" + external_id;
  c.project_id = "prj_test";
  c.external_id = std::move(external_id);
  c.tracking_number = "+14155550100";
  c.caller = kCaller;
  c.started_at = started;
  c.ended_at = started + seconds{20};
  c.status = status;
  return c;
}

// Answered after 5 s, talked `talk` long.
Call answered_call(std::string external_id, Timestamp started, milliseconds talk) {
  Call c = missed_call(std::move(external_id), started, CallStatus::answered);
  c.answered_at = started + seconds{5};
  c.ended_at = *c.answered_at + talk;
  return c;
}

TimeRange range(int open_hour, int close_hour) { return {open_hour * 60, close_hour * 60}; }

// Mon–Fri 09:00–18:00, weekends closed.
WorkingHours office_hours() {
  WorkingHours wh;
  for (int d = 0; d < 5; ++d) wh.days[d] = {range(9, 18)};
  return wh;
}

// ---------------------------------------------------------------- answered / missed / abandoned

TEST(IntrinsicFlags, OnlyAnsweredIsAnsweredEveryOtherStatusIsMissed) {
  const ProjectSettings settings;
  struct Case {
    CallStatus status;
    bool answered, abandoned;
  };
  for (auto [status, answered, abandoned] : {Case{CallStatus::answered, true, false},
                                             Case{CallStatus::no_answer, false, false},
                                             Case{CallStatus::busy, false, false},
                                             Case{CallStatus::failed, false, false},
                                             Case{CallStatus::abandoned, false, true},
                                             Case{CallStatus::voicemail, false, false}}) {
    Call c = missed_call("c1", at("2026-03-06T15:00:00Z"), status);
    if (status == CallStatus::answered) c.answered_at = c.started_at + seconds{1};
    const CallFlags f = intrinsic_flags(settings, c);
    EXPECT_EQ(f.answered, answered) << to_string(status);
    EXPECT_EQ(f.missed, !answered) << to_string(status);
    EXPECT_EQ(f.abandoned, abandoned) << to_string(status);
  }
}

TEST(IntrinsicFlags, VoicemailIsMissedEvenWhenItRecordedAMessage) {
  Call c = missed_call("c1", at("2026-03-06T15:00:00Z"), CallStatus::voicemail);
  c.ended_at = c.started_at + seconds{120};
  const CallFlags f = intrinsic_flags(ProjectSettings{}, c);
  EXPECT_TRUE(f.missed);
  EXPECT_FALSE(f.answered);
  EXPECT_FALSE(f.target);
}

// ---------------------------------------------------------------- target

TEST(IntrinsicFlags, TalkOfExactlyTargetCallSecondsIsATargetCall) {
  const ProjectSettings settings;  // target_call_seconds = 30
  EXPECT_TRUE(intrinsic_flags(settings, answered_call("c1", at("2026-03-06T15:00:00Z"), seconds{30})).target);
  EXPECT_TRUE(intrinsic_flags(settings, answered_call("c1", at("2026-03-06T15:00:00Z"), seconds{31})).target);
}

TEST(IntrinsicFlags, OneSecondLessThanTargetIsNotATargetCall) {
  const ProjectSettings settings;
  EXPECT_FALSE(intrinsic_flags(settings, answered_call("c1", at("2026-03-06T15:00:00Z"), seconds{29})).target);
  // Talk time counts in whole seconds, as the API reports talk_seconds: 29.999 s is 29 s.
  EXPECT_FALSE(intrinsic_flags(settings, answered_call("c1", at("2026-03-06T15:00:00Z"), milliseconds{29'999})).target);
}

TEST(IntrinsicFlags, TargetFollowsTheProjectsTargetCallSeconds) {
  ProjectSettings settings;
  settings.target_call_seconds = 60;
  EXPECT_FALSE(intrinsic_flags(settings, answered_call("c1", at("2026-03-06T15:00:00Z"), seconds{59})).target);
  EXPECT_TRUE(intrinsic_flags(settings, answered_call("c1", at("2026-03-06T15:00:00Z"), seconds{60})).target);
}

TEST(IntrinsicFlags, AnsweredCallStillInProgressIsNotATargetYet) {
  Call c = answered_call("c1", at("2026-03-06T15:00:00Z"), seconds{300});
  c.ended_at.reset();
  EXPECT_FALSE(intrinsic_flags(ProjectSettings{}, c).target);

  ProjectSettings any_answered;
  any_answered.target_call_seconds = 0;  // every answered call counts, however long it turns out
  EXPECT_TRUE(intrinsic_flags(any_answered, c).target);
}

TEST(IntrinsicFlags, LongUnansweredCallIsNotATarget) {
  Call c = missed_call("c1", at("2026-03-06T15:00:00Z"), CallStatus::no_answer);
  c.ended_at = c.started_at + seconds{600};
  EXPECT_FALSE(intrinsic_flags(ProjectSettings{}, c).target);
}

// ---------------------------------------------------------------- spam

TEST(IntrinsicFlags, CallerOnTheBlocklistIsSpam) {
  ProjectSettings settings;
  settings.blocked_callers = {"+12125550101", "+14155550199", "+74951234567"};  // sorted, as stored
  Call c = missed_call("c1", at("2026-03-06T15:00:00Z"));
  EXPECT_TRUE(intrinsic_flags(settings, c).spam);
  c.caller = "+14155550198";
  EXPECT_FALSE(intrinsic_flags(settings, c).spam);
  EXPECT_FALSE(intrinsic_flags(ProjectSettings{}, c).spam);
}

// ---------------------------------------------------------------- first_time / unique / repeat

TEST(Classify, FirstCallEverIsFirstTimeAndUnique) {
  const Call c = answered_call("c1", at("2026-03-06T15:00:00Z"), seconds{45});
  const CallFlags f = classify(ProjectSettings{}, c, {}, false);
  EXPECT_TRUE(f.first_time);
  EXPECT_TRUE(f.unique);
  EXPECT_FALSE(f.repeat);
  EXPECT_TRUE(f.target);
  EXPECT_TRUE(f.unique_target);
}

TEST(Classify, OlderCallsOutsideTheListStillMeanNotFirstTime) {
  const Call c = missed_call("c2", at("2026-03-06T15:00:00Z"));
  const CallFlags f = classify(ProjectSettings{}, c, {}, /*older_calls_exist=*/true);
  EXPECT_FALSE(f.first_time);
  EXPECT_TRUE(f.unique);
  EXPECT_FALSE(f.repeat);
}

TEST(Classify, CallExactlyOneSalesCycleLaterIsUniqueAgain) {
  const Call first = missed_call("c1", at("2026-03-01T12:00:00Z"));
  const Call again = missed_call("c2", first.started_at + days{30});
  const std::vector<Call> earlier{first};
  const CallFlags f = classify(ProjectSettings{}, again, earlier, false);
  EXPECT_TRUE(f.unique);
  EXPECT_FALSE(f.repeat);
  EXPECT_FALSE(f.first_time);
}

TEST(Classify, CallOneMillisecondInsideTheSalesCycleIsARepeat) {
  const Call first = missed_call("c1", at("2026-03-01T12:00:00Z"));
  const Call again = missed_call("c2", first.started_at + days{30} - milliseconds{1});
  const std::vector<Call> earlier{first};
  const CallFlags f = classify(ProjectSettings{}, again, earlier, false);
  EXPECT_FALSE(f.unique);
  EXPECT_TRUE(f.repeat);
  EXPECT_FALSE(f.first_time);
}

TEST(Classify, SalesCycleIsTwentyFourHourDaysNotCalendarDays) {
  // 2026-03-08 has 23 hours in New York; the window is still 7 × 24 h of real time.
  ProjectSettings settings;
  settings.timezone = "America/New_York";
  settings.sales_cycle_days = 7;
  const Call first = missed_call("c1", at("2026-03-05T15:00:00Z"));
  const std::vector<Call> earlier{first};
  EXPECT_TRUE(classify(settings, missed_call("c2", at("2026-03-12T14:59:59.999Z")), earlier, false).repeat);
  EXPECT_TRUE(classify(settings, missed_call("c2", at("2026-03-12T15:00:00Z")), earlier, false).unique);
}

TEST(Classify, CallsAtTheSameInstantAreOrderedByExternalId) {
  const Timestamp t = at("2026-03-06T15:00:00Z");
  const Call a = missed_call("a", t);
  const Call b = missed_call("b", t);
  // "a" is earlier than "b": "b" is a repeat, and a same-instant call is within the cycle.
  const std::vector<Call> before_b{a};
  const CallFlags fb = classify(ProjectSettings{}, b, before_b, false);
  EXPECT_FALSE(fb.first_time);
  EXPECT_TRUE(fb.repeat);
  // Handing "b" to "a" as earlier changes nothing: it does not start before "a".
  const std::vector<Call> wrongly_before_a{b};
  const CallFlags fa = classify(ProjectSettings{}, a, wrongly_before_a, false);
  EXPECT_TRUE(fa.first_time);
  EXPECT_TRUE(fa.unique);
}

TEST(Classify, IgnoresTheCallItselfAndLaterCallsInEarlier) {
  const Call first = missed_call("c1", at("2026-03-01T12:00:00Z"));
  const Call later = missed_call("c3", at("2026-03-02T12:00:00Z"));
  const std::vector<Call> history{first, later};
  const CallFlags f = classify(ProjectSettings{}, first, history, false);
  EXPECT_TRUE(f.first_time);
  EXPECT_TRUE(f.unique);
}

TEST(Classify, CustomSalesCycle) {
  ProjectSettings settings;
  settings.sales_cycle_days = 7;
  const Call first = missed_call("c1", at("2026-03-01T12:00:00Z"));
  const std::vector<Call> earlier{first};
  EXPECT_TRUE(classify(settings, missed_call("c2", first.started_at + days{7} - seconds{1}), earlier, false).repeat);
  EXPECT_TRUE(classify(settings, missed_call("c2", first.started_at + days{7}), earlier, false).unique);
  EXPECT_TRUE(classify(settings, missed_call("c2", first.started_at + days{8}), earlier, false).unique);
}

// ---------------------------------------------------------------- unique_target

TEST(Classify, TargetAfterAnEarlierNonTargetCallIsStillUniqueTarget) {
  const Call missed = missed_call("c1", at("2026-03-01T12:00:00Z"));
  const Call short_talk = answered_call("c2", at("2026-03-02T12:00:00Z"), seconds{10});
  const Call proper = answered_call("c3", at("2026-03-03T12:00:00Z"), seconds{30});
  const std::vector<Call> earlier{missed, short_talk};
  const CallFlags f = classify(ProjectSettings{}, proper, earlier, false);
  EXPECT_TRUE(f.target);
  EXPECT_TRUE(f.repeat);
  EXPECT_FALSE(f.unique);
  EXPECT_TRUE(f.unique_target);
}

TEST(Classify, TargetAfterAnEarlierTargetInTheCycleIsNotUniqueTarget) {
  const Call first = answered_call("c1", at("2026-03-01T12:00:00Z"), seconds{40});
  const Call second = answered_call("c2", at("2026-03-20T12:00:00Z"), seconds{40});
  const std::vector<Call> earlier{first};
  const CallFlags f = classify(ProjectSettings{}, second, earlier, false);
  EXPECT_TRUE(f.target);
  EXPECT_FALSE(f.unique_target);
}

TEST(Classify, EarlierTargetExactlyOneCycleBeforeDoesNotCount) {
  const Call first = answered_call("c1", at("2026-03-01T12:00:00Z"), seconds{40});
  const Call one_cycle_later = answered_call("c2", first.started_at + days{30}, seconds{40});
  const Call just_inside = answered_call("c3", first.started_at + days{30} - milliseconds{1}, seconds{40});
  const std::vector<Call> earlier{first};
  EXPECT_TRUE(classify(ProjectSettings{}, one_cycle_later, earlier, false).unique_target);
  EXPECT_FALSE(classify(ProjectSettings{}, just_inside, earlier, false).unique_target);
}

TEST(Classify, NonTargetCallIsNeverUniqueTarget) {
  const Call c = answered_call("c1", at("2026-03-01T12:00:00Z"), seconds{29});
  const CallFlags f = classify(ProjectSettings{}, c, {}, false);
  EXPECT_TRUE(f.unique);
  EXPECT_FALSE(f.target);
  EXPECT_FALSE(f.unique_target);
}

TEST(Classify, EarlierCallsTargetIsJudgedWithTheCurrentSettings) {
  ProjectSettings settings;
  settings.target_call_seconds = 60;
  Call earlier_call = answered_call("c1", at("2026-03-01T12:00:00Z"), seconds{40});
  earlier_call.flags.target = true;  // stored when the threshold was 30
  const Call now = answered_call("c2", at("2026-03-02T12:00:00Z"), seconds{90});
  const std::vector<Call> earlier{earlier_call};
  EXPECT_TRUE(classify(settings, now, earlier, false).unique_target);
}

TEST(Classify, IncludesTheIntrinsicFlags) {
  ProjectSettings settings;
  settings.blocked_callers = {kCaller};
  settings.working_hours = office_hours();
  const Call c = missed_call("c1", at("2026-03-07T15:00:00Z"), CallStatus::abandoned);  // a Saturday
  const CallFlags f = classify(settings, c, {}, false);
  EXPECT_TRUE(f.missed);
  EXPECT_TRUE(f.abandoned);
  EXPECT_TRUE(f.spam);
  EXPECT_TRUE(f.off_hours);
  EXPECT_EQ(f, (CallFlags{.answered = false, .missed = true, .abandoned = true, .target = false, .first_time = true,
                          .unique = true, .repeat = false, .unique_target = false, .off_hours = true, .spam = true}));
}

// ---------------------------------------------------------------- off_hours

TEST(OffHours, AlwaysOpenWithoutWorkingHours) {
  const ProjectSettings settings;
  EXPECT_FALSE(is_off_hours(settings, at("2026-03-07T03:00:00Z")));
  EXPECT_FALSE(is_off_hours(settings, at("2026-03-08T23:59:59Z")));
}

TEST(OffHours, HolidayIsOffHoursEvenWithoutWorkingHours) {
  ProjectSettings settings;
  settings.holidays = {"2026-12-25"};
  EXPECT_TRUE(is_off_hours(settings, at("2026-12-25T12:00:00Z")));
  EXPECT_FALSE(is_off_hours(settings, at("2026-12-26T00:00:00Z")));
}

TEST(OffHours, UtcOpensAtOpenAndClosesAtClose) {
  ProjectSettings settings;
  settings.working_hours = office_hours();
  EXPECT_TRUE(is_off_hours(settings, at("2026-03-06T08:59:59.999Z")));
  EXPECT_FALSE(is_off_hours(settings, at("2026-03-06T09:00:00Z")));
  EXPECT_FALSE(is_off_hours(settings, at("2026-03-06T17:59:59.999Z")));
  EXPECT_TRUE(is_off_hours(settings, at("2026-03-06T18:00:00Z")));
  EXPECT_TRUE(is_off_hours(settings, at("2026-03-07T12:00:00Z")));  // Saturday: no interval
}

TEST(OffHours, NewYorkBeforeAndAfterSpringForward) {
  ProjectSettings settings;
  settings.timezone = "America/New_York";
  settings.working_hours = office_hours();
  // Friday 2026-03-06, EST (UTC−5): 09:00 local = 14:00Z, 18:00 local = 23:00Z.
  EXPECT_TRUE(is_off_hours(settings, at("2026-03-06T13:59:59Z")));
  EXPECT_FALSE(is_off_hours(settings, at("2026-03-06T14:00:00Z")));
  EXPECT_FALSE(is_off_hours(settings, at("2026-03-06T22:59:59Z")));
  EXPECT_TRUE(is_off_hours(settings, at("2026-03-06T23:00:00Z")));
  // Monday 2026-03-09, EDT (UTC−4): 09:00 local = 13:00Z, 18:00 local = 22:00Z.
  EXPECT_TRUE(is_off_hours(settings, at("2026-03-09T12:59:59Z")));
  EXPECT_FALSE(is_off_hours(settings, at("2026-03-09T13:00:00Z")));
  EXPECT_FALSE(is_off_hours(settings, at("2026-03-09T21:59:59Z")));
  EXPECT_TRUE(is_off_hours(settings, at("2026-03-09T22:00:00Z")));
  // The same UTC time of day lands on different sides of opening.
  EXPECT_TRUE(is_off_hours(settings, at("2026-03-06T13:30:00Z")));   // 08:30 EST
  EXPECT_FALSE(is_off_hours(settings, at("2026-03-09T13:30:00Z")));  // 09:30 EDT
}

TEST(OffHours, NewYorkOnTheNightOfSpringForward) {
  ProjectSettings settings;
  settings.timezone = "America/New_York";
  WorkingHours wh;
  wh.days[6] = {range(0, 3)};  // Sunday 00:00–03:00; on 2026-03-08 02:00–03:00 does not exist
  settings.working_hours = wh;
  EXPECT_FALSE(is_off_hours(settings, at("2026-03-08T05:00:00Z")));  // 00:00 EST
  EXPECT_FALSE(is_off_hours(settings, at("2026-03-08T06:59:59Z")));  // 01:59:59 EST
  EXPECT_TRUE(is_off_hours(settings, at("2026-03-08T07:00:00Z")));   // 03:00 EDT: closed
  EXPECT_TRUE(is_off_hours(settings, at("2026-03-08T04:59:59Z")));   // 23:59:59 Saturday
}

TEST(OffHours, NewYorkBeforeAndAfterFallBack) {
  ProjectSettings settings;
  settings.timezone = "America/New_York";
  settings.working_hours = office_hours();
  // Friday 2026-10-30, EDT: 09:00 = 13:00Z, 18:00 = 22:00Z.
  EXPECT_TRUE(is_off_hours(settings, at("2026-10-30T12:59:59Z")));
  EXPECT_FALSE(is_off_hours(settings, at("2026-10-30T13:00:00Z")));
  EXPECT_FALSE(is_off_hours(settings, at("2026-10-30T21:59:59Z")));
  EXPECT_TRUE(is_off_hours(settings, at("2026-10-30T22:00:00Z")));
  // Monday 2026-11-02, EST: 09:00 = 14:00Z, 18:00 = 23:00Z.
  EXPECT_TRUE(is_off_hours(settings, at("2026-11-02T13:59:59Z")));
  EXPECT_FALSE(is_off_hours(settings, at("2026-11-02T14:00:00Z")));
  EXPECT_FALSE(is_off_hours(settings, at("2026-11-02T22:59:59Z")));
  EXPECT_TRUE(is_off_hours(settings, at("2026-11-02T23:00:00Z")));
}

TEST(OffHours, NewYorkRepeatedHourOfFallBack) {
  ProjectSettings settings;
  settings.timezone = "America/New_York";
  WorkingHours wh;
  wh.days[6] = {range(1, 2)};  // Sunday 01:00–02:00; on 2026-11-01 that hour happens twice
  settings.working_hours = wh;
  EXPECT_TRUE(is_off_hours(settings, at("2026-11-01T04:59:59Z")));   // 00:59:59 EDT
  EXPECT_FALSE(is_off_hours(settings, at("2026-11-01T05:00:00Z")));  // 01:00 EDT
  EXPECT_FALSE(is_off_hours(settings, at("2026-11-01T05:30:00Z")));  // 01:30 EDT
  EXPECT_FALSE(is_off_hours(settings, at("2026-11-01T06:30:00Z")));  // 01:30 EST, the second time
  EXPECT_TRUE(is_off_hours(settings, at("2026-11-01T07:00:00Z")));   // 02:00 EST
}

TEST(OffHours, MoscowHasNoDaylightSaving) {
  ProjectSettings settings;
  settings.timezone = "Europe/Moscow";
  settings.working_hours = office_hours();
  for (const char* monday : {"2026-03-09", "2026-07-06", "2026-11-02"}) {
    const std::string d = monday;
    EXPECT_TRUE(is_off_hours(settings, at((d + "T05:59:59Z").c_str()))) << d;   // 08:59:59 MSK
    EXPECT_FALSE(is_off_hours(settings, at((d + "T06:00:00Z").c_str()))) << d;  // 09:00 MSK
    EXPECT_FALSE(is_off_hours(settings, at((d + "T14:59:59Z").c_str()))) << d;  // 17:59:59 MSK
    EXPECT_TRUE(is_off_hours(settings, at((d + "T15:00:00Z").c_str()))) << d;   // 18:00 MSK
  }
}

TEST(OffHours, WeekdayIsTheLocalWeekday) {
  ProjectSettings settings;
  settings.timezone = "Europe/Moscow";
  WorkingHours wh;
  wh.days[0] = {range(0, 1)};  // Monday 00:00–01:00 local
  settings.working_hours = wh;
  EXPECT_FALSE(is_off_hours(settings, at("2026-03-08T21:30:00Z")));  // Sunday in UTC, Monday 00:30 in Moscow
  EXPECT_TRUE(is_off_hours(settings, at("2026-03-09T00:30:00Z")));   // Monday 03:30 in Moscow
}

TEST(OffHours, HolidayIsTheLocalDateNotTheUtcDate) {
  ProjectSettings moscow;
  moscow.timezone = "Europe/Moscow";
  moscow.holidays = {"2026-01-01"};
  EXPECT_TRUE(is_off_hours(moscow, at("2025-12-31T21:00:00Z")));   // 2026-01-01 00:00 MSK
  EXPECT_FALSE(is_off_hours(moscow, at("2025-12-31T20:59:59Z")));  // 2025-12-31 23:59:59 MSK
  EXPECT_TRUE(is_off_hours(moscow, at("2026-01-01T20:59:59Z")));   // 23:59:59 MSK
  EXPECT_FALSE(is_off_hours(moscow, at("2026-01-01T21:00:00Z")));  // 2026-01-02 00:00 MSK

  ProjectSettings new_york;
  new_york.timezone = "America/New_York";
  new_york.working_hours = office_hours();
  new_york.holidays = {"2026-12-25"};  // a Friday
  EXPECT_TRUE(is_off_hours(new_york, at("2026-12-25T15:00:00Z")));   // 10:00 EST, inside hours but a holiday
  EXPECT_FALSE(is_off_hours(new_york, at("2026-12-24T15:00:00Z")));  // Thursday 10:00 EST
  new_york.working_hours.reset();
  EXPECT_TRUE(is_off_hours(new_york, at("2026-12-26T04:59:59Z")));   // 2026-12-25 23:59:59 EST
  EXPECT_FALSE(is_off_hours(new_york, at("2026-12-26T05:00:00Z")));  // 2026-12-26 00:00 EST
  EXPECT_FALSE(is_off_hours(new_york, at("2026-12-25T04:59:59Z")));  // 2026-12-24 23:59:59 EST
}

TEST(OffHours, SeveralIntervalsADayAndMidnightClose) {
  ProjectSettings settings;
  WorkingHours wh;
  wh.days[4] = {range(9, 13), range(14, 18)};  // Friday with a lunch break
  wh.days[5] = {range(0, 24)};                  // Saturday all day ("24:00")
  settings.working_hours = wh;
  EXPECT_FALSE(is_off_hours(settings, at("2026-03-06T12:59:00Z")));
  EXPECT_TRUE(is_off_hours(settings, at("2026-03-06T13:00:00Z")));
  EXPECT_TRUE(is_off_hours(settings, at("2026-03-06T13:59:59Z")));
  EXPECT_FALSE(is_off_hours(settings, at("2026-03-06T14:00:00Z")));
  EXPECT_FALSE(is_off_hours(settings, at("2026-03-07T00:00:00Z")));
  EXPECT_FALSE(is_off_hours(settings, at("2026-03-07T23:59:59.999Z")));
  EXPECT_TRUE(is_off_hours(settings, at("2026-03-08T00:00:00Z")));  // Sunday: closed
}

TEST(OffHours, UnknownTimezoneFallsBackToUtcInsteadOfThrowing) {
  ProjectSettings settings;
  settings.timezone = "Mars/Olympus_Mons";
  settings.working_hours = office_hours();
  EXPECT_FALSE(is_off_hours(settings, at("2026-03-06T09:00:00Z")));
  EXPECT_TRUE(is_off_hours(settings, at("2026-03-06T18:00:00Z")));
}

TEST(OffHours, IntrinsicFlagsUseTheCallStart) {
  ProjectSettings settings;
  settings.working_hours = office_hours();
  Call c = answered_call("c1", at("2026-03-06T17:59:00Z"), seconds{600});  // ends after closing
  EXPECT_FALSE(intrinsic_flags(settings, c).off_hours);
}

}  // namespace
}  // namespace callsign::domain
