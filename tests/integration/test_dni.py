"""Dynamic number insertion over real HTTP (API.md "Tracking numbers and pools", "Visitor sessions (DNI)"):
pools, sessions, pings, events, the allocator's promises, call attribution to sessions — also across a restart."""
import datetime as dt
import time
import unittest

from harness import CallsignServer, ServerTestCase, next_external_id, next_number, ts

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
SITE_NUMBER = "+14155550123"


def moment():
    """A call start just after now: call times are written to the second, leases start to the millisecond."""
    return dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=2)


class DniCase(ServerTestCase):
    server_args = ("--sessions-per-ip-per-minute", "0")  # these tests start many sessions from 127.0.0.1

    def make_pool(self, numbers=3, **fields):
        project = self.server.create_project()
        body = {"name": "Website", "replace": ["(415) 555-0123"], **fields}
        status, _, pool = self.server.request("POST", f"/v1/projects/{project['id']}/pools", body,
                                              token=project["api_key"])
        self.assertEqual(status, 201, pool)
        pool_numbers = [self.server.create_number(project, next_number("628"), kind="pool", pool_id=pool["id"])["number"]
                        for _ in range(numbers)]
        return project, pool, pool_numbers

    def session(self, project, page_url="https://shop.example/", expect=(200, 201), user_agent=BROWSER, **fields):
        body = {"public_key": project["public_key"], "page_url": page_url, **fields}
        status, headers, reply = self.server.request("POST", "/v1/sessions", body, headers={"User-Agent": user_agent})
        self.assertIn(status, expect, reply)
        return status, headers, reply

    def ping(self, project, session_id, content_type="application/json"):
        status, _, body = self.server.request(
            "POST", f"/v1/sessions/{session_id}/ping", raw_body=f'{{"public_key": "{project["public_key"]}"}}',
            headers={"Content-Type": content_type, "User-Agent": BROWSER})
        return status, body

    def call(self, project, tracking, caller, started_at, **fields):
        body = {"external_id": next_external_id(), "tracking_number": tracking, "caller": caller,
                "started_at": ts(started_at), **fields}
        status, _, call = self.server.request("POST", f"/v1/projects/{project['id']}/calls", body,
                                              token=project["api_key"])
        self.assertIn(status, (200, 201), call)
        return call


class PoolsTest(DniCase):

    def test_pool_is_created_listed_and_patched(self):
        project, pool, numbers = self.make_pool(numbers=2, hold_seconds=120, when_exhausted="default_number")
        self.assertTrue(pool["id"].startswith("pool_"), pool)
        self.assertEqual(pool["replace"], [SITE_NUMBER])
        self.assertEqual(pool["hold_seconds"], 120)
        status, _, got = self.server.request("GET", f"/v1/projects/{project['id']}/pools/{pool['id']}",
                                             token=project["api_key"])
        self.assertEqual(status, 200, got)
        self.assertEqual(got["size"], 2)
        status, _, listed = self.server.request("GET", f"/v1/projects/{project['id']}/pools", token=project["api_key"])
        self.assertEqual([p["id"] for p in listed["pools"]], [pool["id"]])
        status, _, patched = self.server.request("PATCH", f"/v1/projects/{project['id']}/pools/{pool['id']}",
                                                 {"hold_seconds": 300, "when_exhausted": "reuse_oldest"},
                                                 token=project["api_key"])
        self.assertEqual(status, 200, patched)
        self.assertEqual((patched["hold_seconds"], patched["when_exhausted"]), (300, "reuse_oldest"))

    def test_bad_pool_input_names_the_field(self):
        project = self.server.create_project()
        path = f"/v1/projects/{project['id']}/pools"
        for body, field in [({}, "name"), ({"name": "x", "when_exhausted": "panic"}, "when_exhausted"),
                            ({"name": "x", "hold_seconds": 0}, "hold_seconds"),
                            ({"name": "x", "hold_seconds": "900"}, "hold_seconds"),
                            ({"name": "x", "replace": ["not a phone"]}, "replace"),
                            ({"name": "x", "replace": "+14155550123"}, "replace"),
                            ({"name": "x", "colour": "red"}, "colour")]:
            with self.subTest(body=body):
                status, _, err = self.server.request("POST", path, body, token=project["api_key"])
                self.assertEqual(status, 422, err)
                self.assertEqual(err["error"]["field"], field, err)
        status, _, listed = self.server.request("GET", path, token=project["api_key"])
        self.assertEqual(listed["pools"], [], "nothing half-written")

    def test_pool_numbers_need_a_pool_of_the_project(self):
        project = self.server.create_project()
        other, other_pool, _ = self.make_pool(numbers=0)
        path = f"/v1/projects/{project['id']}/numbers"
        for body, field in [({"number": next_number(), "kind": "pool"}, "pool_id"),
                            ({"number": next_number(), "kind": "pool", "pool_id": other_pool["id"]}, "pool_id"),
                            ({"number": next_number(), "kind": "static", "pool_id": other_pool["id"]}, "pool_id"),
                            ({"number": next_number(), "kind": "pool", "pool_id": other_pool["id"], "channel": "x"},
                             "channel")]:
            with self.subTest(body=body):
                status, _, err = self.server.request("POST", path, body, token=project["api_key"])
                self.assertEqual(status, 422, err)
                self.assertEqual(err["error"]["field"], field, err)

    def test_another_projects_pool_is_not_found(self):
        project, pool, _ = self.make_pool(numbers=0)
        other = self.server.create_project()
        status, _, err = self.server.request("GET", f"/v1/projects/{other['id']}/pools/{pool['id']}",
                                             token=other["api_key"])
        self.assertEqual(status, 404, err)


