"""Nothing acknowledged is lost on kill -9 (DESIGN.md §4; openapi: "A successful write is answered only
after it is durable on disk")."""
import unittest

from harness import CallsignServer
from streaming import CallStream


class DurabilityTest(unittest.TestCase):

    def setUp(self):
        self.server = CallsignServer()
        self.server.start()

    def tearDown(self):
        self.server.cleanup()

    def stored_calls(self, project):
        calls = self.server.all_calls(project, token=self.server.admin_token)
        by_ext = {}
        for c in calls:
            self.assertNotIn(c["external_id"], by_ext, f"external_id {c['external_id']} stored twice")
            by_ext[c["external_id"]] = c
        return by_ext

    def test_kill9_mid_stream_loses_no_acknowledged_call(self):
        project = self.server.create_project()
        number = self.server.create_number(project, channel="billboard")
        stream = CallStream(self.server, project, number["number"], threads=4, prefix="k9").start()
        reached = stream.wait_for_acks(300)
        self.server.kill9()  # while the four writers are still sending
        stream.stop()
        self.assertTrue(reached, f"only {len(stream.acked)} calls acknowledged before the deadline\n"
                                 + self.server.output())
        self.assertEqual(stream.unexpected, [], "unexpected replies while streaming")
        acked = dict(stream.acked)

        self.server.start()
        stored = self.stored_calls(project)
        missing = sorted(set(acked) - set(stored))
        self.assertEqual(missing, [], f"{len(missing)} of {len(acked)} acknowledged calls lost after kill -9")
        for ext, call_id in acked.items():
            self.assertEqual(stored[ext]["id"], call_id, ext)
            self.assertEqual(stored[ext]["attribution"]["method"], "static")
        # writes that were in flight at the kill may or may not have landed; nothing else did
        for ext in stored:
            self.assertTrue(ext.startswith("k9-"), ext)
        # the restarted server still works and keeps idempotency across the crash
        some = next(iter(acked))
        status, _, again = self.server.request("GET", f"/v1/projects/{project['id']}/calls/{acked[some]}",
                                               token=project["api_key"])
        self.assertEqual(status, 200, again)
        body = {k: again[k] for k in ("external_id", "tracking_number", "caller", "started_at", "answered_at",
                                      "ended_at")}
        status, _, replay = self.server.request("POST", f"/v1/projects/{project['id']}/calls", body,
                                                token=project["api_key"])
        self.assertEqual(status, 200, replay)
        self.assertEqual(replay["id"], acked[some])
        self.assertEqual(len(self.stored_calls(project)), len(stored))
        self.server.stop()

    def test_kill9_right_after_setup_keeps_projects_numbers_and_settings(self):
        project = self.server.create_project("Durable Co", timezone="Europe/Berlin")
        number = self.server.create_number(project, channel="radio")
        status, _, patched = self.server.request("PATCH", f"/v1/projects/{project['id']}",
                                                 {"target_call_seconds": 45}, token=project["api_key"])
        self.assertEqual(status, 200, patched)
        call = self.server.record_call(project, tracking_number=number["number"])
        self.server.kill9()

        self.server.start()
        status, _, got = self.server.request("GET", f"/v1/projects/{project['id']}", token=project["api_key"])
        self.assertEqual(status, 200, f"the api key or the project did not survive: {got}")
        self.assertEqual(got, patched)
        status, _, got_number = self.server.request("GET", f"/v1/projects/{project['id']}/numbers/{number['id']}",
                                                    token=project["api_key"])
        self.assertEqual(got_number, number)
        status, _, got_call = self.server.request("GET", f"/v1/projects/{project['id']}/calls/{call['id']}",
                                                  token=project["api_key"])
        self.assertEqual(got_call, call)
        self.server.stop()

    def test_repeated_crashes(self):
        project = self.server.create_project()
        number = self.server.create_number(project)
        acked = {}
        for round_ in range(3):
            stream = CallStream(self.server, project, number["number"], threads=4, prefix=f"r{round_}").start()
            reached = stream.wait_for_acks(60)
            self.server.kill9()
            stream.stop()
            self.assertTrue(reached, self.server.output())
            self.assertEqual(stream.unexpected, [])
            acked.update(stream.acked)
            self.server.start()
            stored = self.stored_calls(project)
            self.assertEqual(sorted(set(acked) - set(stored)), [], f"lost after crash {round_ + 1}")
        self.server.stop()


if __name__ == "__main__":
    unittest.main()
