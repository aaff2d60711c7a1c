"""Outbound over real HTTP (API.md "Outbound"): signed webhooks delivered to a local receiver, retries with
growing delays through 500s and timeouts, dead letters and redelivery, no event lost across kill -9, a slow
receiver that never slows ingestion or DNI, GA4 Measurement Protocol hits, and the offline-conversion exports."""
import datetime as dt
import hashlib
import hmac
import http.server
import json
import threading
import time
import unittest
import urllib.parse

from harness import CallsignServer, ServerTestCase, next_external_id, next_number, ts

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
SECRET = "whsec_test_secret_0123456789"
# Retries in tenths of a second instead of minutes, so the schedule runs within a test.
FAST = ("--outbound-poll-ms", "50", "--webhook-retry-first-ms", "300", "--webhook-retry-max-ms", "2000",
        "--outbound-timeout-ms", "700", "--sessions-per-ip-per-minute", "0")


def with_flags(args, overrides):
    """`args` with each flag of `overrides` set to its new value (replaced when present, else appended)."""
    out = list(args)
    for flag, value in overrides.items():
        if flag in out:
            out[out.index(flag) + 1] = value
        else:
            out += [flag, value]
    return tuple(out)


class Receiver:
    """A local HTTP receiver in a thread. `script` is a list of behaviours used one per request ("ok", "500",
    "hang"); after it runs out, `default` applies. Every request is recorded with its arrival time."""

    def __init__(self, default="ok", script=(), hang_seconds=3.0, delay_seconds=0.0):
        self.default = default
        self.script = list(script)
        self.hang_seconds = hang_seconds
        self.delay_seconds = delay_seconds
        self.requests = []  # dicts: at, path, headers, body, answered
        self.lock = threading.Lock()
        self.release = threading.Event()  # set: hanging requests return at once
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver.lock:
                    mode = receiver.script.pop(0) if receiver.script else receiver.default
                    entry = {"at": time.monotonic(), "path": self.path, "headers": dict(self.headers),
                             "body": body, "mode": mode}
                    receiver.requests.append(entry)
                if mode == "hang":
                    receiver.release.wait(receiver.hang_seconds)
                if receiver.delay_seconds:
                    time.sleep(receiver.delay_seconds)
                status = 500 if mode in ("500", "hang") else 204
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except OSError:
                    pass  # the client gave up (timeout)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def close(self):
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def bodies(self):
        with self.lock:
            return [json.loads(r["body"]) for r in self.requests if r["mode"] == "ok"]

    def wait_for(self, predicate, timeout=20.0, what="the receiver"):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                snapshot = list(self.requests)
            if predicate(snapshot):
                return snapshot
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}; got {len(self.requests)} requests")


def verify_signature(secret, header, body, tolerance=300):
    """What a receiver does (docs/integrations.md): recompute v1 over t.body and reject stale timestamps."""
    parts = dict(item.split("=", 1) for item in header.split(","))
    t = int(parts["t"])
    expected = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts["v1"]) and abs(time.time() - t) <= tolerance


def moment():
    return dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=5)


class OutboundCase(ServerTestCase):
    server_args = FAST

    def setUp(self):
        self.receiver = Receiver()
        self.addCleanup(self.receiver.close)

    def webhook(self, project, events=("call.started", "call.completed", "call.updated"), url=None, **fields):
        body = {"url": url or self.receiver.url + "/hook", "events": list(events), "secret": SECRET, **fields}
        status, _, created = self.server.request("POST", f"/v1/projects/{project['id']}/webhooks", body,
                                                 token=project["api_key"])
        self.assertEqual(status, 201, created)
        return created

    def finished_call(self, project, **fields):
        start = moment()
        body = {"external_id": next_external_id(), "tracking_number": "+12125550100", "caller": next_number("646"),
                "started_at": ts(start), "answered_at": ts(start + dt.timedelta(seconds=5)),
                "ended_at": ts(start + dt.timedelta(seconds=95)), **fields}
        status, _, call = self.server.request("POST", f"/v1/projects/{project['id']}/calls", body,
                                              token=project["api_key"])
        self.assertIn(status, (200, 201), call)
        return body, call

    def deliveries(self, project, **params):
        query = urllib.parse.urlencode(params)
        status, _, body = self.server.request("GET", f"/v1/projects/{project['id']}/deliveries?{query}",
                                              token=project["api_key"])
        self.assertEqual(status, 200, body)
        return body["deliveries"]