class SessionsTest(DniCase):

    def test_session_gets_a_pool_number_with_its_traffic_source(self):
        project, pool, numbers = self.make_pool()
        status, headers, s = self.session(
            project, "https://shop.example/spring?utm_source=newsletter&utm_medium=email&utm_campaign=spring",
            referrer="https://mail.example/")
        self.assertEqual(status, 201, s)
        self.assertEqual(headers.get("access-control-allow-origin"), "*")
        self.assertEqual((s["channel"], s["source"], s["medium"], s["campaign"]),
                         ("email", "newsletter", "email", "spring"))
        self.assertTrue(s["session_id"].startswith("ses_") and s["visitor_id"].startswith("vis_"), s)
        self.assertEqual(len(s["numbers"]), 1, s)
        shown = s["numbers"][0]
        self.assertEqual(shown["replace"], SITE_NUMBER)
        self.assertIn(shown["number"], numbers)
        self.assertTrue(shown["display"].startswith("(628) "), shown)
        self.assertEqual(s["hold_seconds"], 900)
        self.assertTrue(0 < s["ping_seconds"] < s["hold_seconds"], s)

    def test_the_same_live_session_keeps_its_number_and_a_returning_visitor_keeps_their_id(self):
        project, _, _ = self.make_pool()
        _, _, first = self.session(project)
        status, _, again = self.session(project, session_id=first["session_id"], visitor_id=first["visitor_id"])
        self.assertEqual(status, 200, again)
        self.assertEqual(again["session_id"], first["session_id"])
        self.assertEqual(again["numbers"], first["numbers"])
        status, _, returning = self.session(project, visitor_id=first["visitor_id"])
        self.assertEqual(status, 201, returning)
        self.assertEqual(returning["visitor_id"], first["visitor_id"])
        self.assertNotEqual(returning["session_id"], first["session_id"])

    def test_two_sessions_never_hold_one_number_while_free_numbers_exist(self):
        project, _, numbers = self.make_pool(numbers=8)
        shown = [self.session(project)[2]["numbers"][0]["number"] for _ in range(8)]
        self.assertEqual(sorted(shown), sorted(numbers), "eight sessions, eight different numbers")

    def test_exhausted_pool_follows_its_policy_and_is_counted(self):
        project, pool, numbers = self.make_pool(numbers=1, when_exhausted="default_number")
        _, _, first = self.session(project)
        self.assertEqual(first["numbers"][0]["number"], numbers[0])
        _, _, second = self.session(project)
        self.assertEqual(second["numbers"], [], "default_number: the page keeps the site's number")
        status, _, stats = self.server.request("GET", f"/v1/projects/{project['id']}/pools/{pool['id']}/stats",
                                               token=project["api_key"])
        self.assertEqual(status, 200, stats)
        self.assertEqual((stats["size"], stats["in_use"], stats["peak_in_use"], stats["exhausted_total"]), (1, 1, 1, 1))
        self.assertEqual(stats["sessions_total"], 1)
        self.assertTrue(stats["saturated"])

        other, _, other_numbers = self.make_pool(numbers=1, when_exhausted="reuse_oldest")
        _, _, a = self.session(other)
        _, _, b = self.session(other)
        self.assertEqual(b["numbers"][0]["number"], other_numbers[0], "reuse_oldest hands the number over")

    def test_a_session_whose_number_was_handed_over_is_told_to_start_again(self):
        project, pool, numbers = self.make_pool(numbers=1, when_exhausted="reuse_oldest")
        _, _, a = self.session(project)
        _, _, b = self.session(project)
        self.assertEqual(b["numbers"][0]["number"], numbers[0])
        self.assertEqual(self.ping(project, a["session_id"])[0], 404, "its page must stop showing b's number")
        self.assertEqual(self.ping(project, b["session_id"])[0], 204)
        status, _, stats = self.server.request("GET", f"/v1/projects/{project['id']}/pools/{pool['id']}/stats",
                                               token=project["api_key"])
        self.assertEqual(stats["exhausted_total"], 1, "a handover counts: the pool had no free number")

    def test_a_pool_that_replaces_nothing_leases_nothing(self):
        project, pool, _ = self.make_pool(numbers=1, replace=[])
        _, _, s = self.session(project)
        self.assertEqual(s["numbers"], [], "no site number to stand in for: the number stays free")
        status, _, patched = self.server.request("PATCH", f"/v1/projects/{project['id']}",
                                                 {"default_number": "+14155550100"}, token=project["api_key"])
        self.assertEqual(status, 200, patched)
        _, _, s = self.session(project)
        self.assertEqual([n["replace"] for n in s["numbers"]], ["+14155550100"], "the project's own number is replaced")

    def test_ping_extends_and_unknown_sessions_are_not_found(self):
        project, _, _ = self.make_pool()
        _, _, s = self.session(project)
        self.assertEqual(self.ping(project, s["session_id"]), (204, ""))
        self.assertEqual(self.ping(project, s["session_id"], content_type="text/plain")[0], 204, "sendBeacon body")
        self.assertEqual(self.ping(project, "ses_00000000000000000000")[0], 404)
        other = self.server.create_project()
        self.assertEqual(self.ping(other, s["session_id"])[0], 404, "another project's key does not see it")

    def test_events_are_accepted_and_checked(self):
        project, _, _ = self.make_pool()
        _, _, s = self.session(project)
        path = f"/v1/sessions/{s['session_id']}/events"
        status, _, body = self.server.request("POST", path, raw_body=
                                              f'{{"public_key":"{project["public_key"]}","type":"tel_click"}}',
                                              headers={"Content-Type": "text/plain"})
        self.assertEqual(status, 204, body)
        for bad, field in [({"type": "purchase"}, "type"), ({"type": "page_view", "at": "yesterday"}, "at"),
                           ({"type": "page_view", "at": "2020-01-01T00:00:00Z"}, "at")]:
            with self.subTest(bad=bad):
                status, _, err = self.server.request("POST", path, {"public_key": project["public_key"], **bad})
                self.assertEqual(status, 422, err)
                self.assertEqual(err["error"]["field"], field)

    def test_bad_session_requests(self):
        project, _, _ = self.make_pool()
        for body, status_expected, field in [
                ({"page_url": "https://x.example/"}, 422, "public_key"),
                ({"public_key": "pk_nope", "page_url": "https://x.example/"}, 401, "public_key"),
                ({"public_key": project["public_key"]}, 422, "page_url"),
                ({"public_key": project["public_key"], "page_url": 5}, 422, "page_url"),
                ({"public_key": project["public_key"], "page_url": "https://x.example/" + "a" * 5000}, 422, "page_url"),
                ({"public_key": project["public_key"], "page_url": "https://x.example/", "extra": 1}, 422, "extra")]:
            with self.subTest(body=str(body)[:80]):
                status, _, err = self.server.request("POST", "/v1/sessions", body, headers={"User-Agent": BROWSER})
                self.assertEqual(status, status_expected, err)
                self.assertEqual(err["error"].get("field"), field, err)
        status, _, err = self.server.request("POST", "/v1/sessions", raw_body="{not json",
                                             headers={"User-Agent": BROWSER})
        self.assertEqual(status, 400, err)

    def test_a_mangled_session_or_visitor_id_starts_afresh(self):
        project, _, _ = self.make_pool()
        status, _, s = self.session(project, session_id="ses_../../etc", visitor_id="<script>")
        self.assertEqual(status, 201, s)
        self.assertTrue(s["visitor_id"].startswith("vis_") and s["visitor_id"] != "<script>")

    def test_bots_get_no_number(self):
        project, pool, _ = self.make_pool()
        for ua in ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
                   "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0 Safari/537.36",
                   "curl/8.1.2"):
            with self.subTest(ua=ua):
                status, _, s = self.session(project, user_agent=ua)
                self.assertEqual(status, 200, s)
                self.assertEqual(s["numbers"], [])
                self.assertIsNone(s["session_id"])
        status, _, stats = self.server.request("GET", f"/v1/projects/{project['id']}/pools/{pool['id']}/stats",
                                               token=project["api_key"])
        self.assertEqual(stats["in_use"], 0, "a bot took no number")

    def test_preflight_is_answered(self):
        status, headers, _ = self.server.request(
            "OPTIONS", "/v1/sessions", headers={"Origin": "https://shop.example",
                                                "Access-Control-Request-Method": "POST",
                                                "Access-Control-Request-Headers": "content-type"})
        self.assertIn(status, (200, 204))
        self.assertEqual(headers.get("access-control-allow-origin"), "*")
        self.assertIn("content-type", headers.get("access-control-allow-headers", "").lower())

    def test_snippet_is_served(self):
        status, headers, body = self.server.request("GET", "/callsign.js")
        self.assertEqual(status, 200)
        self.assertTrue(headers["content-type"].startswith("text/javascript"), headers)
        self.assertIn("Callsign", body)
        self.assertLess(len(body), 20000)


