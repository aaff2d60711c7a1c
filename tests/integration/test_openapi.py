"""docs/api/openapi.yaml stays true to the code: every route the server registers (src/api/routes.cpp) is
documented with its method, and the spec documents no route the server does not have. Reads both files as text
(no YAML library needed): path keys are the two-space-indented `/…:` lines under `paths:`, methods the
four-space-indented `get:`/`post:`/… lines below them."""
import os
import re
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
METHODS = ("get", "post", "put", "patch", "delete", "head", "options")


def registered_routes() -> set[tuple[str, str]]:
    with open(os.path.join(ROOT, "src", "api", "routes.cpp"), encoding="utf-8") as f:
        source = f.read()
    found = re.findall(r'router\.add\(verb::(\w+?)_?, "([^"]+)"', source)
    return {(method, path) for method, path in found}


def documented_routes() -> set[tuple[str, str]]:
    with open(os.path.join(ROOT, "docs", "api", "openapi.yaml"), encoding="utf-8") as f:
        lines = f.read().splitlines()
    start = lines.index("paths:")
    routes, path = set(), None
    for line in lines[start + 1:]:
        if line and not line.startswith(" "):
            break  # the next top-level key ends `paths:`
        m = re.match(r"^  (/\S*):$", line)
        if m:
            path = m.group(1)
            continue
        m = re.match(r"^    (\w+):$", line)
        if m and path and m.group(1) in METHODS:
            routes.add((m.group(1), path))
    return routes


class OpenApiMatchesTheRoutesTest(unittest.TestCase):

    def test_the_readers_find_something(self):
        self.assertGreater(len(registered_routes()), 30)
        self.assertGreater(len(documented_routes()), 30)

    def test_every_registered_route_is_documented(self):
        missing = registered_routes() - documented_routes()
        self.assertEqual(missing, set(), "routes the server has but docs/api/openapi.yaml does not document")

    def test_every_documented_route_exists(self):
        extra = documented_routes() - registered_routes()
        self.assertEqual(extra, set(), "routes docs/api/openapi.yaml documents but the server does not register")


if __name__ == "__main__":
    unittest.main()