class WebhookTest(OutboundCase):
    def test_delivery_is_signed_verifiable_and_shaped_as_api_md_says(self):
        project = self.server.create_project()
        hook = self.webhook(project)
        self.assertEqual(hook["secret"], SECRET)
        _, call = self.finished_call(project)
        [request] = self.receiver.wait_for(lambda r: len(r) >= 1, what="the delivery")
        headers = {k.lower(): v for k, v in request["headers"].items()}
        self.assertEqual(request["path"], "/hook")
        self.assertEqual(headers["content-type"], "application/json")
        self.assertTrue(verify_signature(SECRET, headers["callsign-signature"], request["body"]))
        self.assertFalse(verify_signature("another secret that is long", headers["callsign-signature"], request["body"]))
        self.assertFalse(verify_signature(SECRET, headers["callsign-signature"], request["body"] + b" "))
        body = json.loads(request["body"])
        self.assertEqual(set(body), {"id", "type", "created_at", "data"})
        self.assertEqual(body["type"], "call.completed")
        self.assertTrue(body["id"].startswith("evt_"))
        self.assertEqual(body["data"], call)  # the same call object GET …/calls/{id} answers
        self.assertTrue(headers["callsign-delivery"].startswith("dlv_"))
        self.assertEqual(headers["callsign-event"], "call.completed")
        # the delivery log shows it delivered, with the receiver's status
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            [d] = self.deliveries(project)
            if d["status"] == "delivered":
                break
            time.sleep(0.05)
        self.assertEqual((d["id"], d["status"], d["attempts"], d["last_status"]),
                         (headers["callsign-delivery"], "delivered", 1, 204))
        self.assertEqual(d["webhook_id"], hook["id"])
        # the secret is shown once
        status, _, got = self.server.request("GET", f"/v1/projects/{project['id']}/webhooks/{hook['id']}",
                                             token=project["api_key"])
        self.assertEqual(status, 200)
        self.assertNotIn("secret", got)

    def test_events_follow_the_call_in_order_and_only_when_something_changed(self):
        project = self.server.create_project()
        self.webhook(project)
        start = moment()
        base = {"external_id": next_external_id(), "tracking_number": "+12125550100", "caller": next_number("646"),
                "started_at": ts(start)}
        path = f"/v1/projects/{project['id']}/calls"
        steps = [dict(base),
                 dict(base),  # a duplicate: nothing changed, no event
                 dict(base, answered_at=ts(start + dt.timedelta(seconds=3))),
                 dict(base, answered_at=ts(start + dt.timedelta(seconds=3)), ended_at=ts(start + dt.timedelta(seconds=60))),
                 dict(base, answered_at=ts(start + dt.timedelta(seconds=3)), ended_at=ts(start + dt.timedelta(seconds=60)),
                      recording_url="https://rec.example/1.mp3")]
        for body in steps:
            status, _, call = self.server.request("POST", path, body, token=project["api_key"])
            self.assertIn(status, (200, 201), call)
        self.receiver.wait_for(lambda r: len(r) >= 4, what="four events")
        time.sleep(0.5)  # nothing more may come
        types = [b["type"] for b in self.receiver.bodies()]
        self.assertEqual(types, ["call.started", "call.updated", "call.completed", "call.updated"])
        self.assertEqual(self.receiver.bodies()[-1]["data"]["recording_url"], "https://rec.example/1.mp3")

    def test_only_subscribed_events_are_sent_and_a_later_call_reclassifies_nothing_silently(self):
        project = self.server.create_project()
        self.webhook(project, events=["call.completed"])
        caller = next_number("646")
        self.finished_call(project, caller=caller)
        self.receiver.wait_for(lambda r: len(r) >= 1)
        time.sleep(0.3)
        self.assertEqual([b["type"] for b in self.receiver.bodies()], ["call.completed"])

    def test_bad_webhook_input_names_the_field(self):
        project = self.server.create_project()
        path = f"/v1/projects/{project['id']}/webhooks"
        cases = [({"events": ["call.completed"]}, "url"),
                 ({"url": "ftp://x", "events": ["call.completed"]}, "url"),
                 ({"url": "https://crm.example/hook"}, "events"),
                 ({"url": "https://crm.example/hook", "events": []}, "events"),
                 ({"url": "https://crm.example/hook", "events": ["call.exploded"]}, "events"),
                 ({"url": "https://crm.example/hook", "events": ["call.completed"], "secret": "short"}, "secret"),
                 ({"url": "https://crm.example/hook", "events": ["call.completed"], "colour": "red"}, "colour")]
        for body, field in cases:
            with self.subTest(body=body):
                status, _, err = self.server.request("POST", path, body, token=project["api_key"])
                self.assertError((status, None, err), 422, field=field)
        status, _, listed = self.server.request("GET", path, token=project["api_key"])
        self.assertEqual(listed, {"webhooks": []})  # nothing half-written
        status, _, err = self.server.request("GET", f"/v1/projects/{project['id']}/deliveries?status=lost",
                                             token=project["api_key"])
        self.assertError((status, None, err), 422, field="status")
        status, _, err = self.server.request("POST", f"/v1/projects/{project['id']}/deliveries/dlv_nope/redeliver",
                                             token=project["api_key"])
        self.assertEqual(status, 404)

    def test_webhook_is_patched_listed_and_deleted(self):
        project = self.server.create_project()
        hook = self.webhook(project)
        base = f"/v1/projects/{project['id']}/webhooks"
        status, _, patched = self.server.request("PATCH", f"{base}/{hook['id']}", {"events": ["deal.updated"]},
                                                 token=project["api_key"])
        self.assertEqual((status, patched["events"]), (200, ["deal.updated"]))
        status, _, listed = self.server.request("GET", base, token=project["api_key"])
        self.assertEqual([w["id"] for w in listed["webhooks"]], [hook["id"]])
        other = self.server.create_project()
        status, _, _ = self.server.request("GET", f"/v1/projects/{other['id']}/webhooks/{hook['id']}",
                                           token=other["api_key"])
        self.assertEqual(status, 404)
        status, _, _ = self.server.request("DELETE", f"{base}/{hook['id']}", token=project["api_key"])
        self.assertEqual(status, 204)
        status, _, _ = self.server.request("GET", f"{base}/{hook['id']}", token=project["api_key"])
        self.assertEqual(status, 404)

    def test_deal_updated_is_sent_when_a_deal_changes(self):
        project = self.server.create_project()
        self.webhook(project, events=["deal.updated"])
        _, call = self.finished_call(project)
        deal = {"external_id": "crm-1", "call_id": call["id"], "created_at": ts(moment()), "amount": 120,
                "status": "open"}
        path = f"/v1/projects/{project['id']}/deals"
        for body in (deal, deal, dict(deal, status="won")):
            status, _, _ = self.server.request("POST", path, body, token=project["api_key"])
            self.assertIn(status, (200, 201))
        self.receiver.wait_for(lambda r: len(r) >= 2)
        time.sleep(0.3)
        bodies = self.receiver.bodies()
        self.assertEqual([(b["type"], b["data"]["status"]) for b in bodies],
                         [("deal.updated", "open"), ("deal.updated", "won")])


