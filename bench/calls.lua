-- wrk script: every request POSTs one call with a unique external_id ("<run>-<thread>-<counter>").
-- Settings come from the environment (bench/ingest.sh sets them):
--   CALLSIGN_PROJECT  project id          CALLSIGN_KEY     the project's api key
--   CALLSIGN_NUMBER   a static tracking number of the project (E.164)
--   BENCH_RUN         prefix that keeps external ids unique across wrk runs
--   BENCH_QUOTA_PER_THREAD  if > 0, each wrk thread stops after this many responses (to load N calls) and
--                     then creates the file $BENCH_DONE_DIR/<thread> (wrk itself waits for -d to pass; the
--                     caller sends it SIGINT once every thread is done, and wrk prints its summary)
-- Callers are random (+1 212 XXX XXXX), start times spread over 2026, 70 % answered: a realistic mix in
-- which a caller has few calls, not one caller with a million.

local project = os.getenv("CALLSIGN_PROJECT") or "prj_unknown"
local key = os.getenv("CALLSIGN_KEY") or ""
local tracking = os.getenv("CALLSIGN_NUMBER") or "+12125550100"
local run = os.getenv("BENCH_RUN") or tostring(os.time())
local quota = tonumber(os.getenv("BENCH_QUOTA_PER_THREAD") or "0") or 0
local done_dir = os.getenv("BENCH_DONE_DIR")

local next_thread_id = 0

function setup(thread)
  thread:set("tid", next_thread_id)
  next_thread_id = next_thread_id + 1
end

local path, headers
local n, responses = 0, 0
local year_start = 1767225600 -- 2026-01-01T00:00:00Z

function init(args)
  path = "/v1/projects/" .. project .. "/calls"
  headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. key,
  }
  math.randomseed(os.time() + 7919 * ((tid or 0) + 1))
end

local function iso(t)
  return os.date("!%Y-%m-%dT%H:%M:%SZ", t)
end

function request()
  n = n + 1
  local started = year_start + math.random(0, 364 * 86400)
  local caller = string.format("+1212%03d%04d", math.random(200, 999), math.random(0, 9999))
  local ext = string.format("%s-%d-%d", run, tid or 0, n)
  local body
  if math.random() < 0.7 then
    local answered = started + math.random(1, 20)
    body = string.format(
      '{"external_id":"%s","tracking_number":"%s","caller":"%s","started_at":"%s","answered_at":"%s","ended_at":"%s","operator":"op-%d"}',
      ext, tracking, caller, iso(started), iso(answered), iso(answered + math.random(1, 600)), math.random(1, 20))
  else
    body = string.format(
      '{"external_id":"%s","tracking_number":"%s","caller":"%s","started_at":"%s","ended_at":"%s"}',
      ext, tracking, caller, iso(started), iso(started + math.random(1, 40)))
  end
  return wrk.format("POST", path, headers, body)
end

if quota > 0 then
  function response(status, hdrs, body)
    responses = responses + 1
    if responses == quota then
      if done_dir then
        local f = io.open(done_dir .. "/" .. tostring(tid or 0), "w")
        if f then f:close() end
      end
      wrk.thread:stop()
    end
  end
end
