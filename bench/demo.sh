#!/usr/bin/env bash
# `callsign demo`'s backfill: how long the simulated history takes to write through the real code paths (the
# PoolRegistry, persist_session, record_call, record_deal, the group-commit store), against the issue's budget
# of one minute for the whole start. Runs the default history (60 days × 400 sessions a day), the issue's 30
# days, and a busier site (60 days × 2,000 a day), each on a fresh data folder, with no live traffic.
# Report: bench/results/demo-<date>-<host>.md. KEEP_DATA=1 keeps the data folders.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=bench/common.bash
. "$root/bench/common.bash"
bench_defaults
bench_setup demo python3

budget=60
rows=()
run() {  # run NAME DAYS SESSIONS_PER_DAY
  local name=$1 days=$2 per_day=$3 data=$work/$1 started ready line rc
  mkdir -p "$data"
  started=$(date +%s.%N)
  launch_callsign 60 "$data.stdout" "$data.stderr" demo --listen 127.0.0.1:0 --data-dir "$data" --log-level warn \
    --no-live --backfill-days "$days" --sessions-per-day "$per_day"
  ready=$(date +%s.%N)
  kill -TERM "$pid"
  rc=0
  wait "$pid" || rc=$?
  pid=""
  [ "$rc" = 0 ] || { echo "demo: $name exited with $rc" >&2; cat "$data.stdout" "$data.stderr" >&2; exit 1; }
  line=$(grep 'backfilling .* done' "$data.stderr") || { echo "demo: $name printed no backfill" >&2; exit 1; }
  rows+=("$(python3 - "$name" "$days" "$per_day" "$line" "$started" "$ready" "$budget" <<'PY'
import re, sys
name, days, per_day, line, started, ready, budget = sys.argv[1:]
m = re.search(r"done, (\d+) sessions, (\d+) calls \((\d+) from website visits\), (\d+) deals \((\d+) refunded\), "
              r"(\d+) cost rows \(([\d.]+) s\)", line)
sessions, calls, web, deals, refunds, costs = map(int, m.groups()[:6])
backfill = float(m.group(7))
start = float(ready) - float(started)
print(f"| {name} | {days} × {int(float(per_day)):,} | {sessions:,} | {calls:,} ({web:,} from visits) | {deals:,} ({refunds} refunded) "
      f"| {backfill:.1f} s | {sessions / backfill:,.0f} | {start:.1f} s | {100 * start / float(budget):.1f} % |")
PY
)")
  echo "demo: $name done" >&2
}

run default 60 400
run issue-30-days 30 400
run busy-site 60 2000

report=bench/results/demo-$(date +%F)-$(hostname).md
{
  echo "# Demo backfill benchmark — $(date +%F)"
  echo
  echo "* machine: $(machine_line)"
  echo "* binary: $bin (\`callsign demo --no-live\`, fresh data folder per row, seed 1)"
  echo "* reference: the issue's budget — the demo's history written \"in under a minute\"; the last column is the"
  echo "  whole start (store opened, project created, history written, listening) as a share of that minute"
  echo
  echo "| run | days × sessions a day | sessions | calls | deals | backfill | sessions per second | start to listening | share of the 1-minute budget |"
  echo "|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} | tee "$report"
echo "demo: report written to $report"
