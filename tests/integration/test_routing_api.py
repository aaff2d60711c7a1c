"""Routing management over real HTTP (issue 4 "Routing"; docs/api/openapi.yaml, tag routing): operators, operator
groups and routing plans — create, list, get, patch, delete; every bad input refused naming its field with nothing
written; what is still used cannot be deleted (409); tracking numbers and pools given a plan; another project's key
sees nothing; everything survives a restart."""
import unittest

from harness import ServerTestCase, next_number

WEEKDAYS = {"mon": [["09:00", "18:00"]], "tue": [["09:00", "18:00"]], "wed": [["09:00", "13:00"], ["14:00", "18:00"]],
            "thu": [["09:00", "18:00"]], "fri": [["09:00", "17:00"]]}


class RoutingCase(ServerTestCase):

    def path(self, project, resource, item=None):
        base = f"/v1/projects/{project['id']}/{resource}"
        return base if item is None else f"{base}/{item}"

    def call(self, method, project, resource, item=None, body=None, token=None):
        status, _, reply = self.server.request(method, self.path(project, resource, item), body,
                                               token=token or project["api_key"])
        return status, reply

    def create(self, project, resource, body):
        status, reply = self.call("POST", project, resource, body=body)
        self.assertEqual(status, 201, f"POST {resource} {body} → {reply}")
        return reply

    def listed(self, project, resource, key):
        status, reply = self.call("GET", project, resource)
        self.assertEqual(status, 200, reply)
        return reply[key]

    def get(self, project, resource, item):
        status, reply = self.call("GET", project, resource, item)
        self.assertEqual(status, 200, reply)
        return reply

    def operator(self, project, name="Ann", destination=None, **fields):
        return self.create(project, "operators", {"name": name, "destination": destination or next_number("212"),
                                                  **fields})

    def group(self, project, operator_ids, name="Sales"):
        return self.create(project, "operator-groups", {"name": name, "operator_ids": operator_ids})

    def plan(self, project, members, name="Main line", **fields):
        return self.create(project, "routing-plans", {"name": name, "members": members, **fields})

    def assertRefused(self, response, status, field, code=None):
        got, reply = response
        self.assertEqual(got, status, reply)
        self.assertIn("error", reply, reply)
        self.assertEqual(reply["error"].get("field"), field, reply)
        if code is not None:
            self.assertEqual(reply["error"]["code"], code, reply)
        return reply["error"]