class RetryTest(OutboundCase):
    def test_500s_and_timeouts_are_retried_with_growing_delays(self):
        self.receiver.script = ["500", "500", "hang", "500"]
        self.receiver.hang_seconds = 3.0  # longer than --outbound-timeout-ms 700
        project = self.server.create_project()
        self.webhook(project)
        self.finished_call(project)
        requests = self.receiver.wait_for(lambda r: any(x["mode"] == "ok" for x in r), timeout=40,
                                          what="the fifth attempt")
        self.assertEqual([r["mode"] for r in requests], ["500", "500", "hang", "500", "ok"])
        ids = {r["headers"]["Callsign-Delivery"] for r in requests}
        self.assertEqual(len(ids), 1, "every retry carries the same delivery id")
        gaps = [b["at"] - a["at"] for a, b in zip(requests, requests[1:])]
        # backoff 300 ms × 2^n with ±20 % jitter (the hang adds its 700 ms timeout to its gap)
        self.assertLess(gaps[0], gaps[1])
        self.assertLess(gaps[1], gaps[3])
        [d] = self.deliveries(project)
        deadline = time.monotonic() + 10
        while d["status"] != "delivered" and time.monotonic() < deadline:
            time.sleep(0.05)
            [d] = self.deliveries(project)
        self.assertEqual((d["status"], d["attempts"]), ("delivered", 5))


