"""Projects and their settings (API.md "Projects", docs/api/openapi.yaml ProjectSettings)."""
import unittest

from harness import ServerTestCase

DEFAULTS = {
    "timezone": "UTC",
    "country": "US",
    "currency": "USD",
    "default_number": None,
    "target_call_seconds": 30,
    "sales_cycle_days": 30,
    "session_hold_seconds": 900,
    "caller_memory_days": 30,
    "working_hours": None,
    "holidays": [],
    "margin_percent": 100,
    "blocked_callers": [],
    "record_calls": False,
    "ga4": None,
}

WEEK = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class ProjectsTest(ServerTestCase):

    def get(self, project, token=None):
        status, _, body = self.server.request("GET", f"/v1/projects/{project['id']}",
                                              token=token or project["api_key"])
        self.assertEqual(status, 200, body)
        return body

    def patch(self, project, body, token=None):
        return self.server.request("PATCH", f"/v1/projects/{project['id']}", body,
                                   token=token or project["api_key"])

    def test_defaults_match_the_contract(self):
        created = self.server.create_project("Defaults Inc")
        self.assertEqual(created["name"], "Defaults Inc")
        for reply, label in ((created, "create"), (self.get(created), "get")):
            for key, value in DEFAULTS.items():
                with self.subTest(reply=label, setting=key):
                    self.assertIn(key, reply)
                    self.assertEqual(reply[key], value)
                    if isinstance(value, (int, float)) and not isinstance(value, bool):
                        self.assertNotIsInstance(reply[key], bool)
            with self.subTest(reply=label, setting="twilio_auth_token"):
                self.assertNotIn("twilio_auth_token", reply)
                if "twilio_auth_token_set" in reply:
                    self.assertIs(reply["twilio_auth_token_set"], False)
        self.assertIn("api_key", created)
        self.assertNotIn("api_key", self.get(created))

    def test_create_with_settings(self):
        created = self.server.create_project(
            "Acme Tyres", timezone="America/New_York", country="GB", currency="EUR", target_call_seconds=45,
            working_hours={"mon": [["09:00", "18:00"]]}, holidays=["2026-12-25"])
        got = self.get(created)
        self.assertEqual(got["timezone"], "America/New_York")
        self.assertEqual(got["country"], "GB")
        self.assertEqual(got["currency"], "EUR")
        self.assertEqual(got["target_call_seconds"], 45)
        self.assertEqual(got["working_hours"]["mon"], [["09:00", "18:00"]])
        self.assertEqual(got["holidays"], ["2026-12-25"])
        self.assertEqual(got["sales_cycle_days"], 30)

    def test_patch_each_setting_reads_back(self):
        cases = [
            ("name", "Renamed Ltd", "Renamed Ltd"),
            ("timezone", "America/New_York", "America/New_York"),
            ("timezone", "Europe/Berlin", "Europe/Berlin"),
            ("country", "GB", "GB"),
            ("currency", "EUR", "EUR"),
            ("default_number", "(212) 555-0101", "+12125550101"),
            ("default_number", "+1 212-555-0102", "+12125550102"),
            ("target_call_seconds", 45, 45),
            ("target_call_seconds", 0, 0),
            ("sales_cycle_days", 60, 60),
            ("session_hold_seconds", 600, 600),
            ("caller_memory_days", 10, 10),
            ("working_hours", {"mon": [["09:00", "18:00"]], "sat": [["10:00", "14:00"]]},
             {"mon": [["09:00", "18:00"]], "tue": [], "wed": [], "thu": [], "fri": [],
              "sat": [["10:00", "14:00"]], "sun": []}),
            ("working_hours", {d: [["00:00", "24:00"]] for d in WEEK}, {d: [["00:00", "24:00"]] for d in WEEK}),
            ("working_hours", {"wed": [["14:00", "18:00"], ["09:00", "13:00"]]},
             {"mon": [], "tue": [], "wed": [["09:00", "13:00"], ["14:00", "18:00"]], "thu": [], "fri": [],
              "sat": [], "sun": []}),
            ("holidays", ["2027-01-01", "2026-12-25"], ["2026-12-25", "2027-01-01"]),
            ("holidays", ["2026-12-25", "2026-12-25"], ["2026-12-25"]),
            ("margin_percent", 35.5, 35.5),
            ("margin_percent", 0, 0),
            ("blocked_callers", ["(212) 555-0666", "+12125550111"], ["+12125550111", "+12125550666"]),
            ("record_calls", True, True),
        ]
        for key, value, expected in cases:
            with self.subTest(setting=key, value=value):
                project = self.server.create_project()
                status, _, patched = self.patch(project, {key: value})
                self.assertEqual(status, 200, patched)
                self.assertEqual(patched[key], expected)
                got = self.get(project)
                self.assertEqual(got[key], expected)
                self.assertEqual(got, patched)
                # everything else kept its default
                for other, default in DEFAULTS.items():
                    if other != key:
                        self.assertEqual(got[other], default, other)

    def test_patch_null_resets_nullable_settings(self):
        project = self.server.create_project(default_number="+12125550101",
                                             working_hours={"mon": [["09:00", "18:00"]]},
                                             ga4={"measurement_id": "G-ABC123", "api_secret": "s3cret"},
                                             twilio_auth_token="tok")
        status, _, patched = self.patch(project, {"default_number": None, "working_hours": None, "ga4": None,
                                                  "twilio_auth_token": None})
        self.assertEqual(status, 200, patched)
        got = self.get(project)
        self.assertIsNone(got["default_number"])
        self.assertIsNone(got["working_hours"])
        self.assertIsNone(got["ga4"])
        if "twilio_auth_token_set" in got:
            self.assertIs(got["twilio_auth_token_set"], False)

    def test_write_only_secrets(self):
        project = self.server.create_project()
        status, _, patched = self.patch(project, {"twilio_auth_token": "t0ken",
                                                  "ga4": {"measurement_id": "G-ABC123", "api_secret": "s3cret"}})
        self.assertEqual(status, 200, patched)
        got = self.get(project)
        self.assertNotIn("twilio_auth_token", got)
        if "twilio_auth_token_set" in got:
            self.assertIs(got["twilio_auth_token_set"], True)
        self.assertEqual(got["ga4"]["measurement_id"], "G-ABC123")
        self.assertNotIn("api_secret", got["ga4"])
        # ga4 is merged: the secret may be left out once set
        status, _, patched = self.patch(project, {"ga4": {"measurement_id": "G-XYZ789"}})
        self.assertEqual(status, 200, patched)
        self.assertEqual(self.get(project)["ga4"]["measurement_id"], "G-XYZ789")

    def test_patch_only_changes_given_fields(self):
        project = self.server.create_project("Keep Me", timezone="Europe/Berlin", target_call_seconds=40)
        status, _, _ = self.patch(project, {"sales_cycle_days": 7})
        self.assertEqual(status, 200)
        got = self.get(project)
        self.assertEqual(got["name"], "Keep Me")
        self.assertEqual(got["timezone"], "Europe/Berlin")
        self.assertEqual(got["target_call_seconds"], 40)
        self.assertEqual(got["sales_cycle_days"], 7)

    def test_invalid_timezone(self):
        project = self.server.create_project()
        before = self.get(project)
        for tz in ["Mars/Olympus", "", "Europe/Berlinn", 5]:
            with self.subTest(timezone=tz):
                self.assertError(self.patch(project, {"timezone": tz}), 422, "invalid_value", "timezone")
                r = self.server.request("POST", "/v1/projects", {"name": "x", "timezone": tz},
                                        token=self.server.admin_token)
                self.assertError(r, 422, "invalid_value", "timezone")
        self.assertEqual(self.get(project), before)

    def test_bad_working_hours(self):
        project = self.server.create_project(working_hours={"mon": [["09:00", "18:00"]]})
        before = self.get(project)
        bad = [
            {"mon": [["18:00", "09:00"]]},             # closing before opening
            {"mon": [["09:00", "09:00"]]},             # empty interval
            {"mon": [["25:00", "26:00"]]},             # no such hour
            {"mon": [["09:60", "10:00"]]},             # no such minute
            {"mon": [["9am", "5pm"]]},
            {"mon": [["09:00"]]},                      # not a pair
            {"mon": [["09:00", "12:00", "18:00"]]},
            {"mon": "09:00-18:00"},
            {"mon": [["09:00", "13:00"], ["12:00", "18:00"]]},  # overlapping
            {"funday": [["09:00", "18:00"]]},          # no such day
            {"mon": [[9, 18]]},
            ["09:00", "18:00"],
            "always",
        ]
        starts = lambda f: isinstance(f, str) and f.startswith("working_hours")
        for value in bad:
            with self.subTest(working_hours=value):
                r = self.patch(project, {"working_hours": value})
                self.assertError(r, 422, ("invalid_value", "unknown_field"), starts)
                r = self.server.request("POST", "/v1/projects", {"name": "x", "working_hours": value},
                                        token=self.server.admin_token)
                self.assertError(r, 422, ("invalid_value", "unknown_field"), starts)
        self.assertEqual(self.get(project), before)

    def test_other_invalid_settings(self):
        project = self.server.create_project()
        before = self.get(project)
        bad = [
            ("target_call_seconds", -1), ("target_call_seconds", "30"), ("target_call_seconds", 1.5),
            ("target_call_seconds", 86401),
            ("sales_cycle_days", 0), ("sales_cycle_days", None),
            ("session_hold_seconds", -5),
            ("caller_memory_days", -1),
            ("margin_percent", 101), ("margin_percent", -1),
            ("currency", "dollars"),
            ("country", "XX"),
            ("default_number", "123"),
            ("holidays", ["2026-02-30"]), ("holidays", ["25.12.2026"]), ("holidays", "2026-12-25"),
            ("blocked_callers", ["not a number"]),
            ("record_calls", "yes"),
            ("name", ""), ("name", None), ("name", 42),
        ]
        for key, value in bad:
            with self.subTest(setting=key, value=value):
                r = self.patch(project, {key: value})
                self.assertError(r, 422, None, lambda f, k=key: isinstance(f, str) and f.startswith(k))
        self.assertEqual(self.get(project), before)

    def test_unknown_field(self):
        project = self.server.create_project()
        before = self.get(project)
        for key in ["target_call_second", "api_key", "Timezone", "twilio_auth_token_sett"]:
            with self.subTest(field=key):
                self.assertError(self.patch(project, {key: 45}), 422, "unknown_field", key)
        r = self.server.request("POST", "/v1/projects", {"name": "x", "target_seconds": 5},
                                token=self.server.admin_token)
        self.assertError(r, 422, "unknown_field", "target_seconds")
        self.assertEqual(self.get(project), before)

    def test_read_only_fields(self):
        project = self.server.create_project()
        before = self.get(project)
        changed = {"id": "prj_someoneelse", "public_key": "pk_mine_now", "created_at": "2020-01-01T00:00:00Z",
                   "twilio_auth_token_set": True}
        for key, value in changed.items():
            with self.subTest(field=key):
                r = self.patch(project, {key: value, "target_call_seconds": 45})
                self.assertError(r, 422, "read_only_field", key)
        self.assertEqual(self.get(project), before)
        # a GET body sent back unchanged (plus one change) is accepted
        body = dict(before)
        body["target_call_seconds"] = 45
        status, _, patched = self.patch(project, body)
        self.assertEqual(status, 200, patched)
        self.assertEqual(patched["target_call_seconds"], 45)
        self.assertEqual(patched["id"], before["id"])
        self.assertEqual(patched["public_key"], before["public_key"])

    def test_nothing_written_on_error(self):
        project = self.server.create_project()
        before = self.get(project)
        # a valid change next to an invalid one: all-or-nothing
        for body in [{"target_call_seconds": 45, "timezone": "Mars/Olympus"},
                     {"timezone": "Mars/Olympus", "target_call_seconds": 45},
                     {"name": "Changed", "bogus": 1},
                     {"holidays": ["2026-12-25"], "working_hours": {"mon": [["18:00", "09:00"]]}}]:
            with self.subTest(body=body):
                status, _, err = self.patch(project, body)
                self.assertEqual(status, 422, err)
                self.assertEqual(self.get(project), before)
        # a failed create leaves no project behind
        _, _, listed = self.server.request("GET", "/v1/projects", token=self.server.admin_token)
        for body in [{"name": "Half", "timezone": "Mars/Olympus"}, {"timezone": "UTC"},
                     {"name": "Half", "bogus": True}]:
            with self.subTest(create=body):
                status, _, err = self.server.request("POST", "/v1/projects", body, token=self.server.admin_token)
                self.assertEqual(status, 422, err)
        _, _, after = self.server.request("GET", "/v1/projects", token=self.server.admin_token)
        self.assertEqual(after, listed)

    def test_missing_name(self):
        r = self.server.request("POST", "/v1/projects", {"timezone": "UTC"}, token=self.server.admin_token)
        self.assertError(r, 422, ("missing_field", "invalid_value"), "name")

    def test_project_listing_shape(self):
        a = self.server.create_project()
        status, _, body = self.server.request("GET", "/v1/projects", token=self.server.admin_token)
        self.assertEqual(status, 200, body)
        self.assertIsInstance(body["projects"], list)
        mine = [p for p in body["projects"] if p["id"] == a["id"]]
        self.assertEqual(len(mine), 1)
        self.assertEqual(mine[0], self.get(a))


if __name__ == "__main__":
    unittest.main()