class OperatorsTest(RoutingCase):

    def test_operator_is_created_listed_patched_and_deleted(self):
        project = self.server.create_project()
        ann = self.operator(project, "Ann", "(212) 555-0201")
        self.assertTrue(ann["id"].startswith("op_"), ann)
        self.assertEqual((ann["name"], ann["destination"], ann["active"], ann["project_id"]),
                         ("Ann", "+12125550201", True, project["id"]))
        self.assertIn("created_at", ann)
        desk = self.operator(project, "Front desk", "sip:desk@pbx.example.com;transport=tcp", active=False)
        self.assertEqual((desk["destination"], desk["active"]), ("sip:desk@pbx.example.com;transport=tcp", False))
        self.assertEqual(self.get(project, "operators", ann["id"]), ann)
        self.assertEqual(self.listed(project, "operators", "operators"), [ann, desk])

        status, patched = self.call("PATCH", project, "operators", ann["id"],
                                    {"name": "Ann (mobile)", "destination": "+1 646 555 0202", "active": False})
        self.assertEqual(status, 200, patched)
        self.assertEqual((patched["name"], patched["destination"], patched["active"]),
                         ("Ann (mobile)", "+16465550202", False))
        self.assertEqual((patched["id"], patched["created_at"]), (ann["id"], ann["created_at"]))
        status, patched = self.call("PATCH", project, "operators", ann["id"], {"active": True})
        self.assertEqual((status, patched["active"], patched["name"]), (200, True, "Ann (mobile)"))
        self.assertEqual(self.get(project, "operators", ann["id"]), patched)

        status, reply = self.call("DELETE", project, "operators", ann["id"])
        self.assertEqual(status, 204, reply)
        self.assertRefused(self.call("GET", project, "operators", ann["id"]), 404, None)
        self.assertRefused(self.call("DELETE", project, "operators", ann["id"]), 404, None)
        self.assertEqual(self.listed(project, "operators", "operators"), [desk])

    def test_destination_is_read_with_the_projects_country(self):
        project = self.server.create_project(country="GB")
        op = self.operator(project, destination="020 7183 8750")
        self.assertEqual(op["destination"], "+442071838750")

    def test_bad_operator_input_names_the_field_and_writes_nothing(self):
        project = self.server.create_project()
        cases = [({"destination": "+12125550201"}, "name", "missing_field"),
                 ({"name": "", "destination": "+12125550201"}, "name", "invalid_value"),
                 ({"name": "x" * 201, "destination": "+12125550201"}, "name", "invalid_value"),
                 ({"name": 7, "destination": "+12125550201"}, "name", "invalid_value"),
                 ({"name": "Ann"}, "destination", "missing_field"),
                 ({"name": "Ann", "destination": "not a phone"}, "destination", "invalid_value"),
                 ({"name": "Ann", "destination": "555"}, "destination", "invalid_value"),
                 ({"name": "Ann", "destination": 12125550201}, "destination", "invalid_value"),
                 ({"name": "Ann", "destination": "sip:nobody"}, "destination", "invalid_value"),
                 ({"name": "Ann", "destination": "sip:ann @pbx.example.com"}, "destination", "invalid_value"),
                 ({"name": "Ann", "destination": "mailto:ann@example.com"}, "destination", "invalid_value"),
                 ({"name": "Ann", "destination": "+12125550201", "active": "yes"}, "active", "invalid_value"),
                 ({"name": "Ann", "destination": "+12125550201", "active": None}, "active", "invalid_value"),
                 ({"name": "Ann", "destination": "+12125550201", "phone": "x"}, "phone", "unknown_field")]
        for body, field, code in cases:
            with self.subTest(body=body):
                self.assertRefused(self.call("POST", project, "operators", body=body), 422, field, code)
        self.assertEqual(self.listed(project, "operators", "operators"), [], "nothing half-written")

    def test_bad_patch_changes_nothing(self):
        project = self.server.create_project()
        op = self.operator(project)
        cases = [({"destination": "nowhere"}, "destination", "invalid_value"),
                 ({"name": "Bob", "destination": "nowhere"}, "destination", "invalid_value"),
                 ({"name": None}, "name", "missing_field"),
                 ({"id": "op_other"}, "id", "read_only_field"),
                 ({"created_at": op["created_at"]}, "created_at", "read_only_field"),
                 ({"project_id": project["id"]}, "project_id", "read_only_field"),
                 ({"colour": "red"}, "colour", "unknown_field")]
        for body, field, code in cases:
            with self.subTest(body=body):
                self.assertRefused(self.call("PATCH", project, "operators", op["id"], body), 422, field, code)
        self.assertEqual(self.get(project, "operators", op["id"]), op)
        self.assertRefused(self.call("PATCH", project, "operators", "op_ghost", {"name": "x"}), 404, None)
        status, _, reply = self.server.request("POST", self.path(project, "operators"), raw_body="{not json",
                                            token=project["api_key"])
        self.assertEqual(status, 400, reply)