class DeadLetterTest(OutboundCase):
    server_args = FAST + ("--webhook-retry-window-seconds", "2")

    def test_a_delivery_is_dead_lettered_with_its_last_error_and_can_be_redelivered(self):
        self.receiver.default = "500"
        project = self.server.create_project()
        self.webhook(project)
        self.finished_call(project)
        deadline = time.monotonic() + 20
        dead = []
        while not dead and time.monotonic() < deadline:
            dead = self.deliveries(project, status="dead")
            time.sleep(0.1)
        self.assertEqual(len(dead), 1, "dead-lettered once the retry window is over")
        self.assertEqual((dead[0]["last_status"], dead[0]["last_error"]), (500, "HTTP 500"))
        self.assertGreaterEqual(dead[0]["attempts"], 2)
        attempts_before = len(self.receiver.requests)
        self.receiver.default = "ok"
        status, _, redelivered = self.server.request(
            "POST", f"/v1/projects/{project['id']}/deliveries/{dead[0]['id']}/redeliver", token=project["api_key"])
        self.assertEqual((status, redelivered["status"]), (202, "pending"))
        self.receiver.wait_for(lambda r: len(r) > attempts_before and r[-1]["mode"] == "ok")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            status, _, d = self.server.request("GET", f"/v1/projects/{project['id']}/deliveries/{dead[0]['id']}",
                                               token=project["api_key"])
            if d["status"] == "delivered":
                break
            time.sleep(0.05)
        self.assertEqual(d["status"], "delivered")


class DurabilityTest(unittest.TestCase):
    def test_kill9_mid_backlog_loses_no_event(self):
        receiver = Receiver(delay_seconds=0.2)
        self.addCleanup(receiver.close)
        server = CallsignServer()
        self.addCleanup(server.cleanup)
        server.start(FAST + ("--outbound-concurrency", "1"))
        project = server.create_project()
        status, _, _ = server.request("POST", f"/v1/projects/{project['id']}/webhooks",
                                      {"url": receiver.url + "/hook", "events": ["call.completed"], "secret": SECRET},
                                      token=project["api_key"])
        self.assertEqual(status, 201)
        ids = []
        for i in range(60):
            start = moment() + dt.timedelta(seconds=i)
            status, _, call = server.request(
                "POST", f"/v1/projects/{project['id']}/calls",
                {"external_id": f"k9-{i}", "tracking_number": "+12125550100", "caller": next_number("646"),
                 "started_at": ts(start), "ended_at": ts(start + dt.timedelta(seconds=20))}, token=project["api_key"])
            self.assertEqual(status, 201, call)
            ids.append(call["id"])
        receiver.wait_for(lambda r: len(r) >= 5, what="the first deliveries")
        server.kill9()  # mid-backlog: most events are still pending
        self.assertLess(len(receiver.requests), 60, "the backlog was not drained before the kill")
        server.start(FAST)
        receiver.wait_for(lambda r: {json.loads(x["body"])["data"]["id"] for x in r} >= set(ids), timeout=60,
                          what="every call's event after the restart")
        delivered = {json.loads(x["body"])["data"]["id"] for x in receiver.requests}
        self.assertEqual(delivered, set(ids))
        server.stop()


