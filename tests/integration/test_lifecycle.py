"""Process lifecycle: health, metrics, graceful shutdown, restarts, keep-alive, --threads."""
import json
import os
import signal
import socket
import threading
import unittest

from harness import CallsignServer, ServerError
from streaming import CallStream


class LifecycleTest(unittest.TestCase):

    def setUp(self):
        self.server = CallsignServer()

    def tearDown(self):
        self.server.cleanup()

    def test_healthz(self):
        self.server.start()
        status, headers, body = self.server.request("GET", "/healthz")
        self.assertEqual(status, 200, body)
        self.assertIn("application/json", headers.get("content-type", ""))
        self.assertEqual(body, {"status": "ok"})
        self.server.stop()

    def test_metrics(self):
        self.server.start()
        project = self.server.create_project()
        self.server.request("GET", "/healthz")
        self.server.request("GET", f"/v1/projects/{project['id']}", token=project["api_key"])
        self.server.request("GET", "/v1/nothing-here")
        status, headers, text = self.server.request("GET", "/metrics")
        self.assertEqual(status, 200, text)
        self.assertIn("text/plain", headers.get("content-type", ""))
        self.assertIsInstance(text, str)
        self.assertIn("callsign_http_requests_total", text)
        self.assertRegex(text, r'callsign_http_requests_total\{[^}]*route="/healthz"[^}]*\} [0-9]')
        self.assertRegex(text, r'callsign_http_requests_total\{[^}]*route="/v1/projects/\{id\}"[^}]*\} [0-9]')
        self.assertNotIn(project["id"], text, "label cardinality: ids must not become label values")
        self.assertRegex(text, r"callsign_call_rollup_runs_total [0-9]+")
        # Background work yields the CPU when the process may leave SCHED_IDLE: root (CAP_SYS_NICE) may.
        for thread in ("reports", "advisor"):
            self.assertRegex(text, r'callsign_background_promotions_total\{thread="%s"\} [0-9]+' % thread)
            yielding = r'callsign_background_yielding\{thread="%s"\} ' % thread
            self.assertRegex(text, yielding + ("1" if os.geteuid() == 0 else "[01]"))
        # Prometheus text format: every sample line is `name{labels} value`
        for line in text.splitlines():
            if line and not line.startswith("#"):
                self.assertRegex(line, r'^[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})? [-+0-9.eEInfa]+( [0-9]+)?$', line)
        self.server.stop()

    def test_sigterm_when_idle_exits_0(self):
        self.server.start()
        self.assertEqual(self.server.stop(), 0)

    def test_sigterm_with_an_idle_keep_alive_connection_open(self):
        self.server.start()
        conn = self.server.connection()
        status, _, _ = self.server.request("GET", "/healthz", conn=conn)
        self.assertEqual(status, 200)
        try:
            self.assertEqual(self.server.stop(timeout=20), 0)  # an idle client must not hold shutdown up
        finally:
            conn.close()

    def test_sigterm_while_a_request_stream_is_running(self):
        self.server.start()
        project = self.server.create_project()
        number = self.server.create_number(project)
        stream = CallStream(self.server, project, number["number"], threads=4, prefix="term").start()
        reached = stream.wait_for_acks(200)
        self.server.proc.send_signal(signal.SIGTERM)
        try:
            code = self.server.proc.wait(30)
        except Exception:
            self.server.kill9()
            raise ServerError("callsign did not exit within 30 s of SIGTERM under load\n" + self.server.output())
        stream.stop()
        self.assertTrue(reached, self.server.output())
        self.assertEqual(code, 0, "exit code after SIGTERM under load\n" + self.server.output())
        self.assertEqual(stream.unexpected, [], "replies other than 201/503 during shutdown")
        acked = dict(stream.acked)
        self.server.stop()  # reaps the drains
        self.server.start()
        stored = {c["external_id"] for c in self.server.all_calls(project, token=self.server.admin_token)}
        self.assertEqual(sorted(set(acked) - stored), [], "acknowledged calls lost over a graceful shutdown")
        self.server.stop()

    def test_restart_on_the_same_data_dir_keeps_data(self):
        self.server.start()
        project = self.server.create_project("Restart Co", timezone="America/Chicago",
                                             working_hours={"mon": [["09:00", "17:00"]]})
        number = self.server.create_number(project, channel="radio", label="KXYZ")
        calls = [self.server.record_call(project, tracking_number=number["number"]) for _ in range(5)]
        _, _, before_project = self.server.request("GET", f"/v1/projects/{project['id']}", token=project["api_key"])
        before_calls = self.server.all_calls(project)
        self.server.stop()

        self.server.start()
        status, _, got = self.server.request("GET", f"/v1/projects/{project['id']}", token=project["api_key"])
        self.assertEqual(status, 200, f"api key not accepted after restart: {got}")
        self.assertEqual(got, before_project)
        status, _, numbers = self.server.request("GET", f"/v1/projects/{project['id']}/numbers",
                                                 token=project["api_key"])
        self.assertEqual(numbers["numbers"], [number])
        self.assertEqual(self.server.all_calls(project), before_calls)
        self.assertEqual({c["id"] for c in before_calls}, {c["id"] for c in calls})
        # the admin token given on the command line still works, and writing continues
        status, _, _ = self.server.request("GET", "/v1/projects", token=self.server.admin_token)
        self.assertEqual(status, 200)
        status, _, again = self.server.post_call(project, external_id=calls[0]["external_id"],
                                                 tracking_number=number["number"], caller=calls[0]["caller"],
                                                 started_at=calls[0]["started_at"])
        self.assertEqual(status, 200, again)
        self.assertEqual(again["id"], calls[0]["id"])
        self.server.stop()

    def test_keep_alive(self):
        self.server.start()
        project = self.server.create_project()
        conn = self.server.connection()
        try:
            local = None
            for i in range(30):
                if i % 3 == 0:
                    status, headers, _ = self.server.request("GET", "/healthz", conn=conn)
                elif i % 3 == 1:
                    status, headers, _ = self.server.request(
                        "POST", f"/v1/projects/{project['id']}/calls",
                        {"external_id": f"ka-{i}", "tracking_number": "+12125550100", "caller": "+12125550199",
                         "started_at": "2026-03-02T15:00:00Z"}, token=project["api_key"], conn=conn)
                else:
                    status, headers, _ = self.server.request("GET", "/v1/nothing", conn=conn)  # errors keep it too
                self.assertIn(status, (200, 201, 404))
                self.assertNotEqual(headers.get("connection", "").lower(), "close", f"request {i} closed")
                self.assertIsNotNone(conn.sock, f"connection closed after request {i}")
                name = conn.sock.getsockname()
                if local is None:
                    local = name
                self.assertEqual(name, local, f"reconnected at request {i}")
        finally:
            conn.close()
        self.server.stop()

    def test_head_is_get_without_the_body_on_a_kept_connection(self):
        self.server.start()
        conn = self.server.connection()
        try:
            for path in ("/healthz", "/callsign.js"):
                conn.request("GET", path)
                got = conn.getresponse()
                body = got.read()
                conn.request("HEAD", path)
                head = conn.getresponse()
                self.assertEqual(head.status, 200, path)
                self.assertEqual(head.read(), b"", path)
                self.assertEqual(int(head.getheader("Content-Length")), len(body), path)
                self.assertEqual(head.getheader("Content-Type"), got.getheader("Content-Type"), path)
            # No stray body bytes were sent: the next answer on the connection parses.
            conn.request("GET", "/healthz")
            after = conn.getresponse()
            self.assertEqual((after.status, json.loads(after.read())), (200, {"status": "ok"}))
            conn.request("HEAD", "/v1/sessions")
            refused = conn.getresponse()
            refused.read()
            self.assertEqual((refused.status, refused.getheader("Allow")), (405, "POST"))
        finally:
            conn.close()
        self.server.stop()

    def test_pipelined_requests_on_one_connection(self):
        self.server.start()
        sock = socket.create_connection(("127.0.0.1", self.server.port), timeout=10)
        try:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n" * 3)
            data = b""
            while data.count(b'"ok"') < 3:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
            self.assertEqual(data.count(b"HTTP/1.1 200"), 3, data)
            self.assertEqual(data.count(b'"ok"'), 3, data)
        finally:
            sock.close()
        self.server.stop()

    def test_threads_flag(self):
        for threads in ("1", "4"):
            with self.subTest(threads=threads):
                server = CallsignServer()
                try:
                    server.start(["--threads", threads])
                    project = server.create_project()
                    errors = []

                    def worker(n):
                        for i in range(10):
                            s, _, b = server.post_call(project, external_id=f"t{n}-{i}")
                            if s != 201:
                                errors.append((s, b))

                    ts = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
                    for t in ts:
                        t.start()
                    for t in ts:
                        t.join(60)
                    self.assertEqual(errors, [])
                    self.assertEqual(len(server.all_calls(project)), 80)
                    self.assertEqual(server.stop(), 0)
                finally:
                    server.cleanup()

    def test_listening_line_reports_the_bound_port(self):
        self.server.start()
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=5):
            pass
        self.assertRegex(self.server.stdout_text(), r"(?m)^callsign: listening on http://127\.0\.0\.1:[0-9]+$")
        self.server.stop()


if __name__ == "__main__":
    unittest.main()