class GroupsTest(RoutingCase):

    def test_group_is_created_listed_patched_and_deleted(self):
        project = self.server.create_project()
        ann, bob, cy = (self.operator(project, n) for n in ("Ann", "Bob", "Cy"))
        sales = self.group(project, [bob["id"], ann["id"], bob["id"]])
        self.assertTrue(sales["id"].startswith("grp_"), sales)
        self.assertEqual(sales["operator_ids"], [bob["id"], ann["id"]], "order kept, repeats dropped")
        self.assertEqual((sales["name"], sales["project_id"]), ("Sales", project["id"]))
        empty = self.group(project, [], name="Night shift")
        self.assertEqual(empty["operator_ids"], [])
        self.assertEqual(self.get(project, "operator-groups", sales["id"]), sales)
        self.assertEqual(self.listed(project, "operator-groups", "operator_groups"), [sales, empty])

        status, patched = self.call("PATCH", project, "operator-groups", sales["id"],
                                    {"operator_ids": [cy["id"], ann["id"]]})
        self.assertEqual(status, 200, patched)
        self.assertEqual((patched["operator_ids"], patched["name"]), ([cy["id"], ann["id"]], "Sales"))
        status, patched = self.call("PATCH", project, "operator-groups", sales["id"], {"name": "Sales (EU)"})
        self.assertEqual((status, patched["name"], patched["operator_ids"]), (200, "Sales (EU)", [cy["id"], ann["id"]]))

        status, reply = self.call("DELETE", project, "operator-groups", empty["id"])
        self.assertEqual(status, 204, reply)
        self.assertEqual(self.listed(project, "operator-groups", "operator_groups"), [patched])

    def test_operator_ids_must_be_operators_of_the_project(self):
        project = self.server.create_project()
        other = self.server.create_project()
        ann = self.operator(project)
        stranger = self.operator(other)
        cases = [({"name": "G"}, "operator_ids", "missing_field"),
                 ({"name": "G", "operator_ids": None}, "operator_ids", "missing_field"),
                 ({"operator_ids": [ann["id"]]}, "name", "missing_field"),
                 ({"name": "G", "operator_ids": ann["id"]}, "operator_ids", "invalid_value"),
                 ({"name": "G", "operator_ids": [ann["id"], 7]}, "operator_ids", "invalid_value"),
                 ({"name": "G", "operator_ids": [""]}, "operator_ids", "invalid_value"),
                 ({"name": "G", "operator_ids": [ann["id"], "op_ghost"]}, "operator_ids", "invalid_value"),
                 ({"name": "G", "operator_ids": [stranger["id"]]}, "operator_ids", "invalid_value"),
                 ({"name": "G", "operator_ids": [ann["id"]] * 101}, "operator_ids", "invalid_value"),
                 ({"name": "G", "operator_ids": [], "members": []}, "members", "unknown_field")]
        for body, field, code in cases:
            with self.subTest(body=body):
                self.assertRefused(self.call("POST", project, "operator-groups", body=body), 422, field, code)
        self.assertEqual(self.listed(project, "operator-groups", "operator_groups"), [], "nothing half-written")

        group = self.group(project, [ann["id"]])
        error = self.assertRefused(
            self.call("PATCH", project, "operator-groups", group["id"], {"operator_ids": ["op_ghost"]}), 422,
            "operator_ids")
        self.assertIn("op_ghost", error["message"])
        self.assertRefused(self.call("PATCH", project, "operator-groups", group["id"], {"size": 3}), 422, "size",
                           "unknown_field")
        self.assertEqual(self.get(project, "operator-groups", group["id"]), group)

    def test_an_operator_in_a_group_cannot_be_deleted(self):
        project = self.server.create_project()
        ann, bob = self.operator(project, "Ann"), self.operator(project, "Bob")
        group = self.group(project, [ann["id"], bob["id"]])
        error = self.assertRefused(self.call("DELETE", project, "operators", ann["id"]), 409, "operator_id", "conflict")
        self.assertIn(group["id"], error["message"])
        self.assertEqual(self.get(project, "operators", ann["id"]), ann, "still there")

        status, _ = self.call("PATCH", project, "operator-groups", group["id"], {"operator_ids": [bob["id"]]})
        self.assertEqual(status, 200)
        status, reply = self.call("DELETE", project, "operators", ann["id"])
        self.assertEqual(status, 204, reply)


