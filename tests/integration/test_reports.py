"""Reports, costs and deals (API.md "Reports", "Costs and deals"; docs/reports.md): the ROMI worked example over
HTTP (costs as CSV, deals linked by caller), CSV output, totals = sum of rows, costs upserted with per-line errors,
deals linked by call id or caller, the heat map and paths, and 422s naming the parameter."""
from __future__ import annotations

import csv
import datetime as dt
import io
import time
import urllib.parse

from harness import ServerTestCase, next_external_id, next_number, ts

APRIL = dt.datetime(2026, 4, 1, 10, 0, 0, tzinfo=dt.timezone.utc)


class ReportsTest(ServerTestCase):
    def report(self, project, kind="calls", token=None, **params):
        query = urllib.parse.urlencode(params)
        return self.server.request("GET", f"/v1/projects/{project['id']}/reports/{kind}?{query}",
                                   token=token or project["api_key"])

    def post_costs(self, project, text, content_type):
        return self.server.request("POST", f"/v1/projects/{project['id']}/costs", raw_body=text,
                                   token=project["api_key"], headers={"Content-Type": content_type})

    def post_deal(self, project, **body):
        return self.server.request("POST", f"/v1/projects/{project['id']}/deals", body, token=project["api_key"])

    def facebook_project(self, calls=300, margin=10):
        """A project with a static number for a Facebook campaign and `calls` answered 60-second calls, an hour
        apart from 2026-04-01 10:00 UTC; returns the project and the callers in order."""
        project = self.server.create_project(margin_percent=margin)
        number = self.server.create_number(project, channel="paid_social", source="facebook", medium="cpc",
                                           campaign="sofas")
        conn = self.server.connection()
        callers = []
        try:
            for i in range(calls):
                start = APRIL + dt.timedelta(hours=i)
                caller = next_number("917")
                status, _, call = self.server.request(
                    "POST", f"/v1/projects/{project['id']}/calls",
                    {"external_id": next_external_id("fb"), "tracking_number": number["number"], "caller": caller,
                     "started_at": ts(start), "answered_at": ts(start + dt.timedelta(seconds=5)),
                     "ended_at": ts(start + dt.timedelta(seconds=65))},
                    token=project["api_key"], conn=conn)
                self.assertEqual(status, 201, call)
                callers.append((call["caller"], start))
        finally:
            conn.close()
        return project, callers

    def test_the_channel_that_does_not_pay_off(self):
        # 3,000 spent, 300 calls, 15 sales totalling 18,000 at a 10 % margin.
        project, callers = self.facebook_project()
        costs = "date,source,medium,campaign,term,amount\n" + "".join(
            f"2026-04-{day:02d},facebook,cpc,sofas,,100\n" for day in range(1, 31))
        self.assertEqual(self.server.request("POST", f"/v1/projects/{project['id']}/costs", raw_body=costs,
                                             token=project["api_key"], headers={"Content-Type": "text/csv"})[2],
                         {"imported": 30, "updated": 0, "errors": []})
        for i, (caller, start) in enumerate(callers[:15]):
            status, _, deal = self.post_deal(project, external_id=f"crm-{i}", caller=caller,
                                             created_at=ts(start + dt.timedelta(days=1)), amount=1200, status="won")
            self.assertEqual(status, 201, deal)
            self.assertIsNotNone(deal["call_id"], "linked to the caller's call")
        self.assertStatus(self.post_deal(project, external_id="crm-refund", caller=callers[20][0],
                                         created_at=ts(callers[20][1] + dt.timedelta(hours=1)), amount=9000,
                                         status="refunded"), 201)
        body = self.assertStatus(self.report(project, **{"from": "2026-04-01", "to": "2026-04-30", "group_by": "channel"}), 200)
        [row] = body["rows"]
        self.assertEqual(row["channel"], "paid_social")
        expected = {"calls": 300, "target": 300, "cost": 3000, "cost_per_call": 10, "deals": 15, "cost_per_deal": 200,
                    "revenue": 18000, "profit": 1800, "romi": -40}
        self.assertEqual({k: row[k] for k in expected}, expected, row)
        self.assertEqual(body["totals"]["romi"], -40)

    def test_the_call_rollup_gives_the_same_reports_and_follows_new_calls(self):
        # The rollup job runs at start: before the restart these reports read the calls raw, after it (once the
        # job's first run is done) from the daily rollup of calls, and the figures must not change.
        project, callers = self.facebook_project(calls=60)
        for i, (caller, start) in enumerate(callers[:5]):
            self.assertStatus(self.post_deal(project, external_id=f"crm-{i}", caller=caller,
                                             created_at=ts(start + dt.timedelta(hours=1)), amount=1234.56,
                                             status="won"), 201)
        queries = [{"from": "2026-04-01", "to": "2026-04-30", "group_by": "channel"},
                   {"from": "2026-01-01", "to": "2026-04-30", "group_by": "campaign,date"},
                   {"from": "2026-04-01", "to": "2026-04-30", "group_by": "weekday", "source": "facebook"}]
        before = [self.assertStatus(self.report(project, **q), 200) for q in queries]
        self.server.restart()
        for _ in range(600):
            _, _, metrics = self.server.request("GET", "/metrics")
            if any(line.startswith("callsign_call_rollup_runs_total ") and not line.endswith(" 0")
                   for line in metrics.splitlines()):
                break
            time.sleep(0.05)
        else:
            self.fail("the call rollup job did not finish its first run")
        self.assertRegex(metrics, r"callsign_call_rollup_days_total [1-9]")
        self.assertEqual([self.assertStatus(self.report(project, **q), 200) for q in queries], before)
        # A call recorded now is in the next report: its day is dirty and read raw until the job comes again.
        number = self.server.all_calls(project, limit=1)[0]["tracking_number"]
        self.server.record_call(project, tracking_number=number, started_at=ts(APRIL + dt.timedelta(minutes=150)))
        after = self.assertStatus(self.report(project, **queries[0]), 200)
        self.assertEqual(after["totals"]["calls"], before[0]["totals"]["calls"] + 1)

    def test_csv_output_and_totals_are_the_sum_of_the_rows(self):
        project, _ = self.facebook_project(calls=30)
        billboard = self.server.create_number(project, channel="billboard")
        for i in range(4):
            self.server.record_call(project, tracking_number=billboard["number"],
                                    started_at=ts(APRIL + dt.timedelta(days=i, minutes=7)))
        params = {"from": "2026-04-01", "to": "2026-04-05", "group_by": "channel,date"}
        body = self.assertStatus(self.report(project, **params), 200)
        self.assertGreater(len(body["rows"]), 2)
        for field in ("calls", "answered", "missed", "target"):
            self.assertEqual(sum(r[field] for r in body["rows"]), body["totals"][field], field)
        status, headers, text = self.report(project, **params, format="csv")
        self.assertEqual(status, 200, text)
        self.assertTrue(headers["content-type"].startswith("text/csv"), headers)
        lines = list(csv.reader(io.StringIO(text)))
        self.assertEqual(lines[0][:4], ["channel", "date", "calls", "answered"])
        self.assertEqual(len(lines), len(body["rows"]) + 2)
        self.assertEqual(lines[-1][0], "totals")
        calls_column = lines[0].index("calls")
        self.assertEqual(sum(int(line[calls_column]) for line in lines[1:-1]), body["totals"]["calls"])
        self.assertEqual(int(lines[-1][calls_column]), body["totals"]["calls"])

    def test_missed_calls_and_calls_answered_by_an_operator_on_a_number(self):
        project = self.server.create_project(timezone="America/New_York")
        number = self.server.create_number(project, channel="radio")
        start = dt.datetime(2026, 4, 6, 14, 0, tzinfo=dt.timezone.utc)
        self.server.record_call(project, tracking_number=number["number"], started_at=ts(start),
                                answered_at=ts(start + dt.timedelta(seconds=4)),
                                ended_at=ts(start + dt.timedelta(seconds=90)), operator="Dana")
        self.server.record_call(project, tracking_number=number["number"], started_at=ts(start + dt.timedelta(hours=1)),
                                ended_at=ts(start + dt.timedelta(hours=1, seconds=30)), status="no_answer")
        missed = self.assertStatus(self.report(project, **{"from": "2026-04-06", "to": "2026-04-06",
                                                           "group_by": "channel", "status": "missed"}), 200)
        self.assertEqual([(r["channel"], r["calls"], r["missed"]) for r in missed["rows"]], [("radio", 1, 1)])
        by_operator = self.assertStatus(self.report(project, **{"from": "2026-04-06", "to": "2026-04-06",
                                                                "group_by": "tracking_number,operator",
                                                                "status": "answered"}), 200)
        self.assertEqual([(r["tracking_number"], r["operator"], r["calls"]) for r in by_operator["rows"]],
                         [(number["number"], "Dana", 1)])
        heatmap = self.assertStatus(self.report(project, "heatmap", **{"from": "2026-04-06", "to": "2026-04-06"}), 200)
        self.assertEqual(len(heatmap["matrix"]), 7)
        self.assertTrue(all(len(day) == 24 for day in heatmap["matrix"]))
        self.assertEqual(heatmap["matrix"][0][10], 1)  # Monday 10:00 in New York
        self.assertEqual(heatmap["total"], 2)
        missed_map = self.assertStatus(self.report(project, "heatmap", **{"from": "2026-04-06", "to": "2026-04-06",
                                                                          "metric": "missed"}), 200)
        self.assertEqual(missed_map["matrix"][0][11], 1)
        paths = self.assertStatus(self.report(project, "paths", **{"from": "2026-04-06", "to": "2026-04-06"}), 200)
        self.assertEqual((paths["paths"], paths["calls_without_path"]), ([], 2))

    def test_bad_parameters_are_422_naming_the_parameter(self):
        project = self.server.create_project()
        good = {"from": "2026-04-01", "to": "2026-04-30"}
        cases = [
            ({**good, "group_by": "channel,city"}, "group_by"),
            ({**good, "model": "u_shaped"}, "model"),
            ({"from": "2026-05-01", "to": "2026-04-30"}, "from"),
            ({"from": "2025-01-01", "to": "2026-04-30"}, "to"),
            ({"from": "2026-02-30", "to": "2026-04-30"}, "from"),
            ({"from": "2026-04-01", "to": "tomorrow"}, "to"),
            ({"to": "2026-04-30"}, "from"),
            ({**good, "status": "lost"}, "status"),
            ({**good, "half_life_days": "-1"}, "half_life_days"),
            ({**good, "format": "xlsx"}, "format"),
            ({**good, "groupby": "channel"}, "groupby"),
        ]
        for params, field in cases:
            self.assertError(self.report(project, **params), 422, field=field, msg=str(params))
        self.assertError(self.report(project, "heatmap", **good, metric="talk"), 422, field="metric")
        self.assertError(self.report(project, "paths", **good, limit="1000"), 422, field="limit")
        other = self.server.create_project()
        self.assertError(self.report(project, token=other["api_key"], **good), 404)
        self.assertError(self.server.request("GET", f"/v1/projects/{project['id']}/reports/calls?from=2026-04-01&to=2026-04-02"), 401)

    def test_costs_upsert_from_json_and_csv_with_per_line_errors(self):
        project = self.server.create_project()
        first = self.assertStatus(self.post_costs(project, '[{"date": "2026-04-01", "source": "google", "medium": "cpc", '
                                                           '"campaign": "brand", "amount": 50}, '
                                                           '{"date": "2026-04-31", "amount": 5}, '
                                                           '{"date": "2026-04-02", "amount": -1}]',
                                                  "application/json"), 200)
        self.assertEqual((first["imported"], first["updated"]), (1, 0))
        self.assertEqual([(e["line"], e["field"]) for e in first["errors"]], [(2, "date"), (3, "amount")])
        second = self.assertStatus(self.post_costs(project, "2026-04-01,google,cpc,brand,,75.25\r\nnot,a,cost\r\n",
                                                   "text/csv"), 200)
        self.assertEqual((second["imported"], second["updated"]), (0, 1))
        self.assertEqual([(e["line"], e["field"]) for e in second["errors"]], [(2, "body")])
        body = self.assertStatus(self.report(project, **{"from": "2026-04-01", "to": "2026-04-01", "group_by": "source"}), 200)
        self.assertEqual([(r["source"], r["cost"], r["calls"]) for r in body["rows"]], [("google", 75.25, 0)])
        self.assertError(self.post_costs(project, '{"date": "2026-04-01"}', "application/json"), 422, field="body")
        self.assertError(self.post_costs(project, '[', "application/json"), 400)

    def test_deals_link_by_call_id_or_the_callers_latest_earlier_call(self):
        project = self.server.create_project()
        number = self.server.create_number(project, channel="billboard")
        caller = next_number("646")
        early = self.server.record_call(project, tracking_number=number["number"], caller=caller, started_at=ts(APRIL))
        late = self.server.record_call(project, tracking_number=number["number"], caller=caller,
                                       started_at=ts(APRIL + dt.timedelta(days=3)))
        deal = self.assertStatus(self.post_deal(project, external_id="d-1", caller=caller, amount=500, status="open",
                                                created_at=ts(APRIL + dt.timedelta(days=1))), 201)
        self.assertEqual(deal["call_id"], early["id"], "the latest call before the deal, not the later one")
        again = self.assertStatus(self.post_deal(project, external_id="d-1", caller=caller, amount=650, status="won",
                                                 created_at=ts(APRIL + dt.timedelta(days=4))), 200)
        self.assertEqual((again["id"], again["call_id"], again["status"]), (deal["id"], late["id"], "won"))
        by_id = self.assertStatus(self.post_deal(project, external_id="d-2", call_id=early["id"], amount=100,
                                                 profit=40, status="won", created_at=ts(APRIL)), 201)
        self.assertEqual(by_id["call_id"], early["id"])
        orphan = self.assertStatus(self.post_deal(project, external_id="d-3", caller=caller, amount=1, status="won",
                                                  created_at=ts(APRIL - dt.timedelta(days=1))), 201)
        self.assertIsNone(orphan["call_id"])
        body = self.assertStatus(self.report(project, **{"from": "2026-04-01", "to": "2026-04-30"}), 200)
        self.assertEqual((body["totals"]["deals"], body["totals"]["revenue"], body["totals"]["profit"]), (2, 750, 690))
        self.assertError(self.post_deal(project, external_id="d-4", call_id="call_nope", amount=1, status="won",
                                        created_at=ts(APRIL)), 422, field="call_id")
        self.assertError(self.post_deal(project, external_id="d-5", amount=1, status="won", created_at=ts(APRIL)),
                         422, field="call_id")
        self.assertError(self.post_deal(project, external_id="d-6", caller=caller, amount=1, status="paid",
                                        created_at=ts(APRIL)), 422, field="status")
        self.assertError(self.post_deal(project, external_id="d-7", caller=caller, amount=-5, status="won",
                                        created_at=ts(APRIL)), 422, field="amount")


if __name__ == "__main__":
    import unittest
    unittest.main()
