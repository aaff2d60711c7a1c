"""Asterisk CDR import (API.md "Calls", docs/telephony.md): POST /v1/projects/{id}/imports/asterisk-cdr and
`callsign import asterisk-cdr`, both fed the golden tests/golden/asterisk_cdr/Master.csv (written by its
generate.py together with Master.expected.json, the counts, bad lines and calls the import must give)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import unittest
import urllib.parse

from harness import CallsignServer, ServerTestCase, binary, parse_ts

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "golden", "asterisk_cdr")
MASTER_CSV = os.path.join(GOLDEN, "Master.csv")
with open(MASTER_CSV, encoding="utf-8", newline="") as _f:
    MASTER = _f.read()
with open(os.path.join(GOLDEN, "Master.expected.json"), encoding="utf-8") as _f:
    EXPECTED = json.load(_f)
CALLS = EXPECTED["calls"]
BAD_LINES = [(e["line"], e["field"]) for e in EXPECTED["errors"]]
WEEKDAYS_9_TO_6 = {**{d: [["09:00", "18:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}, "sat": [], "sun": []}


def first_lines(n: int) -> str:
    return "".join(MASTER.splitlines(keepends=True)[:n])


class ExpectationsMixin:
    """Checks shared by the HTTP and the CLI test: the calls a project holds after importing Master.csv."""

    def assertGoldenCalls(self, calls: list, static_channel: str | None):
        by_id = {c["external_id"]: c for c in calls}
        self.assertEqual(set(by_id), set(CALLS), "one call per uniqueid, no more")
        for uid, want in CALLS.items():
            got = by_id[uid]
            ctx = f"uniqueid {uid} (line {want['line']}): {got}"
            for key in ("caller", "tracking_number", "started_at", "answered_at", "ended_at", "status",
                        "talk_seconds", "wait_seconds"):
                self.assertEqual(got[key], want[key], f"{key} of {ctx}")
            for flag, value in want["flags"].items():
                self.assertEqual(got["flags"][flag], value, f"flag {flag} of {ctx}")
            static = static_channel is not None and want["tracking_number"] == EXPECTED["static_number"]
            self.assertEqual(got["attribution"]["method"], "static" if static else "none", ctx)
            if static:
                self.assertEqual(got["attribution"]["channel"], static_channel, ctx)

    def assertGoldenErrors(self, errors: list):
        self.assertEqual([(e["line"], e["field"]) for e in errors], BAD_LINES)
        for e in errors:
            self.assertTrue(e["message"], e)
            if e["field"] != "line":
                self.assertIn(e["field"], e["message"], e)


class CdrImportApiTest(ExpectationsMixin, ServerTestCase):

    def import_cdr(self, project, text, token=None, timezone=None, content_type="text/csv", project_id=None):
        path = f"/v1/projects/{project_id or project['id']}/imports/asterisk-cdr"
        if timezone is not None:
            path += "?" + urllib.parse.urlencode({"timezone": timezone})
        return self.server.request("POST", path, raw_body=text, token=project["api_key"] if token is None else token,
                                   headers={"Content-Type": content_type})

    def new_project(self, **settings):
        return self.server.create_project(timezone="America/New_York", working_hours=WEEKDAYS_9_TO_6, **settings)

    def test_golden_file_then_the_same_file_again_changes_nothing(self):
        project = self.new_project()
        self.server.create_number(project, EXPECTED["static_number"], channel="billboard")
        report = self.assertStatus(self.import_cdr(project, MASTER), 200)
        self.assertEqual({k: report[k] for k in ("imported", "updated", "duplicates")},
                         {"imported": len(CALLS), "updated": 0, "duplicates": 0})
        self.assertGoldenErrors(report["errors"])
        before = self.server.all_calls(project)
        self.assertGoldenCalls(before, static_channel="billboard")

        again = self.assertStatus(self.import_cdr(project, MASTER), 200)
        self.assertEqual({k: again[k] for k in ("imported", "updated", "duplicates")},
                         {"imported": 0, "updated": 0, "duplicates": len(CALLS)})
        self.assertEqual(again["errors"], report["errors"])
        self.assertEqual(self.server.all_calls(project), before, "a second import must not touch any call")

    def test_changed_lines_update_their_calls(self):
        project = self.new_project()
        self.assertStatus(self.import_cdr(project, MASTER), 200)
        # The PBX rewrote one call's record: a NO ANSWER that is now BUSY.
        uid = next(u for u, c in sorted(CALLS.items()) if c["status"] == "no_answer" and c["records"] == 1)
        lines = MASTER.splitlines(keepends=True)
        line = lines[CALLS[uid]["line"] - 1]
        self.assertIn(f'"{uid}"', line)
        changed = line.replace('"NO ANSWER"', '"BUSY"')
        report = self.assertStatus(self.import_cdr(project, MASTER + changed), 200)
        self.assertEqual((report["imported"], report["updated"], report["duplicates"]), (0, 1, len(CALLS) - 1))
        call = next(c for c in self.server.all_calls(project) if c["external_id"] == uid)
        self.assertEqual(call["status"], "busy")
        self.assertTrue(call["flags"]["missed"])

    def test_timezone_parameter_overrides_the_projects(self):
        sample = first_lines(30)
        utc_project = self.server.create_project(timezone="UTC")
        report = self.assertStatus(self.import_cdr(utc_project, sample, timezone="America/New_York"), 200)
        calls = self.server.all_calls(utc_project)
        self.assertEqual(report["imported"], len(calls))
        self.assertGreater(len(calls), 20)
        for c in calls:
            self.assertEqual(c["started_at"], CALLS[c["external_id"]]["started_at"], c)

        # Without the parameter the project's zone (UTC) reads the same wall-clock times 5 hours earlier (EST).
        other = self.server.create_project(timezone="UTC")
        self.assertStatus(self.import_cdr(other, sample), 200)
        for c in self.server.all_calls(other):
            shift = parse_ts(CALLS[c["external_id"]]["started_at"]) - parse_ts(c["started_at"])
            self.assertEqual(shift.total_seconds(), 5 * 3600, c)

    def test_any_content_type_and_an_empty_body(self):
        project = self.new_project()
        report = self.assertStatus(self.import_cdr(project, first_lines(5), content_type="application/octet-stream"),
                                   200)
        self.assertGreater(report["imported"], 0)
        empty = self.assertStatus(self.import_cdr(project, ""), 200)
        self.assertEqual(empty, {"imported": 0, "updated": 0, "duplicates": 0, "errors": []})

    def test_bad_timezone_is_422_and_writes_nothing(self):
        project = self.new_project()
        for tz in ("Mars/Olympus_Mons", ""):
            self.assertError(self.import_cdr(project, MASTER, timezone=tz), 422, "invalid_value", "timezone")
        self.assertEqual(self.server.all_calls(project), [])

    def test_auth(self):
        project = self.new_project()
        other = self.new_project()
        self.assertError(self.import_cdr(project, MASTER, token=""), 401)
        self.assertError(self.import_cdr(project, MASTER, token="csk_not_a_key"), 401)
        self.assertError(self.import_cdr(project, MASTER, token=other["api_key"]), 404)
        self.assertError(self.import_cdr(project, MASTER, project_id="prj_missing"), 404)
        self.assertEqual(self.server.all_calls(project), [])
        report = self.assertStatus(self.import_cdr(project, first_lines(3), token=self.server.admin_token), 200)
        self.assertGreater(report["imported"], 0)


class CdrImportCliTest(ExpectationsMixin, unittest.TestCase):
    """`callsign import asterisk-cdr` on a server's data dir: the project is made over HTTP, the server stopped,
    the file imported by the CLI (twice), and the server started again to read the calls."""

    @classmethod
    def setUpClass(cls):
        cls.server = CallsignServer()
        cls.server.start()
        cls.project = cls.server.create_project(timezone="America/New_York", working_hours=WEEKDAYS_9_TO_6)
        cls.server.create_number(cls.project, EXPECTED["static_number"], channel="radio")
        cls.server.stop()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def tearDown(self):
        if self.server.alive():
            self.server.stop()

    def cli(self, *args, file=MASTER_CSV, data_dir=None):
        return subprocess.run([binary(), "import", "asterisk-cdr", file, "--data-dir", data_dir or self.server.data_dir,
                               *args], capture_output=True, text=True, timeout=120)

    def assertSummary(self, run, imported, updated, duplicates):
        self.assertEqual(run.returncode, 0, run.stderr + run.stdout)
        lines = run.stdout.splitlines()
        self.assertEqual(lines[0], f"imported {imported}, updated {updated}, duplicates {duplicates}, "
                                   f"bad lines {len(BAD_LINES)}", run.stdout)
        self.assertEqual([int(l.split(":")[0].removeprefix("line ")) for l in lines[1:]],
                         [line for line, _ in BAD_LINES], run.stdout)

    def test_import_twice_then_serve(self):
        self.assertSummary(self.cli("--project", self.project["id"]), len(CALLS), 0, 0)
        self.assertSummary(self.cli("--project", self.project["id"], "--timezone", "America/New_York"),
                           0, 0, len(CALLS))
        self.server.start()
        self.assertGoldenCalls(self.server.all_calls(self.project), static_channel="radio")

    def test_failures_exit_non_zero(self):
        missing_project = self.cli("--project", "prj_missing")
        self.assertNotEqual(missing_project.returncode, 0)
        self.assertIn("prj_missing", missing_project.stderr)

        missing_file = self.cli("--project", self.project["id"], file=os.path.join(GOLDEN, "no-such.csv"))
        self.assertNotEqual(missing_file.returncode, 0)
        self.assertIn("no-such.csv", missing_file.stderr)

        bad_zone = self.cli("--project", self.project["id"], "--timezone", "Mars/Olympus_Mons")
        self.assertNotEqual(bad_zone.returncode, 0)
        self.assertIn("timezone", bad_zone.stderr)

        empty = tempfile.mkdtemp(prefix="callsign-it-empty-")
        try:
            nowhere = os.path.join(empty, "missing")
            no_db = self.cli("--project", self.project["id"], data_dir=nowhere)
            self.assertNotEqual(no_db.returncode, 0)
            self.assertIn("no database", no_db.stderr)
            self.assertFalse(os.path.exists(nowhere), "a mistyped --data-dir must not create a database")
        finally:
            shutil.rmtree(empty, ignore_errors=True)

        usage = subprocess.run([binary(), "import", "asterisk-cdr", MASTER_CSV], capture_output=True, text=True,
                               timeout=60)
        self.assertNotEqual(usage.returncode, 0, "--project is required")


if __name__ == "__main__":
    unittest.main()
