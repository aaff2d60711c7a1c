#!/usr/bin/env bash
# The pool allocator alone (Google Benchmark, bench/allocator_bench.cpp): allocations per second on one core,
# against the issue's reference of 1,000,000 per second. Report: bench/results/allocator-<date>-<host>.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=bench/common.bash
. "$root/bench/common.bash"
program=${BUILD_DIR:-build}/bench/allocator_bench
[ -x "$program" ] || { echo "allocator: $program is missing (make bench builds it)" >&2; exit 2; }
json=$(mktemp)
trap 'rm -f "$json"' EXIT
"$program" --benchmark_min_time=1 --benchmark_format=json >"$json"
report=bench/results/allocator-$(date +%F)-$(hostname).md
python3 - "$json" "$(machine_line)" <<'PY' | tee "$report"
import json, sys
data = json.load(open(sys.argv[1]))
reference = 1_000_000
print(f"# Pool allocator benchmark — {data['context']['date'][:10]}\n")
print(f"* machine: {sys.argv[2]}")
print(f"* build: {data['context'].get('library_build_type', '?')} Google Benchmark library; one thread")
print(f"* reference: the issue's target of {reference:,} operations per second on one core\n")
print("| benchmark | ns per op | ops per second | ratio to reference |")
print("|---|---|---|---|")
for b in data["benchmarks"]:
    rate = b.get("items_per_second", 0)
    print(f"| {b['name']} | {b['cpu_time']:.0f} | {rate / 1e6:.2f} M | {rate / reference:.1f}× |")
PY
echo "allocator: report written to $report"