class SlowReceiverTest(OutboundCase):
    server_args = with_flags(FAST, {"--outbound-timeout-ms": "60000", "--outbound-concurrency": "2"})

    def test_a_hanging_receiver_never_holds_up_calls_or_sessions(self):
        self.receiver.default = "hang"
        self.receiver.hang_seconds = 60
        project = self.server.create_project()
        self.webhook(project)
        for _ in range(3):
            self.finished_call(project)
        # both senders are now stuck on the receiver
        self.receiver.wait_for(lambda r: len(r) >= 2, what="two hanging deliveries")
        status, _, pool = self.server.request("POST", f"/v1/projects/{project['id']}/pools",
                                              {"name": "Site", "replace": ["(415) 555-0123"]}, token=project["api_key"])
        self.assertEqual(status, 201)
        self.server.create_number(project, next_number("628"), kind="pool", pool_id=pool["id"])
        for _ in range(30):
            _, call = self.finished_call(project)
            status, _, reply = self.server.request(
                "POST", "/v1/sessions", {"public_key": project["public_key"], "page_url": "https://shop.example/"},
                headers={"User-Agent": BROWSER}, timeout=5)
            self.assertEqual(status, 201, reply)
        self.assertEqual(len(self.receiver.requests), 2, "still only the two stuck deliveries in flight")
        self.receiver.release.set()

    def test_a_hanging_receiver_does_not_hold_up_shutdown_and_nothing_is_lost(self):
        self.receiver.script = ["hang", "hang"]
        self.receiver.hang_seconds = 60  # the request timeout is 60 s too
        project = self.server.create_project()
        self.webhook(project, events=("call.completed",))
        calls = [self.finished_call(project)[1]["id"] for _ in range(2)]
        self.receiver.wait_for(lambda r: len(r) >= 2, what="two hanging deliveries")
        began = time.monotonic()
        self.assertEqual(self.server.stop(), 0)
        # the 2 s grace, then the hanging requests are dropped within about a second
        self.assertLess(time.monotonic() - began, 15, "SIGTERM waited for the hanging receiver")
        self.receiver.release.set()
        self.server.start(self.server_args)
        self.receiver.wait_for(lambda r: {json.loads(x["body"])["data"]["id"] for x in r if x["mode"] == "ok"}
                               >= set(calls), what="both events again after the restart")


class Ga4Test(OutboundCase):
    def test_a_target_call_of_a_visitor_sends_ga4_events_in_the_measurement_protocol_shape(self):
        project = self.server.create_project(
            ga4={"measurement_id": "G-TEST123", "api_secret": "s3cr3t/+", "endpoint": self.receiver.url + "/mp/collect"})
        status, _, pool = self.server.request("POST", f"/v1/projects/{project['id']}/pools",
                                              {"name": "Site", "replace": ["(415) 555-0123"]}, token=project["api_key"])
        self.assertEqual(status, 201)
        number = self.server.create_number(project, next_number("628"), kind="pool", pool_id=pool["id"])["number"]
        status, _, session = self.server.request(
            "POST", "/v1/sessions",
            {"public_key": project["public_key"], "ga_client_id": "1234567890.1700000000",
             "ga_session_id": "1700000456",
             "page_url": "https://shop.example/?utm_source=google&utm_medium=cpc&utm_campaign=tyres&gclid=abc"},
            headers={"User-Agent": BROWSER})
        self.assertEqual(status, 201, session)
        start = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=1)
        time.sleep(1.2)
        status, _, call = self.server.request(
            "POST", f"/v1/projects/{project['id']}/calls",
            {"external_id": next_external_id(), "tracking_number": number, "caller": next_number("646"),
             "started_at": ts(start), "answered_at": ts(start + dt.timedelta(seconds=4)),
             "ended_at": ts(start + dt.timedelta(seconds=64))}, token=project["api_key"])
        self.assertEqual(status, 201, call)
        self.assertEqual(call["attribution"]["method"], "session")
        [request] = self.receiver.wait_for(lambda r: len(r) >= 1, what="the GA4 hit")
        path, _, query = request["path"].partition("?")
        self.assertEqual(path, "/mp/collect")
        self.assertEqual(urllib.parse.parse_qs(query), {"measurement_id": ["G-TEST123"], "api_secret": ["s3cr3t/+"]})
        body = json.loads(request["body"])
        self.assertEqual(set(body), {"client_id", "timestamp_micros", "events"})
        self.assertEqual(body["client_id"], "1234567890.1700000000")
        self.assertIsInstance(body["timestamp_micros"], int)
        self.assertEqual([e["name"] for e in body["events"]], ["call", "unique_call", "unique_target_call"])
        for event in body["events"]:
            self.assertEqual(set(event), {"name", "params"})
            params = event["params"]
            self.assertEqual(params["engagement_time_msec"], 1)
            self.assertEqual(params["session_id"], "1700000456", "GA joins the event to the visitor's GA session")
            self.assertEqual((params["channel"], params["source"], params["medium"], params["campaign"]),
                             ("paid_search", "google", "cpc", "tyres"))
            self.assertEqual((params["talk_seconds"], params["wait_seconds"], params["target"]), (60, 4, 1))
            self.assertEqual(params["call_id"], call["id"])
            self.assertNotIn(call["caller"], json.dumps(params), "no phone numbers go to Google")
            for value in params.values():
                self.assertIsInstance(value, (int, str))
                if isinstance(value, str):
                    self.assertLessEqual(len(value), 100)
            for name in params:
                self.assertLessEqual(len(name), 40)


