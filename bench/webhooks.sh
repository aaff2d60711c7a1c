#!/usr/bin/env bash
# Telephony benchmark: full Twilio-compatible call round trips through `callsign serve`, against nginx answering
# a fixed reply in the same run. One call = three form-encoded POSTs, each with a valid X-Twilio-Signature
# (HMAC-SHA1 in pure Lua in bench/webhooks.lua, checked against known vectors before the run):
#   POST /telephony/twilio/voice                            → TwiML <Dial> (round robin over 3 operators)
#   POST /telephony/twilio/dial-status?project=<id>&step=1  (DialCallStatus=completed, DialCallDuration=45)
#   POST /telephony/twilio/status                           (CallStatus=completed, CallDuration=60)
# Each webhook checks the signature, finds the project and number, and writes the call durably before replying.
# With -c64 the three requests of a call are often in flight at once and may arrive out of order (allowed).
#
# Set-up: --public-url http://bench.callsign.test (the signatures are made for it); one project with a
# twilio_auth_token, 3 operators, a round_robin routing plan and one static tracking number on it.
# Afterwards every call is read back through GET /v1/projects/{id}/calls: stored, and answered with
# talk_seconds 45 (every call whose three webhooks were all sent should be).
# Report: bench/results/webhooks-<date>-<host>.md (and stdout): calls/s = webhook requests/s ÷ 3, p50/p99 of
# a webhook, ratio of webhook req/s to nginx's req/s. Target (reported, not asserted): ≥ 15 % of nginx.
# Fails (exit 1) on any non-2xx/socket-level failure of the webhooks, or when answered calls are missing.
# Knobs: WRK_ARGS (default "-t2 -c64 -d15s --latency"), CALLERS (distinct caller numbers, default 5000),
# KEEP_DATA=1.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=bench/common.bash
. "$root/bench/common.bash"
bench_defaults
public_url=http://bench.callsign.test
callers=${CALLERS:-5000}
bench_setup webhooks

start_callsign "$work/data" "$admin" --public-url "$public_url"
echo "webhooks: callsign pid $pid on $base (public URL $public_url)"
twilio_token=$(python3 -c 'import secrets;print(secrets.token_hex(16))')
created=$(post "$admin" /v1/projects \
  "{\"name\": \"Bench Plumbing\", \"timezone\": \"America/New_York\", \"twilio_auth_token\": \"$twilio_token\"}")
project=$(json_field "$created" id)
key=$(json_field "$created" api_key)
members=""
for i in 1 2 3; do
  op=$(post "$key" "/v1/projects/$project/operators" \
    "{\"name\": \"Operator $i\", \"destination\": \"+1212555014$i\"}")
  members+="${members:+, }{\"operator_id\": \"$(json_field "$op" id)\"}"
done
plan=$(post "$key" "/v1/projects/$project/routing-plans" \
  "{\"name\": \"Main line\", \"strategy\": \"round_robin\", \"ring_seconds\": 20, \"members\": [$members]}")
plan_id=$(json_field "$plan" id)
tracking=+16285550100
post "$key" "/v1/projects/$project/numbers" \
  "{\"number\": \"$tracking\", \"kind\": \"static\", \"channel\": \"offline\", \"routing_plan_id\": \"$plan_id\"}" \
  >/dev/null

export CALLSIGN_PROJECT=$project CALLSIGN_TWILIO_TOKEN=$twilio_token CALLSIGN_NUMBER=$tracking
BENCH_RUN=$(date +%s)
export CALLSIGN_PUBLIC_URL=$public_url CALLSIGN_CALLERS=$callers BENCH_RUN

# the server's CPU time (user + system, in clock ticks) — to tell CPU-bound from waiting (fsync, locks)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
echo "webhooks: wrk ${wrk_args[*]} against callsign"
ticks0=$(cpu_ticks); t0=$(date +%s.%N)
cs_out=$(wrk "${wrk_args[@]}" -s bench/webhooks.lua "$base/telephony/twilio/voice")
echo "$cs_out"
cs_rps=$(wrk_field "$cs_out" rps); cs_req=$(wrk_field "$cs_out" requests)
cs_p50=$(wrk_field "$cs_out" p50); cs_p99=$(wrk_field "$cs_out" p99)
cs_non2xx=$(wrk_field "$cs_out" non2xx); cs_errors=$(wrk_field "$cs_out" errors)
lua_field() { awk -F= -v k="webhooks_$1" '$1 == k {print $2}' <<<"$cs_out" | grep . || echo 0; }
sent=$(lua_field sent); responses=$(lua_field responses); lua_non2xx=$(lua_field non2xx)
twiml=$(lua_field twiml); dial_twiml=$(lua_field dial_twiml); empty_twiml=$(lua_field empty_twiml)
started=$(lua_field calls_started); complete=$(lua_field calls_complete); sign_us=$(lua_field sign_us)
calls_rps=$(awk -v r="$cs_rps" 'BEGIN {printf "%.2f", r / 3}')
ticks1=$(cpu_ticks); t1=$(date +%s.%N)
hwm=$(proc_kb VmHWM)
hz=$(getconf CLK_TCK)
server_cpu=$(awk -v a="$ticks0" -v b="$ticks1" -v hz="$hz" -v s="$t0" -v e="$t1" \
  'BEGIN {printf "%.0f", 100 * (b - a) / hz / (e - s)}')
