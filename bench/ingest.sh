#!/usr/bin/env bash
# Call-ingest benchmark: how fast `callsign serve` records calls over HTTP (every 201 durable), measured
# against nginx answering a fixed reply as the ceiling on this machine, and how much memory it needs to hold
# 1,000,000 stored calls.
#
#   phase 1  wrk (keep-alive) POSTs calls with unique external ids (bench/calls.lua) → callsign rps, p50/p99,
#            peak RSS; then ../shared/tools/nginx-ceiling with the same wrk args → ratio; then every acknowledged
#            call is counted back through the API.
#   phase 2  wrk again until the store holds LOAD_TARGET calls → load rate, RSS after, database size; then a
#            full read of every call through the paginated list API.
#
# It builds nothing: the binary is $CALLSIGN_BIN (default build/src/app/callsign). Needs wrk, curl, python3,
# nginx (for the ceiling). Report: bench/results/ingest-<date>-<host>.md (and the same text on stdout).
# Knobs (environment): WRK_ARGS (default "-t2 -c64 -d15s --latency"), LOAD_TARGET (1000000; 0 skips phase 2),
# LOAD_MAX_SECONDS (1500), SERVER_THREADS (callsign --threads; default: the server's own), KEEP_DATA=1.
# Targets (reported, not asserted): ≥ 20 % of nginx's rate; RSS < 100 MB with 1 M stored calls.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=bench/common.bash
. "$root/bench/common.bash"
bench_defaults
load_target=${LOAD_TARGET:-1000000}
load_max=${LOAD_MAX_SECONDS:-1500}
ceiling=$root/../shared/tools/nginx-ceiling
script=$root/bench/calls.lua

bench_setup ingest

threads_args=()
[ -n "${SERVER_THREADS:-}" ] && threads_args=(--threads "$SERVER_THREADS")
start_callsign "$work/data" "$admin" "${threads_args[@]}"
echo "ingest: callsign pid $pid on $base, data in $work/data"

created=$(post "$admin" /v1/projects '{"name": "Bench Co", "timezone": "America/New_York"}')
project=$(json_field "$created" id)
key=$(json_field "$created" api_key)
tracking=+12125550100
post "$key" "/v1/projects/$project/numbers" "{\"number\": \"$tracking\", \"channel\": \"billboard\"}" >/dev/null

# count_calls → "<calls> <distinct external ids> <pages> <seconds>", reading every call through the API
count_calls() {
  python3 - "$port" "$project" "$admin" <<'PY'
import http.client, json, sys, time, urllib.parse
port, project, token = sys.argv[1], sys.argv[2], sys.argv[3]
conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=120)
cursor, calls, pages, ext = None, 0, 0, set()
t0 = time.monotonic()
while True:
    q = {"limit": 200}
    if cursor: q["cursor"] = cursor
    conn.request("GET", f"/v1/projects/{project}/calls?{urllib.parse.urlencode(q)}",
                 headers={"Authorization": f"Bearer {token}"})
    r = conn.getresponse(); body = r.read()
    if r.status != 200: sys.exit(f"list calls → {r.status} {body[:300]!r}")
    page = json.loads(body); pages += 1
    calls += len(page["calls"])
    ext.update(c["external_id"] for c in page["calls"])
    cursor = page.get("next_cursor")
    if not cursor: break
print(calls, len(ext), pages, f"{time.monotonic() - t0:.1f}")
PY
}
wrk_threads() { local a; for a in "$@"; do [[ $a == -t* ]] && { echo "${a#-t}"; return; }; done; echo 2; }

export CALLSIGN_PROJECT=$project CALLSIGN_KEY=$key CALLSIGN_NUMBER=$tracking

# ---- phase 1: callsign vs nginx ---------------------------------------------------------------------------
echo "ingest: phase 1: wrk ${wrk_args[*]} against callsign"
cs_out=$(BENCH_RUN=p1 BENCH_QUOTA_PER_THREAD=0 wrk "${wrk_args[@]}" -s "$script" "$base/v1/projects/$project/calls")
echo "$cs_out"
cs_rps=$(wrk_field "$cs_out" rps); cs_req=$(wrk_field "$cs_out" requests)
cs_p50=$(wrk_field "$cs_out" p50); cs_p99=$(wrk_field "$cs_out" p99)
cs_non2xx=$(wrk_field "$cs_out" non2xx); cs_errors=$(wrk_field "$cs_out" errors)
hwm1=$(proc_kb VmHWM); rss1=$(proc_kb VmRSS)

read -r stored1 distinct1 _ _ < <(count_calls)
acked1=$((cs_req - cs_non2xx))
durable=yes; [ "$stored1" -ge "$acked1" ] && [ "$distinct1" -eq "$stored1" ] || durable=NO

echo "ingest: phase 1: nginx ceiling with the same wrk args"
nginx_out=$(BENCH_RUN=nginx "$ceiling" "${wrk_args[@]}" -s "$script")
echo "$nginx_out"
nginx_rps=$(awk -F= '/^nginx_rps=/ {print $2}' <<<"$nginx_out")
nginx_p50=$(wrk_field "$nginx_out" p50); nginx_p99=$(wrk_field "$nginx_out" p99)
ratio=$(ratio_percent "$cs_rps" "$nginx_rps")

