"""Integration-test harness: starts the real `callsign` binary on port 0 and talks HTTP to it.

Standard library only (docs/decisions/0001). The binary comes from $CALLSIGN_BIN. Each test file is run by
CTest as `python3 -m unittest -v test_xxx` with this folder as the working directory.

    server = CallsignServer()
    server.start()                       # fresh temp data dir, port 0, a random admin token
    status, headers, body = server.request("GET", "/v1/projects", token=server.admin_token)
    server.stop()                        # SIGTERM; asserts exit code 0
"""
from __future__ import annotations

import atexit
import datetime as dt
import http.client
import itertools
import json
import os
import re
import secrets
import select
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.parse

LISTENING = re.compile(r"^callsign: listening on http://([0-9.]+):([0-9]+)\s*$")
START_TIMEOUT = 30.0
STOP_TIMEOUT = 30.0

_running: "set[CallsignServer]" = set()


@atexit.register
def _kill_leftovers() -> None:
    """A test that crashed must not leave a server behind."""
    for server in list(_running):
        try:
            server.kill9()
        except Exception:
            pass


def binary() -> str:
    path = os.environ.get("CALLSIGN_BIN")
    if not path:
        raise unittest.SkipTest("CALLSIGN_BIN is not set (the path of the callsign binary)")
    if not os.access(path, os.X_OK):
        raise AssertionError(f"CALLSIGN_BIN={path} is not an executable file")
    return path


class _Drain(threading.Thread):
    """Reads one of the child's pipes to the end so the server never blocks on a full pipe."""

    def __init__(self, stream, on_line=None):
        super().__init__(daemon=True)
        self.stream = stream
        self.lines: list[str] = []
        self.on_line = on_line
        self.lock = threading.Lock()

    def run(self) -> None:
        for raw in iter(self.stream.readline, b""):
            line = raw.decode("utf-8", "replace")
            with self.lock:
                self.lines.append(line)
                if len(self.lines) > 20000:  # keep memory bounded on chatty servers
                    del self.lines[:10000]
            if self.on_line:
                self.on_line(line)
        self.stream.close()

    def text(self) -> str:
        with self.lock:
            return "".join(self.lines)


class ServerError(AssertionError):
    pass


