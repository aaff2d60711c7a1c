"""Authentication and visibility: admin token, project api keys, public keys (API.md "Auth and errors")."""
import json
import unittest

from harness import ServerTestCase, next_number


class AuthTest(ServerTestCase):

    def private_routes(self, project, number_id="num_doesnotexist", call_id="call_doesnotexist"):
        pid = project["id"]
        return [
            ("GET", "/v1/projects", None),
            ("GET", f"/v1/projects/{pid}", None),
            ("PATCH", f"/v1/projects/{pid}", {"target_call_seconds": 40}),
            ("GET", f"/v1/projects/{pid}/numbers", None),
            ("POST", f"/v1/projects/{pid}/numbers", {"number": next_number()}),
            ("GET", f"/v1/projects/{pid}/numbers/{number_id}", None),
            ("PATCH", f"/v1/projects/{pid}/numbers/{number_id}", {"channel": "radio"}),
            ("DELETE", f"/v1/projects/{pid}/numbers/{number_id}", None),
            ("GET", f"/v1/projects/{pid}/calls", None),
            ("POST", f"/v1/projects/{pid}/calls", {"external_id": "x-1", "tracking_number": "+12125550100",
                                                   "caller": "+12125550199",
                                                   "started_at": "2026-03-02T15:00:00Z"}),
            ("GET", f"/v1/projects/{pid}/calls/{call_id}", None),
        ]

    def test_no_token_is_401_everywhere(self):
        project = self.server.create_project()
        for method, path, body in self.private_routes(project) + [("POST", "/v1/projects", {"name": "x"})]:
            with self.subTest(method=method, path=path):
                self.assertError(self.server.request(method, path, body), 401, "unauthorized")

    def test_bad_token_is_401(self):
        project = self.server.create_project()
        for token in ["nope", project["api_key"] + "x", project["api_key"][:-1], self.server.admin_token + "0"]:
            for method, path, body in self.private_routes(project):
                with self.subTest(token=token, method=method, path=path):
                    self.assertError(self.server.request(method, path, body, token=token), 401, "unauthorized")

    def test_malformed_authorization_header_is_401(self):
        project = self.server.create_project()
        for header in [f"Basic {project['api_key']}", project["api_key"], "Bearer", "Bearer ",
                       f"Token {self.server.admin_token}"]:
            with self.subTest(header=header):
                r = self.server.request("GET", f"/v1/projects/{project['id']}", headers={"Authorization": header})
                self.assertError(r, 401, "unauthorized")

    def test_admin_creates_and_lists_projects(self):
        a = self.server.create_project("Acme Tyres")
        b = self.server.create_project("Bolt Bikes")
        for created in (a, b):
            self.assertTrue(created["id"].startswith("prj_"), created)
            self.assertIsInstance(created["api_key"], str)
            self.assertIsInstance(created["public_key"], str)
            self.assertNotEqual(created["api_key"], created["public_key"])
        self.assertNotEqual(a["api_key"], b["api_key"])
        self.assertNotEqual(a["public_key"], b["public_key"])
        status, _, body = self.server.request("GET", "/v1/projects", token=self.server.admin_token)
        self.assertEqual(status, 200, body)
        ids = [p["id"] for p in body["projects"]]
        self.assertIn(a["id"], ids)
        self.assertIn(b["id"], ids)
        self.assertEqual(len(ids), len(set(ids)))
        status, _, got = self.server.request("GET", f"/v1/projects/{a['id']}", token=self.server.admin_token)
        self.assertEqual(status, 200, got)
        self.assertEqual(got["name"], "Acme Tyres")

    def test_project_key_sees_only_its_own_project(self):
        mine = self.server.create_project()
        other = self.server.create_project()
        status, _, body = self.server.request("GET", "/v1/projects", token=mine["api_key"])
        self.assertEqual(status, 200, body)
        self.assertEqual([p["id"] for p in body["projects"]], [mine["id"]])
        status, _, got = self.server.request("GET", f"/v1/projects/{mine['id']}", token=mine["api_key"])
        self.assertEqual(status, 200, got)
        self.assertEqual(got["id"], mine["id"])

    def test_other_projects_are_404_for_a_project_key(self):
        mine = self.server.create_project()
        other = self.server.create_project()
        number = self.server.create_number(other)
        call = self.server.record_call(other, tracking_number=number["number"])
        oid = other["id"]
        key = mine["api_key"]
        cases = [
            ("GET", f"/v1/projects/{oid}", None),
            ("PATCH", f"/v1/projects/{oid}", {"target_call_seconds": 99}),
            ("GET", f"/v1/projects/{oid}/numbers", None),
            ("POST", f"/v1/projects/{oid}/numbers", {"number": next_number()}),
            ("GET", f"/v1/projects/{oid}/numbers/{number['id']}", None),
            ("PATCH", f"/v1/projects/{oid}/numbers/{number['id']}", {"channel": "hijacked"}),
            ("DELETE", f"/v1/projects/{oid}/numbers/{number['id']}", None),
            ("GET", f"/v1/projects/{oid}/calls", None),
            ("POST", f"/v1/projects/{oid}/calls", {"external_id": "intruder-1", "tracking_number": number["number"],
                                                   "caller": "+12125550199", "started_at": "2026-03-02T15:00:00Z"}),
            ("GET", f"/v1/projects/{oid}/calls/{call['id']}", None),
            # the other project's objects under my own project id are not visible either
            ("GET", f"/v1/projects/{mine['id']}/numbers/{number['id']}", None),
            ("GET", f"/v1/projects/{mine['id']}/calls/{call['id']}", None),
        ]
        for method, path, body in cases:
            with self.subTest(method=method, path=path):
                self.assertError(self.server.request(method, path, body, token=key), 404, "not_found")
        # nothing was changed in the other project
        admin = self.server.admin_token
        _, _, got = self.server.request("GET", f"/v1/projects/{oid}", token=admin)
        self.assertEqual(got["target_call_seconds"], 30)
        _, _, got_number = self.server.request("GET", f"/v1/projects/{oid}/numbers/{number['id']}", token=admin)
        self.assertEqual(got_number, number)
        self.assertEqual([c["id"] for c in self.server.all_calls(other, token=admin)], [call["id"]])
        _, _, numbers = self.server.request("GET", f"/v1/projects/{oid}/numbers", token=admin)
        self.assertEqual([n["id"] for n in numbers["numbers"]], [number["id"]])

    def test_unknown_project_is_404(self):
        project = self.server.create_project()
        for token in (self.server.admin_token, project["api_key"]):
            with self.subTest(token="admin" if token == self.server.admin_token else "project"):
                r = self.server.request("GET", "/v1/projects/prj_doesnotexist", token=token)
                self.assertError(r, 404, "not_found")
                r = self.server.request("GET", "/v1/projects/prj_doesnotexist/calls", token=token)
                self.assertError(r, 404, "not_found")

    def test_project_key_cannot_create_projects(self):
        mine = self.server.create_project()
        _, _, before = self.server.request("GET", "/v1/projects", token=self.server.admin_token)
        r = self.server.request("POST", "/v1/projects", {"name": "sneaky"}, token=mine["api_key"])
        self.assertError(r, 403, "forbidden")
        _, _, after = self.server.request("GET", "/v1/projects", token=self.server.admin_token)
        self.assertEqual(len(after["projects"]), len(before["projects"]))

    def test_public_key_on_private_routes_is_403(self):
        project = self.server.create_project()
        number = self.server.create_number(project)
        call = self.server.record_call(project, tracking_number=number["number"])
        routes = self.private_routes(project, number["id"], call["id"]) + [("POST", "/v1/projects", {"name": "x"})]
        for method, path, body in routes:
            with self.subTest(method=method, path=path):
                r = self.server.request(method, path, body, token=project["public_key"])
                self.assertError(r, 403, "public_key_not_allowed")
        # nothing written by those attempts
        _, _, got = self.server.request("GET", f"/v1/projects/{project['id']}", token=project["api_key"])
        self.assertEqual(got["target_call_seconds"], 30)
        self.assertEqual([c["id"] for c in self.server.all_calls(project)], [call["id"]])
        _, _, numbers = self.server.request("GET", f"/v1/projects/{project['id']}/numbers", token=project["api_key"])
        self.assertEqual(numbers["numbers"], [number])

    def test_another_projects_public_key_is_403_not_a_leak(self):
        mine = self.server.create_project()
        other = self.server.create_project()
        r = self.server.request("GET", f"/v1/projects/{mine['id']}", token=other["public_key"])
        self.assertIn(r[0], (403, 404), r)

    def test_secrets_are_never_returned(self):
        token_secret = "twilio-secret-" + "z" * 20
        ga4_secret = "ga4-secret-" + "y" * 20
        created = self.server.create_project(twilio_auth_token=token_secret,
                                             ga4={"measurement_id": "G-TEST123", "api_secret": ga4_secret})
        api_key = created["api_key"]
        pid = created["id"]
        self.assertNotIn("twilio_auth_token", created)
        self.assertNotIn(token_secret, json.dumps(created))
        self.assertNotIn(ga4_secret, json.dumps(created))
        reads = [
            ("GET", f"/v1/projects/{pid}", None, api_key),
            ("GET", f"/v1/projects/{pid}", None, self.server.admin_token),
            ("GET", "/v1/projects", None, api_key),
            ("GET", "/v1/projects", None, self.server.admin_token),
            ("PATCH", f"/v1/projects/{pid}", {"target_call_seconds": 31}, api_key),
            ("PATCH", f"/v1/projects/{pid}", {"twilio_auth_token": token_secret + "2"}, api_key),
        ]
        for method, path, body, token in reads:
            with self.subTest(method=method, path=path, admin=token != api_key):
                status, _, got = self.server.request(method, path, body, token=token)
                self.assertEqual(status, 200, got)
                text = json.dumps(got)
                self.assertNotIn(api_key, text)
                self.assertNotIn(token_secret, text)
                self.assertNotIn(ga4_secret, text)
                projects = got["projects"] if "projects" in got else [got]
                for p in projects:
                    self.assertNotIn("api_key", p)
                    self.assertNotIn("twilio_auth_token", p)
                    if p.get("ga4"):
                        self.assertNotIn("api_secret", p["ga4"])

    def test_no_token_needed_for_health_and_metrics(self):
        status, _, body = self.server.request("GET", "/healthz")
        self.assertEqual(status, 200, body)
        status, _, body = self.server.request("GET", "/metrics")
        self.assertEqual(status, 200, body)


if __name__ == "__main__":
    unittest.main()
