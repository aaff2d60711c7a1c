"""`callsign demo` (what `make demo` runs): the tyre shop's project with weeks of simulated history written
through the real code paths, reports that add up, live calls arriving while it runs, a restart that keeps the
data (and does not backfill again) with a new key, and a clean stop on SIGTERM."""
import datetime as dt
import os
import re
import signal
import sqlite3
import time
import unittest
import zoneinfo

from harness import CallsignServer

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
SMALL = ["--backfill-days", "3", "--sessions-per-day", "300"]
CALL_FIGURES = ["calls", "answered", "missed", "abandoned", "target", "first_time", "unique", "unique_target",
                "deals", "revenue", "profit"]
ALL_FIGURES = CALL_FIGURES + ["sessions", "cost"]  # placed on rows only by traffic and time dimensions


def last_days(days=30):
    today = dt.datetime.now(zoneinfo.ZoneInfo("America/New_York")).date()
    return f"from={today - dt.timedelta(days=days - 1)}&to={today}"


EVERYTHING = last_days(100)


class DemoTest(unittest.TestCase):

    def start_demo(self, server, args=()):
        server.command = "demo"
        started = time.monotonic()
        server.start(list(args))
        elapsed = time.monotonic() - started
        out = server.stdout_text()
        key = re.search(r"API key \(new at every demo start\): (cs_\w+)", out)
        project = re.search(r'project "Acme Tyres \(demo\)" \((prj_\w+)\)', out)
        public_key = re.search(r'data-key="(pk_\w+)"', out)
        self.assertTrue(key and project and public_key, out)
        return key.group(1), project.group(1), public_key.group(1), elapsed

    def get(self, server, path, key):
        status, _, body = server.request("GET", path, token=key)
        self.assertEqual(status, 200, body)
        return body

    def report(self, server, project, key, query):
        return self.get(server, f"/v1/projects/{project}/reports/{query}", key)

    def deal_statuses(self, server):
        db = sqlite3.connect(f"file:{os.path.join(server.data_dir, 'callsign.db')}?mode=ro", uri=True)
        try:
            return dict(db.execute("SELECT status, count(*) FROM deals GROUP BY status").fetchall())
        finally:
            db.close()

    def assertTotalsAreTheSumOfRows(self, report, fields=ALL_FIGURES):
        self.assertTrue(report["rows"], report)
        for field in fields:
            summed = sum((row.get(field) or 0) for row in report["rows"])
            self.assertAlmostEqual(report["totals"][field] or 0, summed, places=4, msg=field)

    def test_the_default_backfill_finishes_in_under_a_minute_and_the_reports_add_up(self):
        server = CallsignServer()
        self.addCleanup(server.cleanup)
        key, project, _, elapsed = self.start_demo(server, ["--no-live"])
        self.assertLess(elapsed, 60, "the issue's budget for the whole history")
        err = server.stderr_text()
        done = re.search(r"backfilling 60 days: done, (\d+) sessions, (\d+) calls \((\d+) from website visits\), "
                         r"(\d+) deals \((\d+) refunded\)", err)
        self.assertTrue(done, err)
        sessions, calls, from_visits, deals, refunded = map(int, done.groups())
        self.assertGreater(sessions, 60 * 300)
        self.assertGreater(from_visits, 100)
        self.assertGreater(refunded, 0)

        listed = self.get(server, f"/v1/projects/{project}/calls?limit=200", key)["calls"]
        methods = {c["attribution"]["method"] for c in listed}
        self.assertLessEqual({"session", "static"}, methods)
        web = next(c for c in listed if c["attribution"]["method"] == "session")
        self.assertTrue(web["attribution"]["session_id"].startswith("ses_"), web)
        self.assertIn(web["attribution"]["channel"], {"paid_search", "organic", "social", "referral", "direct",
                                                      "email", "display"})

        by_channel = self.report(server, project, key, f"calls?group_by=channel&{last_days()}")
        self.assertTotalsAreTheSumOfRows(by_channel)
        rows = {row["channel"]: row for row in by_channel["rows"]}
        for channel in ("paid_search", "radio", "billboard"):
            self.assertGreater(rows[channel]["calls"], 0, channel)
            self.assertGreater(rows[channel]["cost"], 0, channel)
            self.assertIsNotNone(rows[channel]["romi"], channel)
        self.assertGreater(rows["paid_search"]["sessions"], 0)
        self.assertGreater(by_channel["totals"]["revenue"], 0)
        self.assertTotalsAreTheSumOfRows(self.report(server, project, key, f"calls?group_by=date&{last_days()}"))
        self.assertTotalsAreTheSumOfRows(self.report(server, project, key, f"calls?group_by=operator&{last_days()}"),
                                         CALL_FIGURES)
        everything = self.report(server, project, key, f"calls?{EVERYTHING}")
        self.assertEqual(everything["totals"]["calls"], calls)

        heatmap = self.report(server, project, key, f"heatmap?{last_days()}")
        self.assertGreater(sum(map(sum, heatmap["matrix"])), 0, heatmap)

        statuses = self.deal_statuses(server)
        self.assertEqual(sum(statuses.values()), deals)
        self.assertEqual(statuses.get("refunded"), refunded)
        self.assertGreater(statuses.get("won", 0), statuses.get("refunded", 0))
        server.stop()

    def test_live_calls_keep_arriving_and_sigterm_stops_cleanly(self):
        server = CallsignServer()
        self.addCleanup(server.cleanup)
        key, project, _, _ = self.start_demo(server, SMALL + ["--live-rate", "60"])
        self.assertIn("calls a minute keep arriving", server.stdout_text())
        live = []
        deadline = time.monotonic() + 90
        while len(live) < 5 and time.monotonic() < deadline:
            time.sleep(2)
            calls = self.get(server, f"/v1/projects/{project}/calls?limit=200", key)["calls"]
            live = [c for c in calls if c["external_id"].startswith("demo-live-")]
        self.assertGreaterEqual(len(live), 5, server.output())
        now = dt.datetime.now(dt.timezone.utc)
        for c in live:
            started = dt.datetime.fromisoformat(c["started_at"].replace("Z", "+00:00"))
            self.assertLess(abs((now - started).total_seconds()), 300, c)
        started = time.monotonic()
        self.assertEqual(server.stop(), 0)
        self.assertLess(time.monotonic() - started, 10, "the live traffic must not hold the shutdown up")
        out = server.stdout_text()
        self.assertIn("stopped cleanly", out)
        self.assertLess(out.index("demo live traffic stopped"), out.index("HTTP server stopped"),
                        "the live traffic stops first, then the server drains")

    def test_ctrl_c_stops_the_demo_cleanly(self):
        server = CallsignServer()
        self.addCleanup(server.cleanup)
        self.start_demo(server, SMALL + ["--live-rate", "60"])
        time.sleep(3)
        server.proc.send_signal(signal.SIGINT)
        self.assertEqual(server.proc.wait(10), 0, server.output())
        server.stop()  # reaps the output drains
        self.assertIn("signal 2 received", server.stdout_text())
        self.assertIn("stopped cleanly", server.stdout_text())

    def test_a_restart_keeps_the_data_does_not_backfill_again_and_rotates_the_key(self):
        server = CallsignServer()
        self.addCleanup(server.cleanup)
        key, project, public_key, _ = self.start_demo(server, SMALL + ["--no-live"])
        self.assertIn("backfilling 3 days: done", server.stderr_text())
        before = self.report(server, project, key, f"calls?{EVERYTHING}")["totals"]["calls"]
        self.assertGreater(before, 0)

        pools = self.get(server, f"/v1/projects/{project}/pools", key)["pools"]
        self.assertEqual([(p["name"], p["size"], p["replace"]) for p in pools], [("Website", 10, ["+12125550100"])])
        status, _, session = server.request(
            "POST", "/v1/sessions", {"public_key": public_key,
                                     "page_url": "https://acme-tyres.example/?utm_source=google&utm_medium=cpc"},
            headers={"User-Agent": BROWSER})
        self.assertEqual(status, 201, session)
        self.assertEqual(session["channel"], "paid_search")
        self.assertEqual(session["numbers"][0]["replace"], "+12125550100")
        plans = self.get(server, f"/v1/projects/{project}/routing-plans", key)["routing_plans"]
        self.assertEqual([(p["name"], p["strategy"], len(p["members"]), p["no_answer"]) for p in plans],
                         [("Sales line", "round_robin", 2, {"voicemail": True})])
        numbers = self.get(server, f"/v1/projects/{project}/numbers", key)["numbers"]
        self.assertEqual({n["routing_plan_id"] for n in numbers if n["kind"] == "static"}, {plans[0]["id"]})
        self.assertIn("/telephony/twilio/voice", server.stdout_text())

        server.stop()
        new_key, same_project, _, _ = self.start_demo(server, SMALL + ["--no-live"])
        self.assertEqual(same_project, project)
        self.assertNotEqual(new_key, key, "a new key at every start")
        self.assertIn("demo data kept from the last run", server.stdout_text())
        self.assertNotIn("backfilling", server.stderr_text())
        status, _, _ = server.request("GET", f"/v1/projects/{project}/calls", token=key)
        self.assertEqual(status, 401, "the old key no longer works")
        after = self.report(server, project, new_key, f"calls?{EVERYTHING}")["totals"]["calls"]
        self.assertEqual(after, before, "not backfilled twice")
        server.stop()


if __name__ == "__main__":
    unittest.main()