class CallsignServer:
    """One `callsign serve` process. Reusable: stop() then start() again runs on the same data dir."""

    def __init__(self, data_dir: str | None = None, admin_token: str | None = None):
        self._own_dir = data_dir is None
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="callsign-it-")
        self.admin_token = admin_token or "adm_test_" + secrets.token_hex(16)
        self.proc: subprocess.Popen | None = None
        self.port: int | None = None
        self.host = "127.0.0.1"
        self._stdout: _Drain | None = None
        self._stderr: _Drain | None = None
        self.args: list[str] = []
        self.command = "serve"  # or "demo": the same flags, plus the demo project

    # -- process control -------------------------------------------------------------------------------

    def start(self, extra_args=(), data_dir: str | None = None) -> "CallsignServer":
        if self.proc is not None and self.proc.poll() is None:
            raise ServerError("server already running")
        if data_dir is not None:
            self.data_dir = data_dir
        self.args = [binary(), self.command, "--listen", "127.0.0.1:0", "--data-dir", self.data_dir,
                     "--admin-token", self.admin_token, *extra_args]
        listening = threading.Event()
        found: dict[str, int] = {}

        def on_line(line: str) -> None:
            m = LISTENING.match(line)
            if m and not listening.is_set():
                found["port"] = int(m.group(2))
                listening.set()

        self.proc = subprocess.Popen(self.args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        _running.add(self)
        self._stdout = _Drain(self.proc.stdout, on_line)
        self._stderr = _Drain(self.proc.stderr)
        self._stdout.start()
        self._stderr.start()
        deadline = time.monotonic() + START_TIMEOUT
        while not listening.wait(0.05):
            if self.proc.poll() is not None:
                self._stdout.join(2)
                self._stderr.join(2)
                _running.discard(self)
                raise ServerError(f"callsign exited with code {self.proc.returncode} before listening\n"
                                  + self.output())
            if time.monotonic() > deadline:
                self.kill9()
                raise ServerError(f"callsign did not print its listening line within {START_TIMEOUT:.0f} s\n"
                                  + self.output())
        self.port = found["port"]
        return self

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout: float = STOP_TIMEOUT) -> int:
        """SIGTERM, wait, and assert a clean exit (code 0). Returns the exit code."""
        if self.proc is None:
            return 0
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill9()
            raise ServerError(f"callsign did not exit within {timeout:.0f} s of SIGTERM\n" + self.output())
        self._join_drains()
        _running.discard(self)
        if code != 0:
            raise ServerError(f"callsign exited with code {code} after SIGTERM (expected 0)\n" + self.output())
        return code

    def kill9(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(STOP_TIMEOUT)
        self._join_drains()
        _running.discard(self)

    def restart(self, extra_args=()) -> "CallsignServer":
        self.stop()
        return self.start(extra_args)

    def cleanup(self) -> None:
        if self.alive():
            self.kill9()
        if self._own_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def _join_drains(self) -> None:
        for d in (self._stdout, self._stderr):
            if d is not None:
                d.join(5)

    def output(self, tail: int = 6000) -> str:
        out = self._stdout.text() if self._stdout else ""
        err = self._stderr.text() if self._stderr else ""
        return (f"--- callsign args: {' '.join(self.args)}\n--- stdout (tail):\n{out[-tail:]}"
                f"\n--- stderr (tail):\n{err[-tail:]}")

    def stderr_text(self) -> str:
        return self._stderr.text() if self._stderr else ""

    def stdout_text(self) -> str:
        return self._stdout.text() if self._stdout else ""

    # -- HTTP ------------------------------------------------------------------------------------------

    def connection(self, timeout: float = 30.0) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=timeout)

    def request(self, method: str, path: str, body=None, token: str | None = None, headers=None,
                raw_body: bytes | str | None = None, conn: http.client.HTTPConnection | None = None,
                timeout: float = 30.0):
        """One request; returns (status, headers as a lower-cased dict, parsed JSON or text).

        A fresh connection is used unless `conn` is given (then it is kept open for keep-alive)."""
        hdrs = {}
        if token is not None:
            hdrs["Authorization"] = f"Bearer {token}"
        data = None
        if raw_body is not None:
            data = raw_body.encode() if isinstance(raw_body, str) else raw_body
            hdrs["Content-Type"] = "application/json"
        elif body is not None:
            data = json.dumps(body).encode()
            hdrs["Content-Type"] = "application/json"
        if headers:
            hdrs.update(headers)
        own = conn is None
        c = conn or self.connection(timeout)
        try:
            try:
                c.request(method, path, body=data, headers=hdrs)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server may answer (413) and close before reading the whole body
            resp = c.getresponse()
            raw = resp.read()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, decode_body(resp, raw)
        finally:
            if own:
                c.close()

    def raw_exchange(self, payload: bytes, timeout: float = 10.0, body: bytes = b""):
        """Sends raw bytes (request line and headers, then `body`) and parses one response.

        For oversize bodies: when the server answers right after the headers (it may judge Content-Length
        alone), the body is not sent at all, so its early close cannot reset the reply away; otherwise
        sending stops quietly when the server stops reading or closes."""
        sock = socket.create_connection((self.host, self.port), timeout=timeout)
        try:
            try:
                sock.sendall(payload)
                if body:
                    answered_early, _, _ = select.select([sock], [], [], 2.0)
                    if not answered_early:
                        sock.sendall(body)
            except (BrokenPipeError, ConnectionResetError, socket.timeout):
                pass
            resp = http.client.HTTPResponse(sock, method="POST")
            resp.begin()
            raw = resp.read()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, decode_body(resp, raw)
        finally:
            sock.close()

    # -- API helpers -----------------------------------------------------------------------------------

    def create_project(self, name: str | None = None, token: str | None = None, **settings) -> dict:
        body = {"name": name or "Project " + secrets.token_hex(4), **settings}
        status, _, created = self.request("POST", "/v1/projects", body, token=token or self.admin_token)
        if status != 201:
            raise ServerError(f"POST /v1/projects → {status} {created}")
        return created

    def create_number(self, project: dict, number: str | None = None, token: str | None = None,
                      **fields) -> dict:
        body = {"number": number or next_number(), **fields}
        status, _, created = self.request("POST", f"/v1/projects/{project['id']}/numbers", body,
                                          token=token or project["api_key"])
        if status != 201:
            raise ServerError(f"POST numbers {body} → {status} {created}")
        return created

    def post_call(self, project: dict, token: str | None = None, **fields):
        """POST one call; fields default to a fresh external_id, an unknown tracking number and a caller."""
        body = call_body(**fields)
        return self.request("POST", f"/v1/projects/{project['id']}/calls", body,
                            token=token or project["api_key"])

    def record_call(self, project: dict, **fields) -> dict:
        status, _, call = self.post_call(project, **fields)
        if status not in (200, 201):
            raise ServerError(f"POST calls → {status} {call}")
        return call

    def list_calls(self, project: dict, token: str | None = None, **params):
        query = urllib.parse.urlencode({k: v for k, v in params.items() if v is not None})
        path = f"/v1/projects/{project['id']}/calls" + (f"?{query}" if query else "")
        return self.request("GET", path, token=token or project["api_key"])

    def all_calls(self, project: dict, token: str | None = None, limit: int = 200, **params) -> list[dict]:
        """Every call of the project (following next_cursor), newest first."""
        calls: list[dict] = []
        cursor = None
        for _ in range(100000):
            status, _, page = self.list_calls(project, token=token, limit=limit, cursor=cursor, **params)
            if status != 200:
                raise ServerError(f"GET calls → {status} {page}")
            calls.extend(page["calls"])
            cursor = page.get("next_cursor")
            if cursor is None:
                return calls
        raise ServerError("next_cursor never became null")