# ---- phase 2: load to LOAD_TARGET stored calls ------------------------------------------------------------
load_line="skipped (LOAD_TARGET=0)"
rss2="" hwm2="" rss3="" db_mb="" stored2="" load_rps="" scan=""
if [ "$load_target" -gt "$stored1" ]; then
  remaining=$((load_target - stored1))
  wt=$(wrk_threads "${wrk_args[@]}")
  quota=$(( (remaining + wt - 1) / wt ))
  conns=-c64
  for a in "${wrk_args[@]}"; do if [[ $a == -c* ]]; then conns=$a; fi; done
  echo "ingest: phase 2: loading $remaining more calls ($wt wrk threads × $quota, at most ${load_max}s)"
  done_dir=$work/load-done
  mkdir -p "$done_dir"
  t0=$(date +%s.%N)
  BENCH_RUN=p2 BENCH_QUOTA_PER_THREAD=$quota BENCH_DONE_DIR=$done_dir wrk "-t$wt" "$conns" "-d${load_max}s" \
    -s "$script" "$base/v1/projects/$project/calls" >"$work/load.out" 2>&1 &
  wrk_pid=$!
  # wrk sleeps for all of -d even when its threads have stopped; SIGINT makes it report at once
  while kill -0 "$wrk_pid" 2>/dev/null; do
    if [ "$(find "$done_dir" -type f | wc -l)" -ge "$wt" ]; then kill -INT "$wrk_pid" 2>/dev/null || true; break; fi
    sleep 1
  done
  wait "$wrk_pid" || true
  t1=$(date +%s.%N)
  load_out=$(cat "$work/load.out")
  echo "$load_out"
  load_secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.0f", b - a}')
  load_rps=$(wrk_field "$load_out" rps)
  rss2=$(proc_kb VmRSS); hwm2=$(proc_kb VmHWM)
  db_mb=$(du -sm "$work/data" | awk '{print $1}')
  echo "ingest: phase 2: reading every call back through the API"
  read -r stored2 distinct2 pages scan_secs < <(count_calls)
  rss3=$(proc_kb VmRSS)
  scan="$stored2 calls in $pages pages in ${scan_secs}s (distinct external ids: $distinct2)"
  load_line="$remaining calls in ${load_secs}s (${load_rps} req/s, non-2xx: $(wrk_field "$load_out" non2xx), socket errors: $(wrk_field "$load_out" errors))"
fi

# ---- shutdown -----------------------------------------------------------------------------------------------
kill -TERM "$pid"
code=0; wait "$pid" || code=$?
pid=""

# ---- report -------------------------------------------------------------------------------------------------
host=$(hostname)
day=$(date +%F)
cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
verdict_rate=$(awk -v r="$ratio" 'BEGIN {print (r + 0 >= 20) ? "met" : "NOT met"}')
verdict_rss="n/a"
[ -n "$rss2" ] && verdict_rss=$(awk -v kb="$rss2" -v n="$stored2" -v t="$load_target" \
  'BEGIN {print (kb < 102400 && n >= t) ? "met" : (n < t ? "not reached (store short of target)" : "NOT met")}')
mkdir -p "$root/bench/results"
report=$root/bench/results/ingest-$day-$host.md
{
  echo "# Ingest benchmark — $day on $host"
  echo
  echo "* machine: $(nproc) CPUs ($cpu), $mem RAM; $(uname -sr)"
  echo "* binary: \`$bin\` ($("$bin" version 2>/dev/null || echo unknown version)); server threads: ${SERVER_THREADS:-default}"
  echo "* load: \`wrk ${wrk_args[*]} -s bench/calls.lua\` — POST /v1/projects/{id}/calls, unique external ids,"
  echo "  random callers over 2026, 70 % answered; keep-alive; wrk on the same machine (it competes for the CPUs)"
  echo
  echo "## Phase 1 — callsign against the nginx ceiling"
  echo
  echo "| | req/s | p50 | p99 |"
  echo "|---|---|---|---|"
  echo "| callsign (POST call, durable) | $cs_rps | $cs_p50 | $cs_p99 |"
  echo "| nginx fixed reply | $nginx_rps | $nginx_p50 | $nginx_p99 |"
  echo
  echo "* ratio: **$ratio %** of nginx (target ≥ 20 %: $verdict_rate)"
  echo "* requests: $cs_req, non-2xx: $cs_non2xx, socket errors: $cs_errors"
  echo "* acknowledged (2xx) $acked1, stored afterwards $stored1, distinct external ids $distinct1 — every acknowledged call stored: **$durable**"
  echo "* server RSS after phase 1: $(mb "$rss1") MB (peak VmHWM $(mb "$hwm1") MB)"
  echo
  if [ "$load_target" -gt 0 ]; then echo "## Phase 2 — $load_target stored calls"; else echo "## Phase 2 — skipped"; fi
  echo
  if [ -n "$rss2" ]; then
    echo "* loaded: $load_line"
    echo "* stored: $stored2 calls; database folder $db_mb MB"
    echo "* server RSS with the store loaded: **$(mb "$rss2") MB** (peak VmHWM $(mb "$hwm2") MB; target < 100 MB: $verdict_rss)"
    echo "* full read through GET /calls (limit 200): $scan; RSS after: $(mb "$rss3") MB"
  else
    echo "* $load_line"
  fi
  echo
  echo "* exit code after SIGTERM: $code"
} >"$report"
echo
cat "$report"
echo "ingest: report written to ${report#"$root"/}"
[ "$durable" = yes ] && [ "$code" -eq 0 ]
