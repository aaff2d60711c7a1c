#!/usr/bin/env bash
# DNI hot-path benchmark: how fast `callsign serve` starts new visitor sessions (POST /v1/sessions: traffic
# source, a pool number from the in-memory allocator, the session and its lease made durable through the group
# commit before the reply), against nginx answering a fixed JSON reply in the same run.
#
# Set-up: one project, one pool of POOL_SIZE numbers (default 200) with a short hold (HOLD_SECONDS, default 10)
# and reuse_oldest, so under load the pool is exhausted and numbers are handed over constantly — the allocator's
# busiest case. The per-IP session limit is off (wrk sends everything from 127.0.0.1).
# Report: bench/results/sessions-<date>-<host>.md (and stdout). Target (reported, not asserted): ≥ 25 % of nginx.
# Knobs: WRK_ARGS (default "-t2 -c64 -d15s --latency"), POOL_SIZE, HOLD_SECONDS, KEEP_DATA=1.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=bench/common.bash
. "$root/bench/common.bash"
bench_defaults
pool_size=${POOL_SIZE:-200}
hold=${HOLD_SECONDS:-10}
bench_setup sessions

start_callsign "$work/data" "$admin" --sessions-per-ip-per-minute 0
echo "sessions: callsign pid $pid on $base"
create_dni_pool "$admin" "Bench Shop" "$pool_size" "$hold"
project=$dni_project key=$dni_key pool_id=$dni_pool public_key=$dni_public_key
export CALLSIGN_PUBLIC_KEY=$public_key

echo "sessions: wrk ${wrk_args[*]} against callsign"
cs_out=$(wrk "${wrk_args[@]}" -s bench/sessions.lua "$base/v1/sessions")
echo "$cs_out"
cs_rps=$(wrk_field "$cs_out" rps); cs_req=$(wrk_field "$cs_out" requests)
cs_p50=$(wrk_field "$cs_out" p50); cs_p99=$(wrk_field "$cs_out" p99)
cs_non2xx=$(wrk_field "$cs_out" non2xx); cs_errors=$(wrk_field "$cs_out" errors)
hwm=$(proc_kb VmHWM)
stats=$(curl -sS -H "Authorization: Bearer $key" "$base/v1/projects/$project/pools/$pool_id/stats")
sessions_stored=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["sessions_total"])' "$stats")
exhausted=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["exhausted_total"])' "$stats")

echo "sessions: nginx ceiling with the same wrk args"
nginx_out=$(../shared/tools/nginx-ceiling "${wrk_args[@]}")
echo "$nginx_out"
nginx_rps=$(awk -F= '/^nginx_rps=/ {print $2}' <<<"$nginx_out")
nginx_p50=$(wrk_field "$nginx_out" p50); nginx_p99=$(wrk_field "$nginx_out" p99)
ratio=$(ratio_percent "$cs_rps" "$nginx_rps")

kill -TERM "$pid"
code=0; wait "$pid" || code=$?
pid=""

day=$(date +%F)
verdict=$(awk -v r="$ratio" 'BEGIN {print (r + 0 >= 25) ? "met" : "NOT met"}')
mkdir -p bench/results
report=bench/results/sessions-$day-$(hostname).md
{
  echo "# DNI sessions benchmark — $day on $(hostname)"
  echo
  echo "* machine: $(machine_line)"
  echo "* binary: \`$bin\` ($("$bin" version 2>/dev/null || echo unknown version))"
  echo "* load: \`wrk ${wrk_args[*]} -s bench/sessions.lua\` — POST /v1/sessions, a new session per request,"
  echo "  pool of $pool_size numbers, hold ${hold} s, reuse_oldest; wrk on the same machine (it competes for the CPUs)"
  echo
  echo "| | req/s | p50 | p99 |"
  echo "|---|---|---|---|"
  echo "| callsign (new session + lease, durable) | $cs_rps | $cs_p50 | $cs_p99 |"
  echo "| nginx fixed reply | $nginx_rps | $nginx_p50 | $nginx_p99 |"
  echo
  echo "* ratio: **$ratio %** of nginx (target ≥ 25 %: $verdict)"
  echo "* requests: $cs_req, non-2xx: $cs_non2xx, socket errors: $cs_errors"
  echo "* pool stats after the run: $stats"
  echo "* sessions that held a number: $sessions_stored; exhausted (number handed over): $exhausted"
  echo "* server peak RSS: $(mb "$hwm") MB; exit code after SIGTERM: $code"
} | tee "$report"
echo "sessions: report written to $report"