class RateLimitTest(DniCase):
    server_args = ("--sessions-per-ip-per-minute", "5")

    def test_new_sessions_per_ip_are_limited(self):
        project, _, _ = self.make_pool()
        statuses = [self.server.request("POST", "/v1/sessions",
                                        {"public_key": project["public_key"], "page_url": "https://shop.example/"},
                                        headers={"User-Agent": BROWSER})[0] for _ in range(8)]
        self.assertEqual(statuses[:5], [201] * 5)
        self.assertEqual(statuses[5:], [429] * 3)


class BehindAProxyTest(DniCase):
    server_args = ("--sessions-per-ip-per-minute", "2", "--trusted-proxies", "127.0.0.1")

    def start(self, project, forwarded_for):
        return self.server.request("POST", "/v1/sessions",
                                   {"public_key": project["public_key"], "page_url": "https://shop.example/"},
                                   headers={"User-Agent": BROWSER, "X-Forwarded-For": forwarded_for})[0]

    def test_the_limit_counts_each_visitor_named_by_a_trusted_proxy(self):
        project, _, _ = self.make_pool()
        self.assertEqual([self.start(project, "203.0.113.7") for _ in range(3)], [201, 201, 429])
        self.assertEqual(self.start(project, "203.0.113.8"), 201, "another visitor behind the same proxy")
        self.assertEqual(self.start(project, "6.6.6.6, 203.0.113.7"), 429, "a forged first hop changes nothing")


