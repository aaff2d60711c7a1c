"""What the dashboard needs from the server: the page and its files at / and /assets/{file} (types, caching,
gzip), and the call list's filters for first-time callers, a number, an operator, a caller's history, every
missed call, and its CSV export (docs/dashboard.md)."""
import csv
import datetime as dt
import gzip
import io
import re
import unittest

from harness import BASE_TIME, ServerTestCase, next_external_id, ts

S = dt.timedelta(seconds=1)


class DashboardServedTest(ServerTestCase):

    def test_the_page_and_its_hashed_assets(self):
        status, headers, page = self.server.request("GET", "/")
        self.assertEqual(status, 200)
        self.assertTrue(headers["content-type"].startswith("text/html"), headers)
        self.assertEqual(headers["cache-control"], "no-cache")
        self.assertIn("default-src 'self'", headers["content-security-policy"])
        assets = re.findall(r'(?:src|href)="(/assets/app-\w+\.(?:js|css))"', page)
        self.assertEqual(sorted(a.rsplit(".", 1)[1] for a in assets), ["css", "js"], page)
        for asset in assets:
            status, headers, body = self.server.request("GET", asset)
            self.assertEqual(status, 200, asset)
            self.assertEqual(headers["content-type"],
                             "text/javascript; charset=utf-8" if asset.endswith(".js") else "text/css; charset=utf-8")
            self.assertEqual(headers["cache-control"], "public, max-age=31536000, immutable")
            self.assertNotIn("content-encoding", headers)
            conn = self.server.connection()
            conn.request("GET", asset, headers={"Accept-Encoding": "gzip, deflate"})
            resp = conn.getresponse()
            zipped = resp.read()
            conn.close()
            self.assertEqual(resp.getheader("Content-Encoding"), "gzip")
            self.assertEqual(resp.getheader("Vary"), "Accept-Encoding")
            self.assertEqual(gzip.decompress(zipped).decode("utf-8"), body)
            self.assertLess(len(zipped), len(body.encode()))

    def test_unknown_asset_is_404_json(self):
        status, _, body = self.server.request("GET", "/assets/app-nope.js")
        self.assertEqual(status, 404)
        self.assertEqual(body["error"]["code"], "not_found")


class CallFiltersTest(ServerTestCase):

    def setUp(self):
        self.project = self.server.create_project()
        self.billboard = self.server.create_number(self.project, channel="billboard")
        self.radio = self.server.create_number(self.project, channel="radio")
        self.calls = []
        plan = [  # (number, caller, answered, operator)
            (self.billboard, "+12125550199", True, "Dana"), (self.billboard, "+12125550199", False, None),
            (self.radio, "+12125550177", True, "Lee"), (self.radio, "+12125550199", True, "Dana"),
            (self.billboard, "+12125550155", False, None)]
        for i, (number, caller, answered, operator) in enumerate(plan):
            start = BASE_TIME + i * 3600 * S
            fields = dict(external_id=next_external_id("f"), tracking_number=number["number"], caller=caller,
                          started_at=ts(start), ended_at=ts(start + 90 * S))
            if answered:
                fields.update(answered_at=ts(start + 5 * S), operator=operator)
            self.calls.append(self.server.record_call(self.project, **fields))

    def ids(self, **params):
        return [c["id"] for c in self.server.all_calls(self.project, **params)]

    def newest_first(self, keep):
        return [c["id"] for c in reversed(self.calls) if keep(c)]

    def test_each_filter(self):
        self.assertEqual(self.ids(first_time="true"), self.newest_first(lambda c: c["flags"]["first_time"]))
        self.assertEqual(len(self.ids(first_time="true")), 3)
        self.assertEqual(self.ids(first_time="false"), self.newest_first(lambda c: not c["flags"]["first_time"]))
        self.assertEqual(self.ids(status="missed"), self.newest_first(lambda c: c["flags"]["missed"]))
        self.assertEqual(len(self.ids(status="missed")), 2)
        self.assertEqual(self.ids(tracking_number=self.radio["number"]),
                         self.newest_first(lambda c: c["tracking_number"] == self.radio["number"]))
        self.assertEqual(self.ids(operator="Dana"), self.newest_first(lambda c: c["operator"] == "Dana"))
        self.assertEqual(self.ids(caller="+12125550199"), self.newest_first(lambda c: c["caller"] == "+12125550199"))
        self.assertEqual(self.ids(caller="+12125550199", status="missed"), [self.calls[1]["id"]])

    def test_bad_filter_values_are_422_naming_the_parameter(self):
        for params, field in [({"first_time": "yes"}, "first_time"), ({"status": "lost"}, "status"),
                              ({"format": "xml"}, "format"), ({"format": "csv", "limit": "100001"}, "limit")]:
            status, _, body = self.server.list_calls(self.project, **params)
            self.assertEqual(status, 422, (params, body))
            self.assertEqual(body["error"]["field"], field, params)

    def test_csv_export_has_every_matching_call(self):
        status, headers, text = self.server.list_calls(self.project, format="csv", operator="Dana")
        self.assertEqual(status, 200, text)
        self.assertEqual(headers["content-type"], "text/csv; charset=utf-8")
        self.assertIn('filename="calls.csv"', headers["content-disposition"])
        self.assertTrue(text.endswith("\r\n"))
        rows = list(csv.DictReader(io.StringIO(text)))
        want = [c for c in reversed(self.calls) if c["operator"] == "Dana"]
        self.assertEqual([r["id"] for r in rows], [c["id"] for c in want])
        first, call = rows[0], want[0]
        self.assertEqual(first["caller"], call["caller"])
        self.assertEqual(first["started_at"], call["started_at"])
        self.assertEqual(first["channel"], "radio")
        self.assertEqual(first["status"], "answered")
        self.assertEqual(first["talk_seconds"], str(call["talk_seconds"]))
        self.assertEqual(first["first_time"], "false")
        self.assertEqual(first["recording_url"], "")
        # Without a limit, every call (more than a JSON page's 200 at most) is exported.
        status, _, everything = self.server.list_calls(self.project, format="csv")
        self.assertEqual(len(everything.strip().split("\r\n")), 1 + len(self.calls))


if __name__ == "__main__":
    unittest.main()
