#!/usr/bin/env bash
# Reports benchmark (issue 5): with SESSIONS visitor sessions and CALLS calls of history in the embedded store
# (default 10 M and 1 M over 365 days, written by build/bench/reports_loader), the p50 latency of a 30-day report by
# channel, a 90-day report by campaign × date and the 30-day heat map; and the DNI session throughput
# (POST /v1/sessions, as bench/sessions.sh) alone and while the three reports run in a loop, as a ratio.
# Targets (reported, not asserted): each report p50 ≤ 150 ms; DNI under report load ≥ 80 % of DNI alone.
# Knobs: SESSIONS, CALLS, DAYS, DATA (reuse a loaded data directory: skips the load; it is kept), WRK_ARGS
# (default "-t2 -c64 -d15s --latency"), SAMPLES (requests per report, default 20), KEEP_DATA=1.
# Report: bench/results/reports-<date>-<host>.md.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=bench/common.bash
. "$root/bench/common.bash"
bench_defaults
loader=${BUILD_DIR:-build}/bench/reports_loader
[ -x "$loader" ] || { echo "reports: $loader is missing (build with -DCALLSIGN_BENCH=ON)" >&2; exit 2; }
sessions=${SESSIONS:-10000000}
calls=${CALLS:-1000000}
days=${DAYS:-365}
samples=${SAMPLES:-20}
bench_setup reports

data=${DATA:-$work/data}
key_file=$data/bench-api-key
if [ -f "$key_file" ]; then
  read -r key project load_line <"$key_file"
  echo "reports: reusing $data (project $project)"
else
  key="key_bench_$(python3 -c 'import secrets;print(secrets.token_hex(16))')"
  echo "reports: loading $sessions sessions and $calls calls over $days days into $data"
  load_out=$("$loader" --data-dir "$data" --api-key "$key" --sessions "$sessions" --calls "$calls" --days "$days")
  echo "$load_out"
  project=$(awk -F= '$1 == "project" {print $2}' <<<"$load_out")
  load_line=$(tr '\n' ' ' <<<"$load_out")
  echo "$key $project $load_line" >"$key_file"
fi
db_mb=$(du -m "$data/callsign.db" | cut -f1)

start_callsign "$data" "$admin" --sessions-per-ip-per-minute 0
echo "reports: callsign pid $pid on $base"
# The call rollup (decision 0008) is built by a background job at start: wait for its first run (a binary without
# it has no such metric) and report how long it took.
call_rollup_seconds=none
for _ in $(seq 3000); do
  metrics=$(curl -sS "$base/metrics")
  grep -q '^callsign_call_rollup_runs_total' <<<"$metrics" || break
  if grep -q '^callsign_call_rollup_failures_total [1-9]' <<<"$metrics"; then
    echo "reports: the call rollup failed" >&2; cat "$data.stderr" >&2; exit 1
  fi
  if grep -q '^callsign_call_rollup_runs_total [1-9]' <<<"$metrics"; then
    call_rollup_seconds=$(awk '$1 == "callsign_call_rollup_last_run_seconds" {printf "%.1f", $2}' <<<"$metrics")
    break
  fi
  sleep 0.2
done
echo "reports: call rollup first run: $call_rollup_seconds s"
client=(python3 bench/report_client.py "$base" "$key" "$project")

echo "reports: report latency, $samples requests each"
alone=$("${client[@]}" measure "$samples")
echo "$alone"

create_dni_pool "$admin" "Bench DNI" 200 10
export CALLSIGN_PUBLIC_KEY=$dni_public_key
echo "reports: DNI alone: wrk ${wrk_args[*]}"
dni_alone=$(wrk "${wrk_args[@]}" -s bench/sessions.lua "$base/v1/sessions")
echo "$dni_alone"

stop_file=$work/stop-report-loop
rm -f "$stop_file"
"${client[@]}" loop "$stop_file" >"$work/loop.json" &
loop_pid=$!
sleep 2
echo "reports: DNI with the report loop running"
dni_loaded=$(wrk "${wrk_args[@]}" -s bench/sessions.lua "$base/v1/sessions")
echo "$dni_loaded"
touch "$stop_file"
wait "$loop_pid"
loop=$(cat "$work/loop.json")
echo "$loop"

rps_alone=$(wrk_field "$dni_alone" rps)
rps_loaded=$(wrk_field "$dni_loaded" rps)
ratio=$(ratio_percent "$rps_loaded" "$rps_alone")
hwm=$(proc_kb VmHWM)
kill -TERM "$pid"; wait "$pid" || true; pid=""
[ -n "${DATA:-}" ] || [ "${KEEP_DATA:-0}" = 1 ] || rm -rf "$data"

day=$(date +%F)
mkdir -p bench/results
report=bench/results/reports-$day-$(hostname).md
python3 - "$alone" "$loop" "$rps_alone" "$rps_loaded" "$ratio" "$load_line" "$db_mb" "$(machine_line)" \
  "$(wrk_field "$dni_alone" p50)" "$(wrk_field "$dni_loaded" p50)" "$(mb "$hwm")" "${wrk_args[*]}" "$day" \
  "$call_rollup_seconds" <<'PY' | tee "$report"
import json, sys
alone, loop, rps_alone, rps_loaded, ratio, load, db_mb, machine, p50_alone, p50_loaded, rss, wrk, day, call_rollup = sys.argv[1:15]
alone, loop = json.loads(alone), json.loads(loop)
load = dict(kv.split("=", 1) for kv in load.split() if "=" in kv)
print(f"# Reports benchmark — {day}\n")
print(f"* machine: {machine}")
print(f"* store: {int(load.get('sessions', 0)):,} sessions, {int(load.get('calls', 0)):,} calls, "
      f"{int(load.get('deals', 0)):,} deals, {int(load.get('visitors', 0)):,} visitors; database {db_mb} MB; "
      f"loaded in {load.get('load_seconds', '?')} s, session rollup built in {load.get('rollup_seconds', '?')} s")
if call_rollup != "none":
    print(f"* call rollup: the server's first run of the job (every day of history) took {call_rollup} s")
print("* reports: one project (America/New_York), sequential requests on one keep-alive connection\n")
print("| report | p50 | p90 | target p50 ≤ 150 ms |")
print("|---|---|---|---|")
for name, r in alone.items():
    print(f"| {name} | {r['p50_ms']} ms | {r['p90_ms']} ms | {'met' if r['p50_ms'] <= 150 else 'NOT met'} |")
print(f"\n* DNI sessions (`wrk {wrk} -s bench/sessions.lua`): alone {rps_alone} req/s (p50 {p50_alone}); "
      f"with the three reports in a loop {rps_loaded} req/s (p50 {p50_loaded})")
print(f"* ratio under report load: **{ratio} %** (target ≥ 80 %: {'met' if float(ratio) >= 80 else 'NOT met'})")
print(f"* reports run during that load: {loop['reports_run']}, p50 {loop['p50_ms']} ms")
print(f"* server peak RSS: {rss} MB")
PY
echo "reports: report written to $report"
