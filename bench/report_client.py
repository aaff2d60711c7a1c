"""Report requests for bench/reports.sh (standard library only).

    report_client.py BASE KEY PROJECT measure N        → p50/p90 in ms of each report over N requests (1 warm-up)
    report_client.py BASE KEY PROJECT loop STOP_FILE   → requests the reports round-robin until STOP_FILE exists,
                                                          then prints how many ran and their p50 in ms
The reports: a 30-day report by channel, a 90-day report by campaign × date, and the 30-day heat map; dates are
the project's (America/New_York) days ending today.
"""
import datetime as dt
import http.client
import json
import os
import statistics
import sys
import time
import zoneinfo

base, key, project, mode, arg = sys.argv[1:6]
host, port = base[len("http://"):].split(":")
today = dt.datetime.now(zoneinfo.ZoneInfo("America/New_York")).date()


def day(n: int) -> str:
    return (today - dt.timedelta(days=n)).isoformat()


REPORTS = {
    "30-day by channel": f"/v1/projects/{project}/reports/calls?from={day(29)}&to={day(0)}&group_by=channel",
    "90-day by campaign x date": f"/v1/projects/{project}/reports/calls?from={day(89)}&to={day(0)}&group_by=campaign,date",
    "30-day heat map": f"/v1/projects/{project}/reports/heatmap?from={day(29)}&to={day(0)}",
}
conn = http.client.HTTPConnection(host, int(port), timeout=300)


def timed(path: str) -> float:
    t0 = time.perf_counter()
    conn.request("GET", path, headers={"Authorization": f"Bearer {key}"})
    r = conn.getresponse()
    body = r.read()
    if r.status != 200:
        sys.exit(f"{path} → {r.status} {body[:300]!r}")
    return (time.perf_counter() - t0) * 1000


if mode == "measure":
    out = {}
    for name, path in REPORTS.items():
        timed(path)
        samples = sorted(timed(path) for _ in range(int(arg)))
        out[name] = {"p50_ms": round(statistics.median(samples), 1),
                     "p90_ms": round(samples[int(len(samples) * 0.9) - 1], 1), "n": len(samples)}
    print(json.dumps(out))
else:
    samples = []
    paths = list(REPORTS.values())
    while not os.path.exists(arg):
        samples.append(timed(paths[len(samples) % len(paths)]))
    print(json.dumps({"reports_run": len(samples), "p50_ms": round(statistics.median(samples), 1) if samples else None}))