class PlansTest(RoutingCase):

    def test_plan_with_every_field(self):
        project = self.server.create_project()
        ann, bob = self.operator(project, "Ann"), self.operator(project, "Bob")
        sales = self.group(project, [bob["id"]])
        plan = self.plan(project, [{"group_id": sales["id"]}, {"operator_id": ann["id"]}], strategy="round_robin",
                         ring_seconds=30, schedule=WEEKDAYS, off_hours={"forward_to": "(646) 555-0199"},
                         no_answer={"voicemail": True})
        self.assertTrue(plan["id"].startswith("plan_"), plan)
        self.assertEqual(plan["members"], [{"group_id": sales["id"]}, {"operator_id": ann["id"]}])
        self.assertEqual((plan["strategy"], plan["ring_seconds"]), ("round_robin", 30))
        self.assertEqual(plan["schedule"], {**WEEKDAYS, "sat": [], "sun": []})
        self.assertEqual(plan["off_hours"], {"forward_to": "+16465550199"})
        self.assertEqual(plan["no_answer"], {"voicemail": True})
        self.assertEqual(plan["project_id"], project["id"])
        self.assertEqual(self.get(project, "routing-plans", plan["id"]), plan)

    def test_defaults_and_sip_fallback(self):
        project = self.server.create_project()
        ann = self.operator(project)
        plan = self.plan(project, [{"operator_id": ann["id"]}, {"operator_id": ann["id"]}],
                         no_answer={"forward_to": "sip:queue@pbx.example.com"})
        self.assertEqual((plan["strategy"], plan["ring_seconds"], plan["schedule"], plan["off_hours"]),
                         ("simultaneous", 20, None, None))
        self.assertEqual(plan["no_answer"], {"forward_to": "sip:queue@pbx.example.com"})
        self.assertEqual(len(plan["members"]), 2, "members are kept as written; repeats are dropped when used")
        empty = self.plan(project, [], name="Voicemail only", no_answer={"voicemail": True})
        self.assertEqual(empty["members"], [])

    def test_plan_is_listed_patched_and_deleted(self):
        project = self.server.create_project()
        ann, bob = self.operator(project, "Ann"), self.operator(project, "Bob")
        first = self.plan(project, [{"operator_id": ann["id"]}], schedule=WEEKDAYS, off_hours={"voicemail": True})
        second = self.plan(project, [{"operator_id": bob["id"]}], name="Support", strategy="sequential")
        self.assertEqual(self.listed(project, "routing-plans", "routing_plans"), [first, second])

        status, patched = self.call("PATCH", project, "routing-plans", first["id"],
                                    {"strategy": "sticky", "members": [{"operator_id": bob["id"]},
                                                                       {"operator_id": ann["id"]}],
                                     "ring_seconds": 120, "schedule": None, "off_hours": None,
                                     "no_answer": {"forward_to": "+1 212 555 0100"}})
        self.assertEqual(status, 200, patched)
        self.assertEqual((patched["strategy"], patched["ring_seconds"], patched["schedule"], patched["off_hours"]),
                         ("sticky", 120, None, None))
        self.assertEqual(patched["members"], [{"operator_id": bob["id"]}, {"operator_id": ann["id"]}])
        self.assertEqual(patched["no_answer"], {"forward_to": "+12125550100"})
        self.assertEqual((patched["name"], patched["created_at"]), (first["name"], first["created_at"]))
        status, renamed = self.call("PATCH", project, "routing-plans", first["id"], {"name": "After hours"})
        self.assertEqual(status, 200, renamed)
        self.assertEqual({**patched, "name": "After hours"}, renamed, "only the name changed")
        self.assertEqual(self.get(project, "routing-plans", first["id"]), renamed)

        status, reply = self.call("DELETE", project, "routing-plans", second["id"])
        self.assertEqual(status, 204, reply)
        self.assertEqual(self.listed(project, "routing-plans", "routing_plans"), [renamed])
        self.assertRefused(self.call("GET", project, "routing-plans", second["id"]), 404, None)

    def test_bad_plan_input_names_the_field_and_writes_nothing(self):
        project = self.server.create_project()
        other = self.server.create_project()
        ann = self.operator(project)
        group = self.group(project, [ann["id"]])
        stranger = self.operator(other)
        stranger_group = self.group(other, [stranger["id"]])
        ok = [{"operator_id": ann["id"]}]
        cases = [({"members": ok}, "name", "missing_field"),
                 ({"name": "P"}, "members", "missing_field"),
                 ({"name": "P", "members": ok, "strategy": "random"}, "strategy", "invalid_value"),
                 ({"name": "P", "members": ok, "strategy": None}, "strategy", "missing_field"),
                 ({"name": "P", "members": ok, "ring_seconds": 4}, "ring_seconds", "invalid_value"),
                 ({"name": "P", "members": ok, "ring_seconds": 121}, "ring_seconds", "invalid_value"),
                 ({"name": "P", "members": ok, "ring_seconds": "20"}, "ring_seconds", "invalid_value"),
                 ({"name": "P", "members": ok, "ring_seconds": 20.5}, "ring_seconds", "invalid_value"),
                 ({"name": "P", "members": {"operator_id": ann["id"]}}, "members", "invalid_value"),
                 ({"name": "P", "members": [ann["id"]]}, "members", "invalid_value"),
                 ({"name": "P", "members": [{"operator_id": ann["id"], "group_id": group["id"]}]}, "members",
                  "invalid_value"),
                 ({"name": "P", "members": [{"user_id": "u_1"}]}, "members", "invalid_value"),
                 ({"name": "P", "members": [{"operator_id": "op_ghost"}]}, "members", "invalid_value"),
                 ({"name": "P", "members": [{"group_id": "grp_ghost"}]}, "members", "invalid_value"),
                 ({"name": "P", "members": [{"operator_id": stranger["id"]}]}, "members", "invalid_value"),
                 ({"name": "P", "members": [{"group_id": stranger_group["id"]}]}, "members", "invalid_value"),
                 ({"name": "P", "members": ok * 101}, "members", "invalid_value"),
                 ({"name": "P", "members": ok, "schedule": "9-5"}, "schedule", "invalid_value"),
                 ({"name": "P", "members": ok, "schedule": {"mon": [["18:00", "09:00"]]}}, "schedule.mon",
                  "invalid_value"),
                 ({"name": "P", "members": ok, "schedule": {"mon": [["09:00", "12:00"], ["11:00", "13:00"]]}},
                  "schedule.mon", "invalid_value"),
                 ({"name": "P", "members": ok, "schedule": {"funday": []}}, "schedule.funday", "invalid_value"),
                 ({"name": "P", "members": ok, "off_hours": {"voicemail": False}}, "off_hours", "invalid_value"),
                 ({"name": "P", "members": ok, "off_hours": "voicemail"}, "off_hours", "invalid_value"),
                 ({"name": "P", "members": ok, "off_hours": {"forward_to": "nowhere"}}, "off_hours.forward_to",
                  "invalid_value"),
                 ({"name": "P", "members": ok, "off_hours": {"forward_to": "+12125550100", "voicemail": True}},
                  "off_hours", "invalid_value"),
                 ({"name": "P", "members": ok, "no_answer": {"forward_to": "sip:queue"}}, "no_answer.forward_to",
                  "invalid_value"),
                 ({"name": "P", "members": ok, "no_answer": {}}, "no_answer", "invalid_value"),
                 ({"name": "P", "members": ok, "fallback": None}, "fallback", "unknown_field")]
        for body, field, code in cases:
            with self.subTest(body=body):
                self.assertRefused(self.call("POST", project, "routing-plans", body=body), 422, field, code)
        self.assertEqual(self.listed(project, "routing-plans", "routing_plans"), [], "nothing half-written")

        plan = self.plan(project, ok)
        for body, field, code in [({"members": [{"operator_id": "op_ghost"}]}, "members", "invalid_value"),
                                  ({"members": None}, "members", "missing_field"),
                                  ({"strategy": "sticky", "ring_seconds": 1}, "ring_seconds", "invalid_value"),
                                  ({"id": plan["id"]}, "id", "read_only_field"),
                                  ({"created_at": plan["created_at"]}, "created_at", "read_only_field")]:
            with self.subTest(patch=body):
                self.assertRefused(self.call("PATCH", project, "routing-plans", plan["id"], body), 422, field, code)
        self.assertEqual(self.get(project, "routing-plans", plan["id"]), plan, "a refused PATCH changes nothing")

    def test_what_a_plan_names_cannot_be_deleted(self):
        project = self.server.create_project()
        ann, bob = self.operator(project, "Ann"), self.operator(project, "Bob")
        group = self.group(project, [bob["id"]])
        plan = self.plan(project, [{"operator_id": ann["id"]}, {"group_id": group["id"]}])
        error = self.assertRefused(self.call("DELETE", project, "operators", ann["id"]), 409, "operator_id", "conflict")
        self.assertIn(plan["id"], error["message"])
        error = self.assertRefused(self.call("DELETE", project, "operator-groups", group["id"]), 409, "group_id",
                                   "conflict")
        self.assertIn(plan["id"], error["message"])
        self.assertEqual(self.get(project, "operators", ann["id"]), ann)
        self.assertEqual(self.get(project, "operator-groups", group["id"]), group)

        status, _ = self.call("PATCH", project, "routing-plans", plan["id"], {"members": []})
        self.assertEqual(status, 200)
        for resource, item in (("operator-groups", group["id"]), ("operators", ann["id"]), ("operators", bob["id"])):
            status, reply = self.call("DELETE", project, resource, item)
            self.assertEqual(status, 204, f"{resource}/{item}: {reply}")