class AttributionTest(DniCase):

    def test_a_call_is_attributed_to_the_session_holding_the_number(self):
        project, _, _ = self.make_pool(numbers=2)
        _, _, paid = self.session(project, "https://shop.example/tyres?gclid=Cj0KCQ&utm_campaign=winter&utm_term=snow+tyres")
        _, _, mail = self.session(project, "https://shop.example/?utm_source=news&utm_medium=email")
        now = moment()
        call = self.call(project, paid["numbers"][0]["number"], "+12125550111", now)
        a = call["attribution"]
        self.assertEqual((a["method"], a["session_id"], a["visitor_id"]),
                         ("session", paid["session_id"], paid["visitor_id"]))
        self.assertEqual((a["channel"], a["source"], a["campaign"], a["term"], a["gclid"]),
                         ("paid_search", "google", "winter", "snow tyres", "Cj0KCQ"))
        self.assertEqual(a["landing_page"], "https://shop.example/tyres")
        self.assertGreaterEqual(a["confidence"], 0.8)
        call = self.call(project, mail["numbers"][0]["number"], "+12125550112", now)
        self.assertEqual(call["attribution"]["session_id"], mail["session_id"])
        self.assertEqual(call["attribution"]["channel"], "email")

    def test_a_tel_click_just_before_the_call_raises_the_confidence(self):
        project, _, _ = self.make_pool(numbers=1)
        _, _, s = self.session(project)
        now = moment()
        before = self.call(project, s["numbers"][0]["number"], "+12125550113", now)["attribution"]["confidence"]
        status, _, _ = self.server.request("POST", f"/v1/sessions/{s['session_id']}/events",
                                           {"public_key": project["public_key"], "type": "tel_click"})
        self.assertEqual(status, 204)
        after = self.call(project, s["numbers"][0]["number"], "+12125550114", moment())["attribution"]["confidence"]
        self.assertGreater(after, before)
        self.assertGreaterEqual(after, 0.95)

    def test_a_call_when_nobody_held_the_number_is_unattributed_then_caller_memory(self):
        project, _, numbers = self.make_pool(numbers=1)
        earlier = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=3)
        call = self.call(project, numbers[0], "+12125550115", earlier)
        self.assertEqual(call["attribution"]["method"], "none", "no lease three days ago: never guessed")

        _, _, s = self.session(project)
        first = self.call(project, numbers[0], "+12125550116", moment())
        self.assertEqual(first["attribution"]["method"], "session")
        later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=2)  # the lease is long over by then
        again = self.call(project, numbers[0], "+12125550116", later)
        a = again["attribution"]
        self.assertEqual((a["method"], a["session_id"], a["visitor_id"]),
                         ("caller_memory", s["session_id"], s["visitor_id"]))
        self.assertLess(a["confidence"], first["attribution"]["confidence"])

    def test_a_static_number_keeps_its_channel(self):
        project, _, _ = self.make_pool(numbers=1)
        static = self.server.create_number(project, next_number(), channel="billboard")
        call = self.call(project, static["number"], "+12125550117", dt.datetime.now(dt.timezone.utc))
        self.assertEqual((call["attribution"]["method"], call["attribution"]["channel"]), ("static", "billboard"))


