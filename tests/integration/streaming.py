"""A stream of call writes from several client threads, recording which calls were acknowledged (201).
Used by the durability and lifecycle tests: whatever was acknowledged must survive kill -9 and SIGTERM."""
from __future__ import annotations

import datetime as dt
import threading

from harness import BASE_TIME, CallsignServer, call_body, next_number, ts


class CallStream:
    def __init__(self, server: CallsignServer, project: dict, tracking_number: str, threads: int = 4,
                 prefix: str = "stream"):
        self.server = server
        self.project = project
        self.tracking_number = tracking_number
        self.prefix = prefix
        self.lock = threading.Lock()
        self.acked: dict[str, str] = {}       # external_id → call id, for every 201 received
        self.unexpected: list = []            # any reply other than 201 (or 503 while shutting down)
        self.attempted = 0
        self.stop_event = threading.Event()
        self._reached = threading.Event()
        self._target = None
        self.threads = [threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(threads)]

    def start(self) -> "CallStream":
        for t in self.threads:
            t.start()
        return self

    def wait_for_acks(self, count: int, timeout: float = 120.0) -> bool:
        with self.lock:
            self._target = count
            if len(self.acked) >= count:
                return True
        return self._reached.wait(timeout)

    def stop(self, timeout: float = 60.0) -> None:
        self.stop_event.set()
        for t in self.threads:
            t.join(timeout)

    def _run(self, tid: int) -> None:
        path = f"/v1/projects/{self.project['id']}/calls"
        conn = self.server.connection(timeout=30)
        i = 0
        try:
            while not self.stop_event.is_set():
                ext = f"{self.prefix}-{tid}-{i}"
                started = BASE_TIME + dt.timedelta(seconds=i * 7 + tid)
                body = call_body(external_id=ext, tracking_number=self.tracking_number, caller=next_number("646"),
                                 started_at=ts(started), answered_at=ts(started + dt.timedelta(seconds=5)),
                                 ended_at=ts(started + dt.timedelta(seconds=65)))
                i += 1
                with self.lock:
                    self.attempted += 1
                try:
                    status, _, reply = self.server.request("POST", path, body, token=self.project["api_key"],
                                                           conn=conn)
                except Exception:
                    return  # the server went away (kill -9 / shutdown): this write is not acknowledged
                with self.lock:
                    if status == 201 and isinstance(reply, dict) and reply.get("external_id") == ext:
                        self.acked[ext] = reply["id"]
                        if self._target is not None and len(self.acked) >= self._target:
                            self._reached.set()
                    elif status == 503:
                        return
                    else:
                        self.unexpected.append((ext, status, reply))
                        return
        finally:
            conn.close()
