"""Bad input gets a clear 4xx JSON error naming the field, and writes nothing (DESIGN.md §4)."""
import datetime as dt
import json
import unittest

from harness import BASE_TIME, ServerTestCase, call_body, next_external_id, next_number, ts

S = dt.timedelta(seconds=1)


class BadInputTest(ServerTestCase):

    def setUp(self):
        self.project = self.server.create_project()
        self.number = self.server.create_number(self.project, channel="billboard")
        self.existing = self.server.record_call(self.project, external_id=next_external_id("existing"),
                                                tracking_number=self.number["number"],
                                                answered_at=ts(BASE_TIME + 5 * S), ended_at=ts(BASE_TIME + 60 * S))
        self.server.record_call(self.project, started_at=ts(BASE_TIME + 3600 * S))
        self.before = self.snapshot()

    def snapshot(self):
        key = self.project["api_key"]
        pid = self.project["id"]
        _, _, project = self.server.request("GET", f"/v1/projects/{pid}", token=key)
        _, _, numbers = self.server.request("GET", f"/v1/projects/{pid}/numbers", token=key)
        _, _, projects = self.server.request("GET", "/v1/projects", token=self.server.admin_token)
        return {"project": project, "numbers": numbers, "calls": self.server.all_calls(self.project),
                "project_count": len(projects["projects"])}

    def assertNothingWritten(self, msg=None):
        self.assertEqual(self.snapshot(), self.before, msg)

    def calls_path(self):
        return f"/v1/projects/{self.project['id']}/calls"

    def post_call(self, body=None, raw=None):
        return self.server.request("POST", self.calls_path(), body, token=self.project["api_key"], raw_body=raw)

    def valid_call(self, **fields):
        fields.setdefault("tracking_number", self.number["number"])
        return call_body(**fields)

    # -- malformed JSON ------------------------------------------------------------------------------------

    def test_malformed_json_is_400(self):
        pid = self.project["id"]
        targets = [("POST", self.calls_path()), ("POST", f"/v1/projects/{pid}/numbers"),
                   ("PATCH", f"/v1/projects/{pid}"), ("POST", "/v1/projects")]
        bodies = ['{"external_id": ', "{'external_id': 'x'}", "not json", "{", '{"a":1}}', '{"a":1,}', "",
                  '{"name": "x\\q"}', b'{"name": "\xff\xfe"}']
        for method, path in targets:
            token = self.server.admin_token if path == "/v1/projects" else self.project["api_key"]
            for raw in bodies:
                with self.subTest(method=method, path=path, body=raw):
                    r = self.server.request(method, path, token=token, raw_body=raw)
                    if raw == "":
                        self.assertIn(r[0], (400, 422), r)
                    else:
                        self.assertError(r, 400, "malformed_json")
        self.assertNothingWritten()

    def test_json_that_is_not_an_object_is_422(self):
        for raw in ["[]", "[1,2]", '"call"', "42", "null", "true"]:
            with self.subTest(body=raw):
                self.assertError(self.post_call(raw=raw), 422, "invalid_value")
        self.assertNothingWritten()

    # -- wrong types ---------------------------------------------------------------------------------------

    def test_wrong_types_name_the_field(self):
        cases = [("external_id", 42), ("external_id", ["x"]), ("external_id", {"a": 1}), ("external_id", True),
                 ("tracking_number", 12125550100), ("caller", ["+12125550199"]), ("caller", 12125550199),
                 ("started_at", 1767200000), ("started_at", {"t": 1}), ("answered_at", 5), ("ended_at", False),
                 ("status", 1), ("status", ["answered"]), ("operator", 7), ("recording_url", {"u": 1})]
        for field, value in cases:
            with self.subTest(field=field, value=value):
                self.assertError(self.post_call(self.valid_call(**{field: value})), 422, "invalid_value", field)
        self.assertNothingWritten()

    def test_wrong_types_in_settings(self):
        pid = self.project["id"]
        cases = [("target_call_seconds", "30"), ("target_call_seconds", True), ("sales_cycle_days", [30]),
                 ("record_calls", "yes"), ("record_calls", 1), ("holidays", "2026-12-25"), ("holidays", [20261225]),
                 ("blocked_callers", "+12125550666"), ("working_hours", 9), ("ga4", "G-123"), ("timezone", 5),
                 ("margin_percent", "50"), ("name", 5)]
        for field, value in cases:
            with self.subTest(field=field, value=value):
                r = self.server.request("PATCH", f"/v1/projects/{pid}", {field: value}, token=self.project["api_key"])
                self.assertError(r, 422, "invalid_value", lambda f, k=field: isinstance(f, str) and f.startswith(k))
        self.assertNothingWritten()

    def test_missing_required_fields(self):
        for field in ["external_id", "tracking_number", "caller", "started_at"]:
            with self.subTest(field=field):
                body = self.valid_call()
                del body[field]
                self.assertError(self.post_call(body), 422, "missing_field", field)
                body[field] = None
                self.assertError(self.post_call(body), 422, ("missing_field", "invalid_value"), field)
        self.assertNothingWritten()

    def test_bad_external_id(self):
        for value in ["", "x" * 201]:
            with self.subTest(length=len(value)):
                self.assertError(self.post_call(self.valid_call(external_id=value)), 422, "invalid_value",
                                 "external_id")
        self.assertNothingWritten()

    # -- size ------------------------------------------------------------------------------------------------

    def test_huge_body_is_413(self):
        body = json.dumps(self.valid_call(operator="x" * (2 * 1024 * 1024))).encode()
        head = (f"POST {self.calls_path()} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                f"Authorization: Bearer {self.project['api_key']}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode()
        status, _, reply = self.server.raw_exchange(head, body=body)
        self.assertEqual(status, 413, reply)
        self.assertEqual(reply["error"]["code"], "payload_too_large")
        # the server is still fine
        status, _, _ = self.server.request("GET", "/healthz")
        self.assertEqual(status, 200)
        self.assertNothingWritten()

    def test_body_just_over_the_limit_is_413_and_under_is_parsed(self):
        limit = 1024 * 1024
        over = b'{"external_id": "' + b"x" * (limit - 20) + b'"}'
        over += b" " * (limit + 1 - len(over))
        self.assertEqual(len(over), limit + 1)
        head = (f"POST {self.calls_path()} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                f"Authorization: Bearer {self.project['api_key']}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(over)}\r\n\r\n").encode()
        status, _, reply = self.server.raw_exchange(head, body=over)
        self.assertEqual(status, 413, reply)
        # a body of exactly the limit is read and judged on its content (external_id too long → 422)
        under = over[:-1]
        r = self.server.request("POST", self.calls_path(), token=self.project["api_key"], raw_body=under)
        self.assertError(r, 422, ("invalid_value", "missing_field"))
        self.assertNothingWritten()

    def test_huge_settings_body_is_413(self):
        pid = self.project["id"]
        body = json.dumps({"holidays": ["2026-12-25"] * 120000}).encode()
        self.assertGreater(len(body), 1024 * 1024)
        head = (f"PATCH /v1/projects/{pid} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                f"Authorization: Bearer {self.project['api_key']}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode()
        status, _, reply = self.server.raw_exchange(head, body=body)
        self.assertEqual(status, 413, reply)
        self.assertNothingWritten()

    # -- unknown fields --------------------------------------------------------------------------------------

    def test_unknown_fields_are_422(self):
        for field in ["duration", "External_id", "id", "flags", "attribution"]:
            with self.subTest(field=field):
                r = self.post_call(self.valid_call(**{field: 1}))
                self.assertError(r, 422, "unknown_field", field)
        r = self.server.request("POST", f"/v1/projects/{self.project['id']}/numbers",
                                {"number": next_number(), "chanel": "radio"}, token=self.project["api_key"])
        self.assertError(r, 422, "unknown_field", "chanel")
        self.assertNothingWritten()

    # -- numbers ---------------------------------------------------------------------------------------------

    def test_invalid_phone_numbers(self):
        for field in ["tracking_number", "caller"]:
            for value in ["123", "", "abc", "+", "+999999", "555-0123", "+1 415 555 01234567"]:
                with self.subTest(field=field, value=value):
                    self.assertError(self.post_call(self.valid_call(**{field: value})), 422, "invalid_value", field)
        for value in ["123", "not a number"]:
            with self.subTest(number=value):
                r = self.server.request("POST", f"/v1/projects/{self.project['id']}/numbers", {"number": value},
                                        token=self.project["api_key"])
                self.assertError(r, 422, "invalid_value", "number")
        self.assertNothingWritten()

    # -- time zones ------------------------------------------------------------------------------------------

    def test_invalid_time_zones(self):
        for tz in ["Mars/Olympus", "", "Europe/Berlinn", "America/New York", "../../etc/passwd", "+05:00"]:
            with self.subTest(timezone=tz):
                r = self.server.request("PATCH", f"/v1/projects/{self.project['id']}", {"timezone": tz},
                                        token=self.project["api_key"])
                self.assertError(r, 422, "invalid_value", "timezone")
                r = self.server.request("POST", "/v1/projects", {"name": "tz", "timezone": tz},
                                        token=self.server.admin_token)
                self.assertError(r, 422, "invalid_value", "timezone")
        self.assertNothingWritten()

    # -- dates -----------------------------------------------------------------------------------------------

    BAD_INSTANTS = ["2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-02-30T10:00:00Z", "2026-02-29T10:00:00Z",
                    "2026-04-31T10:00:00Z", "2026-01-01T25:00:00Z", "2026-01-01T10:61:00Z", "2026-01-01T10:00:61Z",
                    "2026-01-01T10:00:00", "2026-01-01", "10:00:00Z", "yesterday", "", "2026-01-01T10:00:00+25:00",
                    "2026-1-1T10:00:00Z", "2026-01-01T10:00:00ZZ", "2026-01-01T10:00:00Z garbage"]

    def test_dates_out_of_range(self):
        for field in ["started_at", "answered_at", "ended_at"]:
            for value in self.BAD_INSTANTS:
                with self.subTest(field=field, value=value):
                    body = self.valid_call(started_at="2026-01-01T09:00:00Z")
                    body[field] = value
                    self.assertError(self.post_call(body), 422, "invalid_value", field)
        self.assertNothingWritten()

    def test_times_out_of_order(self):
        t = BASE_TIME
        cases = [({"ended_at": ts(t - S)}, ("ended_at", "started_at")),
                 ({"answered_at": ts(t - S)}, ("answered_at", "started_at")),
                 ({"answered_at": ts(t + 10 * S), "ended_at": ts(t + 5 * S)}, ("ended_at", "answered_at"))]
        for extra, fields in cases:
            with self.subTest(extra=extra):
                r = self.post_call(self.valid_call(started_at=ts(t), **extra))
                self.assertError(r, 422, "invalid_value", lambda f, ok=fields: f in ok)
        self.assertNothingWritten()

    def test_bad_status(self):
        for value in ["ringing", "ANSWERED", ""]:
            with self.subTest(status=value):
                self.assertError(self.post_call(self.valid_call(status=value)), 422, "invalid_value", "status")
        self.assertNothingWritten()

    def test_bad_update_leaves_the_stored_call_alone(self):
        ext = self.existing["external_id"]
        bad = [self.valid_call(external_id=ext, started_at=ts(BASE_TIME), ended_at=ts(BASE_TIME - S)),
               self.valid_call(external_id=ext, caller="123"),
               self.valid_call(external_id=ext, started_at="2026-02-30T10:00:00Z"),
               self.valid_call(external_id=ext, bogus=True)]
        for body in bad:
            with self.subTest(body=body):
                status, _, err = self.post_call(body)
                self.assertEqual(status, 422, err)
        status, _, got = self.server.request("GET", f"{self.calls_path()}/{self.existing['id']}",
                                             token=self.project["api_key"])
        self.assertEqual(got, self.existing)
        self.assertNothingWritten()

    # -- query parameters ------------------------------------------------------------------------------------

    def test_bad_query_parameters(self):
        cases = [({"limit": 0}, "limit"), ({"limit": 201}, "limit"), ({"limit": -1}, "limit"),
                 ({"limit": "abc"}, "limit"), ({"limit": "1.5"}, "limit"),
                 ({"cursor": "garbage"}, "cursor"), ({"cursor": "eyJ4IjoxfQ"}, "cursor"),
                 ({"from": "2026-13-01T00:00:00Z"}, "from"), ({"from": "yesterday"}, "from"),
                 ({"to": "2026-02-30T00:00:00Z"}, "to"),
                 ({"status": "ringing"}, "status"), ({"target": "maybe"}, "target"), ({"unique": "2"}, "unique")]
        for params, field in cases:
            with self.subTest(params=params):
                r = self.server.list_calls(self.project, **params)
                self.assertError(r, 422, "invalid_value", field)
        r = self.server.list_calls(self.project, **{"from": "2026-03-02T00:00:00Z", "to": "2026-03-01T00:00:00Z"})
        self.assertError(r, 422, "invalid_value", lambda f: f in ("from", "to"))
        # the limits themselves are fine
        for limit in (1, 200):
            status, _, page = self.server.list_calls(self.project, limit=limit)
            self.assertEqual(status, 200, page)

    def test_cursor_from_a_different_filter_or_project_does_not_crash(self):
        other = self.server.create_project()
        for _ in range(3):
            self.server.record_call(other)
        _, _, page = self.server.list_calls(other, limit=1)
        cursor = page["next_cursor"]
        self.assertIsNotNone(cursor)
        status, _, mine = self.server.list_calls(self.project, cursor=cursor)
        self.assertIn(status, (200, 422), mine)

    # -- routing ---------------------------------------------------------------------------------------------

    def test_unknown_path_and_method(self):
        self.assertError(self.server.request("GET", "/v1/nothing-here", token=self.project["api_key"]), 404,
                         "not_found")
        r = self.server.request("DELETE", self.calls_path(), token=self.project["api_key"])
        self.assertError(r, 405, "method_not_allowed")
        self.assertIn("allow", r[1])
        self.assertIn("GET", r[1]["allow"])
        self.assertIn("POST", r[1]["allow"])
        r = self.server.request("GET", "/v1/projects/%zz/calls", token=self.project["api_key"])
        self.assertIn(r[0], (400, 404), r)
        self.assertNothingWritten()

    def test_junk_http_does_not_kill_the_server(self):
        for payload in [b"GARBAGE\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n",
                        b"POST /v1/projects HTTP/1.1\r\nContent-Length: -5\r\n\r\n",
                        b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n"]:
            with self.subTest(payload=payload[:40]):
                try:
                    status, _, _ = self.server.raw_exchange(payload, timeout=5)
                    self.assertGreaterEqual(status, 400)
                    self.assertNotEqual(status, 500)
                except (ConnectionError, OSError, Exception) as e:  # closing the connection is fine too
                    if isinstance(e, AssertionError):
                        raise
                self.assertEqual(self.server.request("GET", "/healthz")[0], 200)
        self.assertNothingWritten()


if __name__ == "__main__":
    unittest.main()