class RestartTest(unittest.TestCase):
    """Leases are on disk before the reply: after a restart the same sessions hold the same numbers, and calls
    are attributed to them."""

    def test_leases_and_attribution_survive_a_restart(self):
        server = CallsignServer()
        self.addCleanup(server.cleanup)
        server.start(("--sessions-per-ip-per-minute", "0"))
        helper = DniCase()
        helper.server = server
        project, _, numbers = helper.make_pool(numbers=3)
        sessions = [helper.session(project)[2] for _ in range(2)]
        held = {s["session_id"]: s["numbers"][0]["number"] for s in sessions}
        self.assertEqual(len(set(held.values())), 2)

        server.kill9()  # no graceful shutdown: only what was acknowledged counts
        server.start(("--sessions-per-ip-per-minute", "0"))
        for s in sessions:
            status, _, again = helper.session(project, session_id=s["session_id"])
            self.assertEqual(status, 200, again)
            self.assertEqual(again["numbers"][0]["number"], held[s["session_id"]], "same session, same number")
        _, _, newcomer = helper.session(project)
        self.assertNotIn(newcomer["numbers"][0]["number"], held.values(), "a restart frees no held number")
        now = moment()
        for s in sessions:
            call = helper.call(project, held[s["session_id"]], next_number("212"), now)
            self.assertEqual(call["attribution"]["session_id"], s["session_id"])
        server.stop()


if __name__ == "__main__":
    unittest.main()