class PlanUsersTest(RoutingCase):
    """Tracking numbers and pools name the plan their calls follow."""

    def setUp(self):
        self.project = self.server.create_project()
        op = self.operator(self.project)
        self.plan_a = self.plan(self.project, [{"operator_id": op["id"]}], name="A")
        self.plan_b = self.plan(self.project, [{"operator_id": op["id"]}], name="B")

    def pool(self, **fields):
        status, _, pool = self.server.request("POST", self.path(self.project, "pools"),
                                              {"name": "Website", **fields}, token=self.project["api_key"])
        self.assertEqual(status, 201, pool)
        return pool

    def test_a_number_is_given_a_plan_changed_and_cleared(self):
        number = self.server.create_number(self.project, routing_plan_id=self.plan_a["id"])
        self.assertEqual(number["routing_plan_id"], self.plan_a["id"])
        plain = self.server.create_number(self.project)
        self.assertIsNone(plain["routing_plan_id"])
        status, patched = self.call("PATCH", self.project, "numbers", number["id"],
                                    {"routing_plan_id": self.plan_b["id"], "label": "Radio"})
        self.assertEqual((status, patched["routing_plan_id"], patched["label"]), (200, self.plan_b["id"], "Radio"))
        status, patched = self.call("PATCH", self.project, "numbers", number["id"], {"label": "Radio 2"})
        self.assertEqual(patched["routing_plan_id"], self.plan_b["id"], "unchanged when not sent")
        status, patched = self.call("PATCH", self.project, "numbers", number["id"], {"routing_plan_id": None})
        self.assertEqual((status, patched["routing_plan_id"]), (200, None))
        self.assertEqual(self.get(self.project, "numbers", number["id"]), patched)

    def test_a_number_needs_a_plan_of_its_project(self):
        other = self.server.create_project()
        foreign = self.plan(other, [], name="Foreign")
        for plan_id in ("plan_ghost", foreign["id"], ""):
            with self.subTest(plan_id=plan_id):
                self.assertRefused(self.call("POST", self.project, "numbers",
                                             body={"number": next_number(), "routing_plan_id": plan_id}),
                                   422, "routing_plan_id", "invalid_value")
        self.assertRefused(self.call("POST", self.project, "numbers",
                                     body={"number": next_number(), "routing_plan_id": 5}),
                           422, "routing_plan_id", "invalid_value")
        status, listed = self.call("GET", self.project, "numbers")
        self.assertEqual(listed["numbers"], [], "nothing half-written")
        number = self.server.create_number(self.project, routing_plan_id=self.plan_a["id"])
        self.assertRefused(self.call("PATCH", self.project, "numbers", number["id"],
                                     {"routing_plan_id": foreign["id"], "label": "x"}), 422, "routing_plan_id")
        self.assertEqual(self.get(self.project, "numbers", number["id"]), number)

    def test_a_pool_is_given_a_plan_changed_and_cleared(self):
        pool = self.pool(routing_plan_id=self.plan_a["id"])
        self.assertEqual(pool["routing_plan_id"], self.plan_a["id"])
        self.assertIsNone(self.pool()["routing_plan_id"])
        pool_number = self.server.create_number(self.project, kind="pool", pool_id=pool["id"])
        self.assertIsNone(pool_number["routing_plan_id"], "a pool number without its own plan uses its pool's")
        status, patched = self.call("PATCH", self.project, "pools", pool["id"], {"routing_plan_id": self.plan_b["id"]})
        self.assertEqual((status, patched["routing_plan_id"]), (200, self.plan_b["id"]))
        status, patched = self.call("PATCH", self.project, "pools", pool["id"], {"hold_seconds": 600})
        self.assertEqual(patched["routing_plan_id"], self.plan_b["id"], "unchanged when not sent")
        status, patched = self.call("PATCH", self.project, "pools", pool["id"], {"routing_plan_id": None})
        self.assertEqual((status, patched["routing_plan_id"]), (200, None))
        self.assertEqual(self.get(self.project, "pools", pool["id"]), patched)

    def test_a_pool_needs_a_plan_of_its_project(self):
        other = self.server.create_project()
        foreign = self.plan(other, [], name="Foreign")
        for plan_id in ("plan_ghost", foreign["id"], 5):
            with self.subTest(plan_id=plan_id):
                self.assertRefused(self.call("POST", self.project, "pools",
                                             body={"name": "Website", "routing_plan_id": plan_id}),
                                   422, "routing_plan_id", "invalid_value")
        status, listed = self.call("GET", self.project, "pools")
        self.assertEqual(listed["pools"], [], "nothing half-written")
        pool = self.pool()
        self.assertRefused(self.call("PATCH", self.project, "pools", pool["id"],
                                     {"routing_plan_id": "plan_ghost", "name": "Renamed"}), 422, "routing_plan_id")
        self.assertEqual(self.get(self.project, "pools", pool["id"]), pool)

    def test_a_plan_in_use_cannot_be_deleted(self):
        number = self.server.create_number(self.project, routing_plan_id=self.plan_a["id"])
        pool = self.pool(routing_plan_id=self.plan_b["id"])
        error = self.assertRefused(self.call("DELETE", self.project, "routing-plans", self.plan_a["id"]), 409,
                                   "plan_id", "conflict")
        self.assertIn(number["id"], error["message"])
        error = self.assertRefused(self.call("DELETE", self.project, "routing-plans", self.plan_b["id"]), 409,
                                   "plan_id", "conflict")
        self.assertIn(pool["id"], error["message"])
        self.assertEqual(len(self.listed(self.project, "routing-plans", "routing_plans")), 2)

        self.call("PATCH", self.project, "numbers", number["id"], {"routing_plan_id": None})
        status, reply = self.call("DELETE", self.project, "routing-plans", self.plan_a["id"])
        self.assertEqual(status, 204, reply)
        status, _ = self.call("DELETE", self.project, "numbers", number["id"])
        self.assertEqual(status, 204)
        self.call("PATCH", self.project, "pools", pool["id"], {"routing_plan_id": None})
        status, reply = self.call("DELETE", self.project, "routing-plans", self.plan_b["id"])
        self.assertEqual(status, 204, reply)


