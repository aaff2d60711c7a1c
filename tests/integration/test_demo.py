"""`callsign demo` (what `make demo` runs): a project with static numbers, a week of calls and a website pool,
its api key and snippet tag printed; a restart keeps the data and prints a new key."""
import re
import unittest

from harness import CallsignServer

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"


class DemoTest(unittest.TestCase):

    def start_demo(self, server):
        server.command = "demo"
        server.start()
        out = server.stdout_text()
        key = re.search(r"API key \(new at every demo start\): (cs_\w+)", out)
        project = re.search(r'project "Acme Tyres \(demo\)" \((prj_\w+)\)', out)
        public_key = re.search(r'data-key="(pk_\w+)"', out)
        self.assertTrue(key and project and public_key, out)
        return key.group(1), project.group(1), public_key.group(1)

    def test_the_demo_project_works_end_to_end_and_survives_a_restart(self):
        server = CallsignServer()
        self.addCleanup(server.cleanup)
        key, project, public_key = self.start_demo(server)

        status, _, body = server.request("GET", f"/v1/projects/{project}/calls?limit=200", token=key)
        self.assertEqual(status, 200, body)
        self.assertEqual(len(body["calls"]), 60)
        self.assertTrue(any(c["flags"]["target"] for c in body["calls"]))
        self.assertTrue(any(c["flags"]["missed"] for c in body["calls"]))
        self.assertTrue(all(c["attribution"]["method"] == "static" for c in body["calls"]))

        status, _, pools = server.request("GET", f"/v1/projects/{project}/pools", token=key)
        self.assertEqual(status, 200, pools)
        self.assertEqual([(p["name"], p["size"], p["replace"]) for p in pools["pools"]],
                         [("Website", 5, ["+12125550100"])])
        status, _, session = server.request(
            "POST", "/v1/sessions", {"public_key": public_key,
                                     "page_url": "https://acme-tyres.example/?utm_source=google&utm_medium=cpc"},
            headers={"User-Agent": BROWSER})
        self.assertEqual(status, 201, session)
        self.assertEqual(session["channel"], "paid_search")
        self.assertEqual(session["numbers"][0]["replace"], "+12125550100")

        status, _, plans = server.request("GET", f"/v1/projects/{project}/routing-plans", token=key)
        self.assertEqual(status, 200, plans)
        self.assertEqual([(p["name"], p["strategy"], len(p["members"]), p["no_answer"]) for p in plans["routing_plans"]],
                         [("Sales line", "round_robin", 2, {"voicemail": True})])
        status, _, numbers = server.request("GET", f"/v1/projects/{project}/numbers", token=key)
        plan_id = plans["routing_plans"][0]["id"]
        self.assertEqual({n["routing_plan_id"] for n in numbers["numbers"] if n["kind"] == "static"}, {plan_id})
        self.assertEqual(pools["pools"][0]["routing_plan_id"], plan_id, "pool numbers forward by their pool's plan")
        self.assertIn("/telephony/twilio/voice", server.stdout_text())

        server.stop()
        new_key, same_project, _ = self.start_demo(server)
        self.assertEqual(same_project, project)
        self.assertNotEqual(new_key, key, "a new key at every start")
        self.assertIn("demo data kept from the last run", server.stdout_text())
        status, _, _ = server.request("GET", f"/v1/projects/{project}/calls", token=key)
        self.assertEqual(status, 401, "the old key no longer works")
        status, _, body = server.request("GET", f"/v1/projects/{project}/calls?limit=200", token=new_key)
        self.assertEqual(len(body["calls"]), 60, "not seeded twice")
        server.stop()


if __name__ == "__main__":
    unittest.main()
