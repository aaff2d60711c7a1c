"""Recording and reading calls (API.md "Calls", docs/api/openapi.yaml Call)."""
import datetime as dt
import unittest

from harness import BASE_TIME, FLAG_KEYS, ServerTestCase, next_external_id, next_number, parse_ts, ts

S = dt.timedelta(seconds=1)
LINE_TYPES = {"mobile", "fixed_line", "fixed_line_or_mobile", "toll_free", "premium_rate", "shared_cost", "voip",
              "personal_number", "pager", "uan", "voicemail", "unknown"}
CALL_KEYS = {"id", "external_id", "tracking_number", "caller", "caller_region", "caller_line_type", "started_at",
             "answered_at", "ended_at", "wait_seconds", "talk_seconds", "status", "operator", "recording_url",
             "attribution", "flags", "tags"}
ATTRIBUTION_KEYS = {"method", "confidence", "session_id", "visitor_id", "channel", "source", "medium", "campaign",
                    "term", "content", "gclid", "landing_page"}


class CallsTest(ServerTestCase):

    def setUp(self):
        self.project = self.server.create_project()
        self.number = self.server.create_number(self.project, channel="billboard", source="i95", medium="outdoor",
                                                campaign="spring")

    def call(self, **fields):
        fields.setdefault("tracking_number", self.number["number"])
        return self.server.record_call(self.project, **fields)

    def get_call(self, call_id):
        return self.server.request("GET", f"/v1/projects/{self.project['id']}/calls/{call_id}",
                                   token=self.project["api_key"])

    # -- create / idempotency ---------------------------------------------------------------------------------

    def test_create_then_same_external_id_is_200_with_same_id(self):
        body = dict(external_id=next_external_id("pbx"), tracking_number=self.number["number"],
                    caller="+12125550199", started_at=ts(BASE_TIME), answered_at=ts(BASE_TIME + 6 * S),
                    ended_at=ts(BASE_TIME + 180 * S), operator="Dana")
        status, _, first = self.server.post_call(self.project, **body)
        self.assertEqual(status, 201, first)
        self.assertTrue(first["id"].startswith("call_"), first)
        self.assertEqual(first["external_id"], body["external_id"])
        status, _, second = self.server.post_call(self.project, **body)
        self.assertEqual(status, 200, second)
        self.assertEqual(second["id"], first["id"])
        calls = self.server.all_calls(self.project)
        self.assertEqual([c["id"] for c in calls], [first["id"]])

    def test_same_external_id_updates_the_call(self):
        body = dict(external_id=next_external_id("pbx"), caller="+12125550199", started_at=ts(BASE_TIME),
                    tracking_number=self.number["number"])
        status, _, ongoing = self.server.post_call(self.project, **body, answered_at=ts(BASE_TIME + 5 * S))
        self.assertEqual(status, 201, ongoing)
        self.assertIsNone(ongoing["ended_at"])
        status, _, done = self.server.post_call(self.project, **body, answered_at=ts(BASE_TIME + 5 * S),
                                                ended_at=ts(BASE_TIME + 65 * S), operator="Dana")
        self.assertEqual(status, 200, done)
        self.assertEqual(done["id"], ongoing["id"])
        self.assertEqual(done["talk_seconds"], 60)
        self.assertEqual(done["operator"], "Dana")
        status, _, got = self.get_call(done["id"])
        self.assertEqual(status, 200, got)
        self.assertEqual(got["ended_at"], ts(BASE_TIME + 65 * S))
        self.assertEqual(got["operator"], "Dana")
        self.assertEqual(len(self.server.all_calls(self.project)), 1)

    def test_same_external_id_in_two_projects_is_two_calls(self):
        other = self.server.create_project()
        ext = next_external_id("shared")
        a = self.call(external_id=ext)
        status, _, b = self.server.post_call(other, external_id=ext)
        self.assertEqual(status, 201, b)
        self.assertNotEqual(a["id"], b["id"])

    # -- shape -----------------------------------------------------------------------------------------------

    def test_call_object_shape(self):
        call = self.call(answered_at=ts(BASE_TIME + 6 * S), ended_at=ts(BASE_TIME + 40 * S))
        self.assertTrue(CALL_KEYS <= set(call), CALL_KEYS - set(call))
        self.assertTrue(FLAG_KEYS <= set(call["flags"]), FLAG_KEYS - set(call["flags"]))
        for key in FLAG_KEYS:
            self.assertIsInstance(call["flags"][key], bool, key)
        self.assertTrue(ATTRIBUTION_KEYS <= set(call["attribution"]), ATTRIBUTION_KEYS - set(call["attribution"]))
        self.assertEqual(call["tags"], [])
        status, _, got = self.get_call(call["id"])
        self.assertEqual(status, 200, got)
        self.assertEqual(got, call)

    def test_times_are_returned_in_utc(self):
        call = self.call(started_at="2026-03-02T10:00:00-05:00", answered_at="2026-03-02T20:30:07+05:30",
                         ended_at="2026-03-02T15:01:00.250Z")
        self.assertEqual(call["started_at"], "2026-03-02T15:00:00Z")
        self.assertEqual(call["answered_at"], "2026-03-02T15:00:07Z")
        self.assertEqual(parse_ts(call["ended_at"]), dt.datetime(2026, 3, 2, 15, 1, 0, 250000, dt.timezone.utc))
        self.assertTrue(call["ended_at"].endswith("Z"))

    # -- attribution -------------------------------------------------------------------------------------------

    def test_static_attribution(self):
        call = self.call(tracking_number=self.number["number"])
        a = call["attribution"]
        self.assertEqual(a["method"], "static")
        self.assertEqual(a["confidence"], 1)
        self.assertEqual(a["channel"], "billboard")
        self.assertEqual(a["source"], "i95")
        self.assertEqual(a["medium"], "outdoor")
        self.assertEqual(a["campaign"], "spring")
        self.assertEqual(call["tracking_number"], self.number["number"])

    def test_static_attribution_with_written_form_and_default_channel(self):
        number = self.server.create_number(self.project, "(415) 555-0140")
        call = self.call(tracking_number="415-555-0140")
        self.assertEqual(call["tracking_number"], "+14155550140")
        self.assertEqual(call["attribution"]["method"], "static")
        self.assertEqual(call["attribution"]["channel"], number["channel"])
        self.assertEqual(call["attribution"]["channel"], "offline")

    def test_unknown_tracking_number_is_unattributed(self):
        call = self.call(tracking_number=next_number("312"))
        a = call["attribution"]
        self.assertEqual(a["method"], "none")
        self.assertIsNone(a["channel"])
        self.assertIsNone(a["session_id"])
        self.assertLess(a["confidence"], 1)

    def test_another_projects_number_is_unattributed(self):
        other = self.server.create_project()
        theirs = self.server.create_number(other, channel="radio")
        call = self.call(tracking_number=theirs["number"])
        self.assertEqual(call["attribution"]["method"], "none")
        self.assertIsNone(call["attribution"]["channel"])

    # -- durations and status ------------------------------------------------------------------------------

    def test_wait_and_talk_seconds_answered(self):
        call = self.call(answered_at=ts(BASE_TIME + 6 * S), ended_at=ts(BASE_TIME + 180 * S))
        self.assertEqual(call["status"], "answered")
        self.assertEqual(call["wait_seconds"], 6)
        self.assertEqual(call["talk_seconds"], 174)

    def test_wait_and_talk_seconds_missed(self):
        call = self.call(ended_at=ts(BASE_TIME + 20 * S))
        self.assertEqual(call["status"], "no_answer")
        self.assertEqual(call["wait_seconds"], 20)
        self.assertEqual(call["talk_seconds"], 0)

    def test_wait_and_talk_seconds_ongoing(self):
        call = self.call(answered_at=ts(BASE_TIME + 4 * S))
        self.assertEqual(call["wait_seconds"], 4)
        self.assertIsNone(call["talk_seconds"])
        self.assertIsNone(call["ended_at"])

    def test_status_defaults(self):
        answered = self.call(answered_at=ts(BASE_TIME + 3 * S), ended_at=ts(BASE_TIME + 90 * S))
        self.assertEqual(answered["status"], "answered")
        self.assertTrue(answered["flags"]["answered"])
        self.assertFalse(answered["flags"]["missed"])
        missed = self.call(ended_at=ts(BASE_TIME + 30 * S))
        self.assertEqual(missed["status"], "no_answer")
        self.assertFalse(missed["flags"]["answered"])
        self.assertTrue(missed["flags"]["missed"])
        self.assertFalse(missed["flags"]["abandoned"])
        nothing = self.call()
        self.assertEqual(nothing["status"], "no_answer")
        explicit_null = self.call(status=None, answered_at=ts(BASE_TIME + 3 * S))
        self.assertEqual(explicit_null["status"], "answered")

    def test_explicit_statuses(self):
        for status in ["no_answer", "busy", "failed", "abandoned", "voicemail"]:
            with self.subTest(status=status):
                call = self.call(status=status, ended_at=ts(BASE_TIME + 10 * S))
                self.assertEqual(call["status"], status)
                self.assertTrue(call["flags"]["missed"])
                self.assertFalse(call["flags"]["answered"])
                self.assertFalse(call["flags"]["target"])
                self.assertEqual(call["flags"]["abandoned"], status == "abandoned")
        call = self.call(status="answered", answered_at=ts(BASE_TIME + 2 * S), ended_at=ts(BASE_TIME + 50 * S))
        self.assertEqual(call["status"], "answered")

    def test_answered_status_needs_answered_at(self):
        r = self.server.post_call(self.project, tracking_number=self.number["number"], status="answered",
                                  ended_at=ts(BASE_TIME + 50 * S))
        self.assertError(r, 422, ("invalid_value", "missing_field"), lambda f: f in ("answered_at", "status"))
        self.assertEqual(self.server.all_calls(self.project), [])

    # -- caller ---------------------------------------------------------------------------------------------

    def test_caller_normalization(self):
        call = self.call(caller="(415) 555-0199")
        self.assertEqual(call["caller"], "+14155550199")
        self.assertIn("caller_region", call)
        self.assertTrue(call["caller_region"] is None or isinstance(call["caller_region"], str))
        self.assertIn(call["caller_line_type"], LINE_TYPES)

    def test_caller_region_is_known_for_a_new_york_number(self):
        call = self.call(caller="(212) 555-0101")
        self.assertEqual(call["caller"], "+12125550101")
        self.assertIsInstance(call["caller_region"], str)
        self.assertIn("New York", call["caller_region"])

    def test_caller_uses_the_project_country(self):
        project = self.server.create_project(country="GB")
        call = self.server.record_call(project, caller="020 8743 8000")
        self.assertEqual(call["caller"], "+442087438000")

    # -- classification basics ------------------------------------------------------------------------------

    def test_target_threshold(self):
        target = self.call(answered_at=ts(BASE_TIME), ended_at=ts(BASE_TIME + 30 * S))
        self.assertTrue(target["flags"]["target"])
        short = self.call(answered_at=ts(BASE_TIME), ended_at=ts(BASE_TIME + 29 * S))
        self.assertFalse(short["flags"]["target"])

    def test_first_time_unique_repeat(self):
        caller = next_number("646")
        first = self.call(caller=caller, started_at=ts(BASE_TIME))
        self.assertTrue(first["flags"]["first_time"])
        self.assertTrue(first["flags"]["unique"])
        self.assertFalse(first["flags"]["repeat"])
        second = self.call(caller=caller, started_at=ts(BASE_TIME + dt.timedelta(days=1)))
        self.assertFalse(second["flags"]["first_time"])
        self.assertFalse(second["flags"]["unique"])
        self.assertTrue(second["flags"]["repeat"])
        later = self.call(caller=caller, started_at=ts(BASE_TIME + dt.timedelta(days=31)))
        self.assertFalse(later["flags"]["first_time"])
        self.assertTrue(later["flags"]["unique"])

    def test_spam_flag_from_blocked_callers(self):
        project = self.server.create_project(blocked_callers=["(212) 555-0666"])
        call = self.server.record_call(project, caller="+12125550666")
        self.assertTrue(call["flags"]["spam"])
        ok = self.server.record_call(project, caller="+12125550667")
        self.assertFalse(ok["flags"]["spam"])

    def test_off_hours_flag(self):
        project = self.server.create_project(timezone="America/New_York",
                                             working_hours={"mon": [["09:00", "18:00"]]})
        # 2026-03-02 is a Monday; 15:00Z = 10:00 in New York (EST)
        inside = self.server.record_call(project, started_at="2026-03-02T15:00:00Z")
        self.assertFalse(inside["flags"]["off_hours"])
        outside = self.server.record_call(project, started_at="2026-03-02T23:30:00Z")
        self.assertTrue(outside["flags"]["off_hours"])
        sunday = self.server.record_call(project, started_at="2026-03-01T15:00:00Z")
        self.assertTrue(sunday["flags"]["off_hours"])

    # -- reading --------------------------------------------------------------------------------------------

    def test_single_call_read_and_404(self):
        call = self.call()
        status, _, got = self.get_call(call["id"])
        self.assertEqual(status, 200, got)
        self.assertEqual(got, call)
        self.assertError(self.get_call("call_doesnotexist"), 404, "not_found")
        self.assertError(self.get_call(call["external_id"]), 404, "not_found")

    def test_pagination_every_call_exactly_once_newest_first(self):
        created = {}
        for i in range(75):
            # groups of three calls share a started_at, so ties must be broken consistently
            started = BASE_TIME + dt.timedelta(minutes=(i // 3) * 7)
            call = self.call(started_at=ts(started), external_id=f"page-{i}")
            created[call["id"]] = call
        seen = []
        pages = 0
        cursor = None
        while True:
            status, _, page = self.server.list_calls(self.project, limit=20, cursor=cursor)
            self.assertEqual(status, 200, page)
            self.assertLessEqual(len(page["calls"]), 20)
            self.assertIn("next_cursor", page)
            seen.extend(page["calls"])
            pages += 1
            self.assertLess(pages, 10, "pagination does not end")
            cursor = page["next_cursor"]
            if cursor is None:
                break
            self.assertIsInstance(cursor, str)
        ids = [c["id"] for c in seen]
        self.assertEqual(len(ids), len(set(ids)), "a call was returned twice")
        self.assertEqual(set(ids), set(created), "a call was skipped")
        self.assertIn(pages, (4, 5))
        starts = [parse_ts(c["started_at"]) for c in seen]
        self.assertEqual(starts, sorted(starts, reverse=True), "not newest first")
        for c in seen:
            self.assertEqual(c, created[c["id"]])
        # default limit is 50
        status, _, page = self.server.list_calls(self.project)
        self.assertEqual(status, 200, page)
        self.assertEqual(len(page["calls"]), 50)
        self.assertEqual([c["id"] for c in page["calls"]], ids[:50])
        status, _, page = self.server.list_calls(self.project, limit=200)
        self.assertEqual([c["id"] for c in page["calls"]], ids)
        self.assertIsNone(page["next_cursor"])

    def test_pagination_is_stable_while_calls_arrive(self):
        originals = set()
        for i in range(30):
            originals.add(self.call(started_at=ts(BASE_TIME + dt.timedelta(minutes=i // 2)))["id"])
        seen = []
        cursor = None
        for round_ in range(100):
            status, _, page = self.server.list_calls(self.project, limit=7, cursor=cursor)
            self.assertEqual(status, 200, page)
            seen.extend(c["id"] for c in page["calls"])
            # newer and equally old calls arrive between pages
            self.call(started_at=ts(BASE_TIME + dt.timedelta(days=1, minutes=round_)))
            self.call(started_at=ts(BASE_TIME + dt.timedelta(minutes=7)))
            cursor = page["next_cursor"]
            if cursor is None:
                break
        self.assertEqual(len(seen), len(set(seen)), "a call was returned twice")
        self.assertTrue(originals <= set(seen), "a call that existed before paging was skipped")

    def test_filters(self):
        radio = self.server.create_number(self.project, channel="radio")
        repeat_caller = next_number("646")
        t = BASE_TIME
        c = {
            "answered_target": self.call(answered_at=ts(t + 2 * S), ended_at=ts(t + 100 * S), caller=repeat_caller),
            "answered_short": self.call(started_at=ts(t + 60 * S), answered_at=ts(t + 62 * S),
                                        ended_at=ts(t + 70 * S)),
            "busy": self.call(started_at=ts(t + 120 * S), status="busy", ended_at=ts(t + 130 * S)),
            "repeat": self.call(started_at=ts(t + 3600 * S), ended_at=ts(t + 3620 * S), caller=repeat_caller),
            "radio": self.call(started_at=ts(t + 7200 * S), tracking_number=radio["number"]),
            "unattributed": self.call(started_at=ts(t + 10800 * S), tracking_number=next_number("312")),
        }
        ids = {k: v["id"] for k, v in c.items()}

        def listed(**params):
            status, _, page = self.server.list_calls(self.project, limit=200, **params)
            self.assertEqual(status, 200, page)
            return {x["id"] for x in page["calls"]}

        everything = set(ids.values())
        self.assertEqual(listed(), everything)
        self.assertEqual(listed(status="answered"), {ids["answered_target"], ids["answered_short"]})
        self.assertEqual(listed(status="busy"), {ids["busy"]})
        self.assertEqual(listed(status="no_answer"), {ids["repeat"], ids["radio"], ids["unattributed"]})
        self.assertEqual(listed(target="true"), {ids["answered_target"]})
        self.assertEqual(listed(target="false"), everything - {ids["answered_target"]})
        self.assertEqual(listed(unique="false"), {ids["repeat"]})
        self.assertEqual(listed(unique="true"), everything - {ids["repeat"]})
        self.assertEqual(listed(channel="radio"), {ids["radio"]})
        self.assertEqual(listed(channel="billboard"),
                         everything - {ids["radio"], ids["unattributed"]})
        self.assertEqual(listed(channel="podcast"), set())
        # from is inclusive, to is exclusive
        self.assertEqual(listed(**{"from": ts(t + 120 * S)}),
                         {ids["busy"], ids["repeat"], ids["radio"], ids["unattributed"]})
        self.assertEqual(listed(to=ts(t + 120 * S)), {ids["answered_target"], ids["answered_short"]})
        self.assertEqual(listed(**{"from": ts(t + 60 * S), "to": ts(t + 7200 * S)}),
                         {ids["answered_short"], ids["busy"], ids["repeat"]})
        # any offset
        self.assertEqual(listed(**{"from": "2026-03-02T11:00:00-05:00"}),
                         {ids["repeat"], ids["radio"], ids["unattributed"]})
        self.assertEqual(listed(**{"from": "2026-03-02T21:30:00+05:30", "to": "2026-03-02T16:00:01Z"}),
                         {ids["repeat"]})
        # combined with AND
        self.assertEqual(listed(status="answered", target="false"), {ids["answered_short"]})
        self.assertEqual(listed(channel="billboard", status="no_answer"), {ids["repeat"]})
        # filters survive pagination
        seen = []
        cursor = None
        for _ in range(10):
            status, _, page = self.server.list_calls(self.project, limit=1, cursor=cursor, channel="billboard")
            self.assertEqual(status, 200, page)
            seen.extend(x["id"] for x in page["calls"])
            cursor = page["next_cursor"]
            if cursor is None:
                break
        self.assertEqual(sorted(seen), sorted(everything - {ids["radio"], ids["unattributed"]}))

    def test_empty_list(self):
        status, _, page = self.server.list_calls(self.project)
        self.assertEqual(status, 200, page)
        self.assertEqual(page["calls"], [])
        self.assertIsNone(page["next_cursor"])


if __name__ == "__main__":
    unittest.main()