class RoutingAccessTest(RoutingCase):

    def test_another_projects_key_sees_nothing(self):
        project = self.server.create_project()
        other = self.server.create_project()
        op = self.operator(project)
        group = self.group(project, [op["id"]])
        plan = self.plan(project, [{"group_id": group["id"]}])
        items = {"operators": op, "operator-groups": group, "routing-plans": plan}
        for resource, item in items.items():
            with self.subTest(resource=resource):
                # The project's paths with the other project's key: as if the project did not exist.
                for method, item_id, body in (("GET", None, None), ("POST", None, {"name": "x"}),
                                              ("GET", item["id"], None), ("PATCH", item["id"], {"name": "x"}),
                                              ("DELETE", item["id"], None)):
                    self.assertRefused(self.call(method, project, resource, item_id, body, token=other["api_key"]),
                                       404, None)
                # The other project's own paths do not reach this project's items.
                for method, body in (("GET", None), ("PATCH", {"name": "x"}), ("DELETE", None)):
                    self.assertRefused(self.call(method, other, resource, item["id"], body, token=other["api_key"]),
                                       404, None)
                self.assertEqual(self.get(project, resource, item["id"]), item, "unchanged")
                status, _, reply = self.server.request("GET", self.path(project, resource))
                self.assertEqual(status, 401, reply)
                status, _, reply = self.server.request("GET", self.path(project, resource),
                                                       token=project["public_key"])
                self.assertEqual(status, 403, reply)
        # The admin token sees every project.
        status, reply = self.call("GET", project, "routing-plans", plan["id"], token=self.server.admin_token)
        self.assertEqual((status, reply), (200, plan))

    def test_routing_survives_a_restart(self):
        project = self.server.create_project()
        op = self.operator(project, destination="sip:ann@pbx.example.com")
        group = self.group(project, [op["id"]])
        plan = self.plan(project, [{"group_id": group["id"]}, {"operator_id": op["id"]}], strategy="sticky",
                         schedule=WEEKDAYS, off_hours={"forward_to": "+12125550100"}, no_answer={"voicemail": True})
        number = self.server.create_number(project, routing_plan_id=plan["id"])
        self.server.restart()
        self.assertEqual(self.get(project, "operators", op["id"]), op)
        self.assertEqual(self.get(project, "operator-groups", group["id"]), group)
        self.assertEqual(self.get(project, "routing-plans", plan["id"]), plan)
        self.assertEqual(self.get(project, "numbers", number["id"]), number)


if __name__ == "__main__":
    unittest.main()