cpu_per_req=$(awk -v a="$ticks0" -v b="$ticks1" -v hz="$hz" -v n="$cs_req" \
  'BEGIN {if (n > 0) printf "%.0f", 1e6 * (b - a) / hz / n; else print "n/a"}')

# stored calls, read back through the API: "<calls> <answered with talk 45 and wait 15> <pages> <statuses>"
read -r stored answered pages statuses < <(python3 - "$port" "$project" "$key" <<'PY'
import collections, http.client, json, sys, urllib.parse
port, project, token = sys.argv[1], sys.argv[2], sys.argv[3]
conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=120)
cursor, calls, answered, pages, status, sids = None, 0, 0, 0, collections.Counter(), set()
while True:
    q = {"limit": 200}
    if cursor: q["cursor"] = cursor
    conn.request("GET", f"/v1/projects/{project}/calls?{urllib.parse.urlencode(q)}",
                 headers={"Authorization": f"Bearer {token}"})
    r = conn.getresponse(); body = r.read()
    if r.status != 200: sys.exit(f"list calls → {r.status} {body[:300]!r}")
    page = json.loads(body); pages += 1
    for c in page["calls"]:
        calls += 1
        sids.add(c["external_id"])
        status[c["status"]] += 1
        if c["status"] == "answered" and c["talk_seconds"] == 45 and c["wait_seconds"] == 15: answered += 1
    cursor = page.get("next_cursor")
    if not cursor: break
if len(sids) != calls: status["DUPLICATE_EXTERNAL_IDS"] = calls - len(sids)
print(calls, answered, pages, ",".join(f"{k}:{v}" for k, v in sorted(status.items())) or "-")
PY
)

echo "webhooks: nginx ceiling with the same wrk args"
nginx_out=$(../shared/tools/nginx-ceiling "${wrk_args[@]}")
echo "$nginx_out"
nginx_rps=$(awk -F= '/^nginx_rps=/ {print $2}' <<<"$nginx_out")
nginx_p50=$(wrk_field "$nginx_out" p50); nginx_p99=$(wrk_field "$nginx_out" p99)
ratio=$(ratio_percent "$cs_rps" "$nginx_rps")

kill -TERM "$pid"
code=0; wait "$pid" || code=$?
pid=""

# Every call whose three webhooks were all sent should be stored as answered; a call whose last webhook was
# still in flight when wrk stopped may lack it, so at most one call per connection may fall short.
conns=64
for a in "${wrk_args[@]}"; do if [[ $a == -c* ]]; then conns=${a#-c}; fi; done
ok=yes
[ "$cs_non2xx" -eq 0 ] && [ "$lua_non2xx" -eq 0 ] && [ "$cs_errors" = none ] || ok=NO
[ "$answered" -ge $((complete - conns)) ] && [ "$stored" -le "$started" ] || ok=NO
[ "$code" -eq 0 ] || ok=NO

day=$(date +%F)
verdict=$(awk -v r="$ratio" 'BEGIN {print (r + 0 >= 15) ? "met" : "NOT met"}')
mkdir -p bench/results
report=bench/results/webhooks-$day-$(hostname).md
{
  echo "# Twilio webhooks benchmark — $day on $(hostname)"
  echo
  echo "* machine: $(machine_line)"
  echo "* binary: \`$bin\` ($("$bin" version 2>/dev/null || echo unknown version))"
  echo "* load: \`wrk ${wrk_args[*]} -s bench/webhooks.lua\` — per call: signed POSTs to /telephony/twilio/voice,"
  echo "  /dial-status?project=…&step=1 (completed, 45 s) and /status (completed, 60 s); form-encoded, Twilio's"
  echo "  parameters; unique CallSid, $callers rotating callers, one tracking number, round robin over 3 operators;"
  echo "  the three requests of a call may be in flight at once on different connections; wrk on the same machine"
  echo "  (it competes for the CPUs; building and signing a request in wrk's Lua costs ${sign_us} µs)"
  echo
  echo "| | req/s | calls/s | p50 | p99 |"
  echo "|---|---|---|---|---|"
  echo "| callsign (signed webhook, call written durably) | $cs_rps | $calls_rps | $cs_p50 | $cs_p99 |"
  echo "| nginx fixed reply | $nginx_rps | | $nginx_p50 | $nginx_p99 |"
  echo
  echo "* ratio: **$ratio %** of nginx's req/s (target ≥ 15 %: $verdict)"
  echo "* requests: $cs_req (sent by the script: $sent, answered: $responses), non-2xx: $cs_non2xx, socket errors: $cs_errors"
  echo "* replies: $twiml TwiML ($dial_twiml \`<Dial>\` for voice, $empty_twiml empty \`<Response/>\`)"
  echo "* calls: $started started (voice sent), $complete with all three webhooks sent;"
  echo "  stored afterwards $stored ($statuses), answered with talk 45 s / wait 15 s: **$answered** (read in $pages pages)"
  echo "* every webhook accepted and every fully sent call answered (± $conns in flight at the end): **$ok**"
  echo "* server CPU during the run: $server_cpu % of one CPU ($(nproc) CPUs), about $cpu_per_req µs of CPU per webhook"
  echo "* server peak RSS: $(mb "$hwm") MB; exit code after SIGTERM: $code"
} | tee "$report"
echo "webhooks: report written to $report"
[ "$ok" = yes ]
