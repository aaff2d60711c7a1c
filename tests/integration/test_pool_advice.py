"""The pool sizing advisor over real HTTP (GET /v1/projects/{id}/pools/{pool_id}/advice, docs/pool-advisor.md):
sessions and calls posted through the API are replayed at other pool sizes; the target's 400 / 422, unknown pools,
other projects' keys, too little traffic, and `callsign pool advise` on the same database."""
import datetime as dt
import json
import subprocess
import time
import unittest

from harness import ServerTestCase, binary, next_external_id, next_number, ts

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
SESSIONS = 210  # above the advisor's minimum of 200
CALLS = 35      # above its minimum of 30


class PoolAdviceTest(ServerTestCase):
    server_args = ("--sessions-per-ip-per-minute", "0")

    def make_pool(self, numbers):
        project = self.server.create_project()
        status, _, pool = self.server.request("POST", f"/v1/projects/{project['id']}/pools",
                                              {"name": "Website", "replace": ["(415) 555-0123"]},
                                              token=project["api_key"])
        self.assertEqual(status, 201, pool)
        for _ in range(numbers):
            self.server.create_number(project, next_number("628"), kind="pool", pool_id=pool["id"])
        return project, pool

    def advice(self, project, pool_id, query="", token=None):
        return self.server.request("GET", f"/v1/projects/{project['id']}/pools/{pool_id}/advice{query}",
                                   token=token or project["api_key"])

    def test_recorded_traffic_gives_a_curve_and_a_recommendation(self):
        project, pool = self.make_pool(SESSIONS)
        shown = []
        for i in range(SESSIONS):
            page = "https://shop.example/?utm_source=google&utm_medium=cpc" if i % 2 else "https://shop.example/"
            status, _, reply = self.server.request("POST", "/v1/sessions",
                                                   {"public_key": project["public_key"], "page_url": page},
                                                   headers={"User-Agent": BROWSER})
            self.assertEqual(status, 201, reply)
            self.assertEqual(len(reply["numbers"]), 1, reply)
            shown.append(reply["numbers"][0]["number"])
        started = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=1)
        for i in range(CALLS):
            body = {"external_id": next_external_id(), "tracking_number": shown[i * 5],
                    "caller": f"+1212555{1000 + i:04d}", "started_at": ts(started)}
            status, _, call = self.server.request("POST", f"/v1/projects/{project['id']}/calls", body,
                                                  token=project["api_key"])
            self.assertIn(status, (200, 201), call)
            self.assertEqual(call["attribution"]["method"], "session", call)
        time.sleep(2.5)  # every call started before the advice's "now"

        status, _, advice = self.advice(project, pool["id"], "?target=0.9")
        self.assertEqual(status, 200, advice)
        self.assertEqual(advice["pool_id"], pool["id"])
        self.assertEqual(advice["status"], "ok", advice)
        self.assertEqual(advice["target"], 0.9)
        self.assertEqual(advice["current_size"], SESSIONS)
        self.assertEqual(advice["sessions"], SESSIONS)
        self.assertEqual(advice["calls"], CALLS)
        self.assertEqual(advice["excluded_calls"], 0)
        self.assertEqual(advice["days"], 14)
        sizes = [p["pool_size"] for p in advice["curve"]]
        self.assertEqual(sizes, sorted(sizes))
        by_size = {p["pool_size"]: p for p in advice["curve"]}
        n = advice["recommended_size"]
        self.assertIsInstance(n, int)
        self.assertGreaterEqual(by_size[n]["channel_accuracy"], 0.9)
        if n > 1:
            self.assertLess(by_size[n - 1]["channel_accuracy"], 0.9)
        self.assertGreaterEqual(by_size[SESSIONS]["channel_accuracy"], 0.9)  # the recording agrees with itself
        for p in advice["curve"]:
            self.assertAlmostEqual(p["number_months"], round(p["pool_size"] * 14 / 30, 1))
            self.assertLessEqual(p["wrong"] + p["unattributed"] + p["call_accuracy"], 1.0001)

        # The same from the command line, on the same database.
        out = subprocess.run([binary(), "pool", "advise", "--data-dir", self.server.data_dir, "--project",
                              project["id"], "--pool", pool["id"], "--target", "0.9", "--json"],
                             capture_output=True, text=True, timeout=120)
        self.assertEqual(out.returncode, 0, out.stderr)
        cli = json.loads(out.stdout)
        self.assertEqual(cli["recommended_size"], n)
        self.assertEqual(cli["calls"], CALLS)
        out = subprocess.run([binary(), "pool", "advise", "--data-dir", self.server.data_dir, "--project",
                              project["id"], "--pool", pool["id"], "--target", "2"],
                             capture_output=True, text=True, timeout=60)
        self.assertEqual(out.returncode, 2, out.stdout)

    def test_too_little_traffic(self):
        project, pool = self.make_pool(2)
        status, _, advice = self.advice(project, pool["id"])
        self.assertEqual(status, 200, advice)
        self.assertEqual(advice["status"], "insufficient_traffic")
        self.assertEqual(advice["target"], 0.95)  # the default
        self.assertIsNone(advice["recommended_size"])
        self.assertEqual(advice["curve"], [])
        self.assertEqual(advice["min_sessions"], 200)
        self.assertEqual(advice["min_calls"], 30)

    def test_an_answer_is_kept_until_what_it_was_computed_from_changes(self):
        project, pool = self.make_pool(2)
        _, _, first = self.advice(project, pool["id"])
        time.sleep(0.05)
        _, _, again = self.advice(project, pool["id"])
        self.assertEqual(again, first)  # the kept answer: same window ("to" is when it was computed)
        _, _, other_target = self.advice(project, pool["id"], "?target=0.9")
        self.assertNotEqual(other_target["to"], first["to"])
        self.assertEqual(other_target["target"], 0.9)
        self.server.create_number(project, next_number("628"), kind="pool", pool_id=pool["id"])
        _, _, grown = self.advice(project, pool["id"])
        self.assertEqual(grown["current_size"], 3)  # a pool that changed size is advised afresh
        self.assertNotEqual(grown["to"], first["to"])

    def test_bad_targets_and_unknown_pools(self):
        project, pool = self.make_pool(1)
        for query in ("?target=abc", "?target=", "?target=0.9x", "?target=nan"):
            status, _, body = self.advice(project, pool["id"], query)
            self.assertEqual(status, 400, (query, body))
            self.assertEqual(body["error"]["field"], "target")
        for query in ("?target=0", "?target=1", "?target=1.5", "?target=-0.2"):
            status, _, body = self.advice(project, pool["id"], query)
            self.assertEqual(status, 422, (query, body))
            self.assertEqual(body["error"]["code"], "invalid_value")
            self.assertEqual(body["error"]["field"], "target")
        status, _, body = self.advice(project, "pool_nope")
        self.assertEqual(status, 404, body)
        other = self.server.create_project()
        status, _, body = self.advice(other, pool["id"])  # another project's pool
        self.assertEqual(status, 404, body)
        status, _, body = self.advice(project, pool["id"], token=other["api_key"])
        self.assertEqual(status, 404, body)
        status, _, body = self.server.request("GET", f"/v1/projects/{project['id']}/pools/{pool['id']}/advice")
        self.assertEqual(status, 401, body)


if __name__ == "__main__":
    unittest.main()
