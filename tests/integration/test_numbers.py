"""Static tracking numbers (API.md "Tracking numbers and pools"; pools come in a later milestone)."""
import unittest

from harness import ServerTestCase, next_number


class NumbersTest(ServerTestCase):

    def path(self, project, number_id=None):
        base = f"/v1/projects/{project['id']}/numbers"
        return base if number_id is None else f"{base}/{number_id}"

    def post(self, project, body, token=None):
        return self.server.request("POST", self.path(project), body, token=token or project["api_key"])

    def listed(self, project):
        status, _, body = self.server.request("GET", self.path(project), token=project["api_key"])
        self.assertEqual(status, 200, body)
        return body["numbers"]

    def test_normalization_with_country_us(self):
        project = self.server.create_project()
        status, _, number = self.post(project, {"number": "(415) 555-0123"})
        self.assertEqual(status, 201, number)
        self.assertEqual(number["number"], "+14155550123")
        self.assertTrue(number["id"].startswith("num_"), number)
        self.assertEqual(number["kind"], "static")
        self.assertEqual(number["channel"], "offline")
        self.assertEqual(number.get("project_id", project["id"]), project["id"])
        status, _, got = self.server.request("GET", self.path(project, number["id"]), token=project["api_key"])
        self.assertEqual(status, 200, got)
        self.assertEqual(got, number)
        self.assertEqual(self.listed(project), [number])

    def test_common_written_forms(self):
        project = self.server.create_project()
        forms = {"415-555-0124": "+14155550124", "415.555.0125": "+14155550125", "+1 (415) 555-0126": "+14155550126",
                 "1 415 555 0127": "+14155550127", "+14155550128": "+14155550128", "4155550129": "+14155550129"}
        for written, e164 in forms.items():
            with self.subTest(number=written):
                status, _, number = self.post(project, {"number": written})
                self.assertEqual(status, 201, number)
                self.assertEqual(number["number"], e164)

    def test_project_country_reads_national_numbers(self):
        project = self.server.create_project(country="GB")
        status, _, number = self.post(project, {"number": "020 8743 8000"})
        self.assertEqual(status, 201, number)
        self.assertEqual(number["number"], "+442087438000")

    def test_fields_are_stored(self):
        project = self.server.create_project()
        body = {"number": next_number(), "kind": "static", "channel": "billboard", "source": "i95",
                "medium": "outdoor", "campaign": "spring", "label": "Billboard on I-95",
                "forward_to": "(212) 555-0100"}
        status, _, number = self.post(project, body)
        self.assertEqual(status, 201, number)
        for key in ("channel", "source", "medium", "campaign", "label"):
            self.assertEqual(number[key], body[key], key)
        self.assertEqual(number["forward_to"], "+12125550100")
        self.assertEqual(self.listed(project), [number])

    def test_impossible_numbers_are_422(self):
        project = self.server.create_project()
        for bad in ["123", "", "abc", "+999999", "+1 415 555 01234567", "555-0123"]:
            with self.subTest(number=bad):
                self.assertError(self.post(project, {"number": bad}), 422, "invalid_value", "number")
        for bad in [4155550123, None, ["+14155550123"]]:
            with self.subTest(number=bad):
                self.assertError(self.post(project, {"number": bad}), 422, ("invalid_value", "missing_field"),
                                 "number")
        self.assertError(self.post(project, {"channel": "radio"}), 422, "missing_field", "number")
        self.assertEqual(self.listed(project), [])

    def test_other_invalid_fields(self):
        project = self.server.create_project()
        cases = [({"channel": "Bill Board"}, "channel"), ({"channel": ""}, "channel"), ({"channel": 5}, "channel"),
                 ({"kind": "dynamic"}, "kind"), ({"forward_to": "nowhere"}, "forward_to"),
                 ({"label": "x" * 201}, "label")]
        for extra, field in cases:
            with self.subTest(extra=extra):
                r = self.post(project, {"number": next_number(), **extra})
                self.assertError(r, 422, "invalid_value", field)
        self.assertEqual(self.listed(project), [])

    def test_pool_numbers_need_pools(self):
        project = self.server.create_project()
        r = self.post(project, {"number": next_number(), "kind": "pool"})
        self.assertEqual(r[0], 422, r)
        r = self.post(project, {"number": next_number(), "kind": "pool", "pool_id": "pool_doesnotexist"})
        self.assertIn(r[0], (404, 422), r)
        self.assertEqual(self.listed(project), [])

    def test_unknown_field(self):
        project = self.server.create_project()
        self.assertError(self.post(project, {"number": next_number(), "chanel": "radio"}), 422, "unknown_field",
                         "chanel")
        self.assertEqual(self.listed(project), [])

    def test_number_used_by_another_project_is_409(self):
        first = self.server.create_project()
        second = self.server.create_project()
        taken = self.server.create_number(first, "(415) 555-0130")
        for written in ["(415) 555-0130", "+14155550130", "415.555.0130"]:
            with self.subTest(number=written):
                self.assertError(self.post(second, {"number": written}), 409, "conflict")
                self.assertError(self.post(first, {"number": written}), 409, "conflict")
        self.assertEqual(self.listed(second), [])
        self.assertEqual(self.listed(first), [taken])

    def test_delete_then_reuse(self):
        first = self.server.create_project()
        second = self.server.create_project()
        number = self.server.create_number(first, "(415) 555-0131", channel="radio")
        status, _, body = self.server.request("DELETE", self.path(first, number["id"]), token=first["api_key"])
        self.assertEqual(status, 204, body)
        self.assertFalse(body)
        r = self.server.request("GET", self.path(first, number["id"]), token=first["api_key"])
        self.assertError(r, 404, "not_found")
        r = self.server.request("DELETE", self.path(first, number["id"]), token=first["api_key"])
        self.assertError(r, 404, "not_found")
        self.assertEqual(self.listed(first), [])
        status, _, again = self.post(second, {"number": "+14155550131"})
        self.assertEqual(status, 201, again)
        self.assertNotEqual(again["id"], number["id"])
        self.assertEqual(again["channel"], "offline")

    def test_delete_then_reuse_in_same_project(self):
        project = self.server.create_project()
        number = self.server.create_number(project)
        status, _, _ = self.server.request("DELETE", self.path(project, number["id"]), token=project["api_key"])
        self.assertEqual(status, 204)
        status, _, again = self.post(project, {"number": number["number"]})
        self.assertEqual(status, 201, again)
        self.assertEqual(self.listed(project), [again])

    def test_patch_channel_and_labels(self):
        project = self.server.create_project()
        number = self.server.create_number(project, channel="billboard", label="I-95", campaign="spring")
        status, _, patched = self.server.request("PATCH", self.path(project, number["id"]),
                                                 {"channel": "radio", "label": None}, token=project["api_key"])
        self.assertEqual(status, 200, patched)
        self.assertEqual(patched["channel"], "radio")
        self.assertIsNone(patched["label"])
        self.assertEqual(patched["campaign"], "spring")
        self.assertEqual(patched["number"], number["number"])
        self.assertEqual(patched["id"], number["id"])
        status, _, got = self.server.request("GET", self.path(project, number["id"]), token=project["api_key"])
        self.assertEqual(got, patched)

    def test_patch_rejects_immutable_and_unknown_fields(self):
        project = self.server.create_project()
        number = self.server.create_number(project, channel="billboard")
        for body, code, field in [({"number": next_number()}, "invalid_value", "number"),
                                  ({"kind": "pool"}, "invalid_value", "kind"),
                                  ({"channel": "Bad Channel"}, "invalid_value", "channel"),
                                  ({"channel": "radio", "colour": "red"}, "unknown_field", "colour")]:
            with self.subTest(body=body):
                r = self.server.request("PATCH", self.path(project, number["id"]), body, token=project["api_key"])
                self.assertError(r, 422, code, field)
        status, _, got = self.server.request("GET", self.path(project, number["id"]), token=project["api_key"])
        self.assertEqual(got, number)

    def test_unknown_number_id_is_404(self):
        project = self.server.create_project()
        for method, body in [("GET", None), ("PATCH", {"channel": "radio"}), ("DELETE", None)]:
            with self.subTest(method=method):
                r = self.server.request(method, self.path(project, "num_doesnotexist"), body,
                                        token=project["api_key"])
                self.assertError(r, 404, "not_found")

    def test_list_is_oldest_first(self):
        project = self.server.create_project()
        created = [self.server.create_number(project) for _ in range(5)]
        self.assertEqual(self.listed(project), created)


if __name__ == "__main__":
    unittest.main()