class ExportTest(OutboundCase):
    def test_exports_have_the_documented_columns_and_422_for_bad_parameters(self):
        project = self.server.create_project(timezone="America/New_York")
        base = f"/v1/projects/{project['id']}/exports"
        status, headers, text = self.server.request(
            "GET", f"{base}/google-ads-conversions.csv?from=2026-01-01&to=2026-01-31&conversion_name=Calls",
            token=project["api_key"])
        self.assertEqual(status, 200, text)
        self.assertTrue(headers["content-type"].startswith("text/csv"))
        self.assertEqual(text.splitlines(), ["Parameters:TimeZone=America/New_York",
                                             "Google Click ID,Conversion Name,Conversion Time,Conversion Value,"
                                             "Conversion Currency"])
        status, _, text = self.server.request("GET", f"{base}/yandex-metrica-calls.csv?from=2026-01-01&to=2026-01-31",
                                              token=project["api_key"])
        self.assertEqual(status, 200, text)
        self.assertEqual(text.splitlines(), ["Yclid,DateTime,StaticCall,TalkDuration,HoldDuration,CallMissed,"
                                             "FirstTimeCaller,Tag,Price,Currency"])
        for query, field in [("from=2026-01-01&to=2026-01-31", "conversion_name"),
                             ("to=2026-01-31&conversion_name=C", "from"),
                             ("from=2026-13-01&to=2026-01-31&conversion_name=C", "from"),
                             ("from=2026-02-01&to=2026-01-31&conversion_name=C", "to")]:
            with self.subTest(query=query):
                status, _, err = self.server.request("GET", f"{base}/google-ads-conversions.csv?{query}",
                                                     token=project["api_key"])
                self.assertError((status, None, err), 422, field=field)

    def test_a_target_call_with_a_gclid_and_one_with_a_yclid_are_exported(self):
        project = self.server.create_project(timezone="America/New_York")
        status, _, pool = self.server.request("POST", f"/v1/projects/{project['id']}/pools",
                                              {"name": "Site", "replace": ["(415) 555-0123"]}, token=project["api_key"])
        numbers = [self.server.create_number(project, next_number("628"), kind="pool", pool_id=pool["id"])["number"]
                   for _ in range(2)]
        for page in ("https://shop.example/?gclid=GCLID-1", "https://shop.example/?yclid=777"):
            status, _, _ = self.server.request("POST", "/v1/sessions",
                                               {"public_key": project["public_key"], "page_url": page},
                                               headers={"User-Agent": BROWSER})
            self.assertEqual(status, 201)
        start = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) + dt.timedelta(seconds=1)
        time.sleep(1.2)
        for number in numbers:
            status, _, call = self.server.request(
                "POST", f"/v1/projects/{project['id']}/calls",
                {"external_id": next_external_id(), "tracking_number": number, "caller": next_number("646"),
                 "started_at": ts(start), "answered_at": ts(start + dt.timedelta(seconds=10)),
                 "ended_at": ts(start + dt.timedelta(seconds=100))}, token=project["api_key"])
            self.assertEqual(status, 201, call)
        day = start.astimezone(dt.timezone(dt.timedelta(hours=-5))).date()
        rng = f"from={day - dt.timedelta(days=1)}&to={day + dt.timedelta(days=1)}"
        base = f"/v1/projects/{project['id']}/exports"
        _, _, text = self.server.request("GET", f"{base}/google-ads-conversions.csv?{rng}&conversion_name=Phone%20call",
                                         token=project["api_key"])
        rows = text.splitlines()[2:]
        self.assertEqual(len(rows), 1, text)
        gclid, name, when, value, currency = rows[0].split(",")
        self.assertEqual((gclid, name, value, currency), ("GCLID-1", "Phone call", "", "USD"))
        self.assertRegex(when, r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
        _, _, text = self.server.request("GET", f"{base}/yandex-metrica-calls.csv?{rng}", token=project["api_key"])
        rows = text.splitlines()[1:]
        self.assertEqual(rows, [f"777,{int(start.timestamp())},0,90,10,0,1,target,,"])


if __name__ == "__main__":
    unittest.main()
