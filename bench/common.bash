# Shared by the bench/*.sh HTTP benchmarks (sourced, not run): start `callsign serve` on a free port, read
# wrk's figures, describe the machine. Expects `root` (the repository) to be set by the caller.

# bench_defaults: `bin` (CALLSIGN_BIN, default build/src/app/callsign, made absolute under `root`) and the wrk
# arguments `wrk_args` (WRK_ARGS, default "-t2 -c64 -d15s --latency") every HTTP benchmark shares.
bench_defaults() {
  bin=${CALLSIGN_BIN:-build/src/app/callsign}
  [[ $bin == /* ]] || bin=$root/$bin
  read -r -a wrk_args <<<"${WRK_ARGS:--t2 -c64 -d15s --latency}"
}

# bench_setup NAME [TOOLS...]: checks the tools (default: wrk curl python3) and $bin, makes $work (removed at exit
# unless KEEP_DATA=1) and $admin, and stops the server ($pid) at exit.
bench_setup() {
  local name=$1 tool tools=("${@:2}")
  [ ${#tools[@]} -gt 0 ] || tools=(wrk curl python3)
  for tool in "${tools[@]}"; do
    command -v "$tool" >/dev/null || { echo "$name: $tool is needed (scripts/install-deps bench)" >&2; exit 2; }
  done
  [ -x "$bin" ] || { echo "$name: no callsign binary at $bin (set CALLSIGN_BIN or run make build)" >&2; exit 2; }
  work=$(mktemp -d -t callsign-bench-XXXXXX)
  admin="adm_bench_$(python3 -c 'import secrets;print(secrets.token_hex(16))')"
  pid=""
  bench_name=$name
  trap bench_cleanup EXIT
}
bench_cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; fi
  if [ "${KEEP_DATA:-0}" = 1 ]; then echo "$bench_name: data kept in $work"; else rm -rf "$work"; fi
}

# launch_callsign WAIT_SECONDS STDOUT STDERR ARGS... → runs `$bin ARGS...` in the background (its output in those
# files) and waits up to WAIT_SECONDS for its "listening on" line; sets `pid`, `base` and `port`; exits when it
# cannot start.
launch_callsign() {
  local wait_seconds=$1 out=$2 err=$3
  shift 3
  : >"$out"  # exists before the first look below (the background job's redirection may come later)
  "$bin" "$@" >"$out" 2>"$err" &
  pid=$!
  base=""
  for _ in $(seq $((wait_seconds * 20))); do
    base=$(sed -n 's#^callsign: listening on \(http://127\.0\.0\.1:[0-9]*\)$#\1#p' "$out")
    [ -n "$base" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  if [ -z "$base" ]; then
    echo "bench: callsign did not start" >&2; cat "$out" "$err" >&2; exit 1
  fi
  port=${base##*:}
}

# start_callsign DATA_DIR ADMIN_TOKEN [serve args...] → `callsign serve` on a free port with DATA_DIR (output in
# DATA_DIR.stdout / .stderr); sets `pid`, `port` and `base`; exits when it cannot start within 30 s.
start_callsign() {
  local data=$1 admin=$2
  shift 2
  launch_callsign 30 "$data.stdout" "$data.stderr" serve --listen 127.0.0.1:0 --data-dir "$data" \
    --admin-token "$admin" --log-level warn "$@"
}

json_field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }
post() {  # post TOKEN PATH JSON → body (fails on non-2xx)
  curl -sS --fail-with-body -X POST -H "Authorization: Bearer $1" -H 'Content-Type: application/json' -d "$3" "$base$2"
}
proc_kb() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$pid/status"; }
mb() { awk -v kb="$1" 'BEGIN {printf "%.1f", kb / 1024}'; }
wrk_field() {  # wrk_field OUTPUT what
  case $2 in
    rps) awk '/^Requests\/sec/ {print $2}' <<<"$1" ;;
    requests) awk '/requests in/ {print $1}' <<<"$1" ;;
    p50) awk '$1 == "50%" {print $2}' <<<"$1" ;;
    p99) awk '$1 == "99%" {print $2}' <<<"$1" ;;
    non2xx) awk '/Non-2xx/ {print $NF}' <<<"$1" | grep . || echo 0 ;;
    errors) awk '/Socket errors/ {sub(/^ *Socket errors: /, ""); print}' <<<"$1" | grep . || echo none ;;
  esac
}
ratio_percent() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.1f", 100 * a / b; else print "n/a"}'; }
machine_line() {
  local cpu mem
  cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
  mem=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
  echo "$(nproc) CPUs ($cpu), $mem RAM; $(uname -sr)"
}

# create_dni_pool TOKEN PROJECT_NAME POOL_SIZE HOLD_SECONDS → a project with one reuse_oldest pool of POOL_SIZE
# numbers; sets `dni_project`, `dni_key`, `dni_public_key` and `dni_pool`.
create_dni_pool() {
  local token=$1 name=$2 size=$3 hold=$4 created pool
  created=$(post "$token" /v1/projects "{\"name\": \"$name\", \"timezone\": \"America/New_York\"}")
  dni_project=$(json_field "$created" id)
  dni_key=$(json_field "$created" api_key)
  dni_public_key=$(json_field "$created" public_key)
  pool=$(post "$dni_key" "/v1/projects/$dni_project/pools" \
    "{\"name\": \"Website\", \"hold_seconds\": $hold, \"when_exhausted\": \"reuse_oldest\", \"replace\": [\"+14155550100\"]}")
  dni_pool=$(json_field "$pool" id)
  python3 - "$base" "$dni_key" "$dni_project" "$dni_pool" "$size" <<'PY'
import http.client, json, sys
base, key, project, pool, size = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
host, port = base[len("http://"):].split(":")
conn = http.client.HTTPConnection(host, int(port))
added = 0
for i in range(10000):  # a reused data folder (DATA=…) holds earlier runs' numbers: 409, take the next one
    if added == size:
        break
    body = json.dumps({"number": f"+1628555{i:04d}", "kind": "pool", "pool_id": pool})
    conn.request("POST", f"/v1/projects/{project}/numbers", body,
                 {"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    r = conn.getresponse(); r.read()
    if r.status == 201:
        added += 1
    elif r.status != 409:
        sys.exit(f"adding pool number {i} → {r.status}")
if added < size:
    sys.exit(f"only {added} of {size} pool numbers were free")
PY
}