def decode_body(resp: http.client.HTTPResponse, raw: bytes):
    text = raw.decode("utf-8", "replace")
    ctype = resp.getheader("Content-Type", "") or ""
    if "json" in ctype or (text[:1] in ("{", "[")):
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text


# -- data helpers --------------------------------------------------------------------------------------------

_counter = itertools.count(1)
# A random exchange per process (200-539, never 555: tests write 555 numbers by hand).
_run = secrets.randbelow(340) + 200


def next_number(area: str = "415") -> str:
    """A fresh, valid US number in E.164 (a different one on every call)."""
    n = next(_counter)
    exchange = 200 + (_run - 200 + n // 10000) % 350
    return f"+1{area}{exchange:03d}{n % 10000:04d}"


def next_external_id(prefix: str = "ext") -> str:
    return f"{prefix}-{secrets.token_hex(6)}-{next(_counter)}"


def ts(value: dt.datetime) -> str:
    """RFC 3339 in UTC with Z."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_ts(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


BASE_TIME = dt.datetime(2026, 3, 2, 15, 0, 0, tzinfo=dt.timezone.utc)  # a Monday


def call_body(**fields) -> dict:
    body = {
        "external_id": next_external_id(),
        "tracking_number": "+12125550100",
        "caller": next_number("646"),
        "started_at": ts(BASE_TIME),
    }
    body.update(fields)
    return {k: v for k, v in body.items() if v is not ...}  # `field=...` leaves a default out


FLAG_KEYS = {"answered", "missed", "abandoned", "target", "first_time", "unique", "repeat", "unique_target",
             "off_hours", "spam"}


class ServerTestCase(unittest.TestCase):
    """One server per test class (fresh data dir); every test makes its own projects, so tests stay
    independent. A test after which the server is no longer running fails with the server's output, and
    the next test gets a fresh server."""

    server_args: tuple = ()
    server: CallsignServer

    @classmethod
    def setUpClass(cls):
        cls.server = CallsignServer()
        cls.server.start(cls.server_args)

    @classmethod
    def tearDownClass(cls):
        try:
            cls.server.stop()
        finally:
            cls.server.cleanup()

    def run(self, result=None):
        cls = type(self)
        if not cls.server.alive():  # it died in an earlier test (reported there): start a fresh one
            cls.server.cleanup()
            cls.server = CallsignServer()
            try:
                cls.server.start(cls.server_args)
            except Exception:  # reported by the test itself, which then cannot connect
                pass
        # a cleanup runs even when setUp fails, so a crash during setUp is reported with the server's output
        self.addCleanup(self._check_server_alive)
        return super().run(result)

    def _check_server_alive(self):
        if not self.server.alive():
            code = self.server.proc.returncode if self.server.proc else None
            self.fail(f"the server died during this test (exit code {code})\n{self.server.output()}")

    # -- assertions ------------------------------------------------------------------------------------

    def assertError(self, response, status: int, code: str | tuple | None = None, field=None, msg=None):
        """The response is an error with this status, code (or one of these codes) and field (a string, a
        callable predicate, or None for "don't care")."""
        got_status, _, body = response
        ctx = f"{msg + ': ' if msg else ''}got {got_status} {body}"
        self.assertEqual(got_status, status, ctx)
        self.assertIsInstance(body, dict, ctx)
        self.assertIn("error", body, ctx)
        err = body["error"]
        self.assertIsInstance(err.get("code"), str, ctx)
        self.assertRegex(err["code"], r"^[a-z][a-z0-9_]*$", ctx)
        self.assertIsInstance(err.get("message"), str, ctx)
        self.assertTrue(err["message"], ctx)
        if code is not None:
            codes = (code,) if isinstance(code, str) else code
            self.assertIn(err["code"], codes, ctx)
        if field is not None:
            if callable(field):
                self.assertTrue(field(err.get("field")), f"unexpected field: {ctx}")
            else:
                self.assertEqual(err.get("field"), field, ctx)
        return err

    def assertStatus(self, response, status: int, msg=None):
        got, _, body = response
        self.assertEqual(got, status, f"{msg + ': ' if msg else ''}{body}")
        return body
