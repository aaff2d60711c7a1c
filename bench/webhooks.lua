-- wrk script: full Twilio-compatible call round trips, each signed as Twilio signs them. Per wrk thread, request
-- k is phase k % 3 of call floor(k / 3):
--   0  POST /telephony/twilio/voice                                   (CallStatus=ringing → TwiML <Dial>)
--   1  POST /telephony/twilio/dial-status?project=<id>&step=1         (DialCallStatus=completed, DialCallDuration=45)
--   2  POST /telephony/twilio/status                                  (CallStatus=completed, CallDuration=60)
-- With many connections per thread the three requests of a call may be in flight at once and arrive out of
-- order; the server accepts callbacks in any order.
-- Every request carries X-Twilio-Signature = base64(HMAC-SHA1(auth token, public URL + path with query +
-- the POST parameters sorted by name, each as name .. value)). wrk's LuaJIT has no crypto library, so SHA-1,
-- HMAC-SHA1 and base64 are written here on LuaJIT's `bit` library and checked against known vectors in init()
-- (the script aborts if they are wrong).
-- Settings from the environment (bench/webhooks.sh sets them):
--   CALLSIGN_PROJECT    project id                 CALLSIGN_TWILIO_TOKEN  the project's twilio_auth_token
--   CALLSIGN_NUMBER     the tracking number (To)   CALLSIGN_PUBLIC_URL    the server's --public-url
--   BENCH_RUN           a number (< 2^32) that keeps CallSids unique across runs (default: the time)
--   CALLSIGN_CALLERS    how many distinct callers rotate (default 5000)
-- done() prints "webhooks_<name>=<value>" lines that bench/webhooks.sh reads.

local bit = require("bit")
local band, bor, bxor, bnot = bit.band, bit.bor, bit.bxor, bit.bnot
local lshift, rshift, rol, tobit = bit.lshift, bit.rshift, bit.rol, bit.tobit
local byte, char, sub, rep, format, concat = string.byte, string.char, string.sub, string.rep, string.format, table.concat

local project = os.getenv("CALLSIGN_PROJECT") or "prj_unknown"
local auth_token = os.getenv("CALLSIGN_TWILIO_TOKEN") or ""
local tracking = os.getenv("CALLSIGN_NUMBER") or "+12125550100"
local public_url = (os.getenv("CALLSIGN_PUBLIC_URL") or "http://bench.callsign.test"):gsub("/+$", "")
local run = (tonumber(os.getenv("BENCH_RUN") or "") or os.time()) % 4294967296
local n_callers = tonumber(os.getenv("CALLSIGN_CALLERS") or "") or 5000

---------------------------------------------------------------------------------------------------------------
-- SHA-1 (FIPS 180-4) on 32-bit words held as LuaJIT bit numbers (signed 32-bit); every sum goes through tobit.

local W = {}

-- Runs the compression function over the 64-byte blocks of `s` (whose length is a multiple of 64) starting
-- from the state h0..h4; returns the new state.
local function sha1_blocks(s, h0, h1, h2, h3, h4)
  for off = 1, #s, 64 do
    for i = 0, 15 do
      local a, b, c, d = byte(s, off + 4 * i, off + 4 * i + 3)
      W[i] = bor(lshift(a, 24), lshift(b, 16), lshift(c, 8), d)
    end
    for i = 16, 79 do
      W[i] = rol(bxor(W[i - 3], W[i - 8], W[i - 14], W[i - 16]), 1)
    end
    local a, b, c, d, e = h0, h1, h2, h3, h4
    for i = 0, 19 do
      local t = tobit(rol(a, 5) + bor(band(b, c), band(bnot(b), d)) + e + W[i] + 0x5A827999)
      e, d, c, b, a = d, c, rol(b, 30), a, t
    end
    for i = 20, 39 do
      local t = tobit(rol(a, 5) + bxor(b, c, d) + e + W[i] + 0x6ED9EBA1)
      e, d, c, b, a = d, c, rol(b, 30), a, t
    end
    for i = 40, 59 do
      local t = tobit(rol(a, 5) + bor(band(b, c), band(b, d), band(c, d)) + e + W[i] + 0x8F1BBCDC)
      e, d, c, b, a = d, c, rol(b, 30), a, t
    end
    for i = 60, 79 do
      local t = tobit(rol(a, 5) + bxor(b, c, d) + e + W[i] + 0xCA62C1D6)
      e, d, c, b, a = d, c, rol(b, 30), a, t
    end
    h0, h1, h2, h3, h4 = tobit(h0 + a), tobit(h1 + b), tobit(h2 + c), tobit(h3 + d), tobit(h4 + e)
  end
  return h0, h1, h2, h3, h4
end

local function word_bytes(w)
  return char(band(rshift(w, 24), 255), band(rshift(w, 16), 255), band(rshift(w, 8), 255), band(w, 255))
end

-- The SHA-1 padding for a message of `total` bytes, `len` of which remain (total − len were already hashed as
-- whole blocks).
local function padding(len, total)
  local zeros = (55 - len) % 64
  local bits = total * 8 -- < 2^53: exact in a double
  local hi, lo = math.floor(bits / 4294967296), bits % 4294967296
  return "\128" .. rep("\0", zeros) .. word_bytes(tobit(hi)) .. word_bytes(tobit(lo))
end

local H0, H1, H2, H3, H4 = tobit(0x67452301), tobit(0xEFCDAB89), tobit(0x98BADCFE), tobit(0x10325476), tobit(0xC3D2E1F0)

-- SHA-1 of `msg`, continuing from a state that already hashed `prefix` bytes (whole blocks); 20 raw bytes.
local function sha1_from(state, prefix, msg)
  local h0, h1, h2, h3, h4 = sha1_blocks(msg .. padding(#msg, prefix + #msg), state[1], state[2], state[3],
    state[4], state[5])
  return word_bytes(h0) .. word_bytes(h1) .. word_bytes(h2) .. word_bytes(h3) .. word_bytes(h4)
end

local INITIAL = { H0, H1, H2, H3, H4 }
local function sha1(msg) return sha1_from(INITIAL, 0, msg) end

local function xor_key(key, pad)
  local out = {}
  for i = 1, 64 do out[i] = char(bxor(byte(key, i), pad)) end
  return concat(out)
end

-- An HMAC-SHA1 signer for one key: the inner and outer key blocks are hashed once, each message costs its own
-- blocks plus one outer block.
local function hmac_sha1_signer(key)
  if #key > 64 then key = sha1(key) end
  key = key .. rep("\0", 64 - #key)
  local inner = { sha1_blocks(xor_key(key, 0x36), H0, H1, H2, H3, H4) }
  local outer = { sha1_blocks(xor_key(key, 0x5c), H0, H1, H2, H3, H4) }
  return function(msg)
    return sha1_from(outer, 64, sha1_from(inner, 64, msg))
  end
end

local B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
local B64C = {}
for i = 1, 64 do B64C[i - 1] = sub(B64, i, i) end

local function base64(s)
  local out, n = {}, 0
  for i = 1, #s, 3 do
    local a, b, c = byte(s, i, i + 2)
    local v = lshift(a, 16) + lshift(b or 0, 8) + (c or 0)
    n = n + 1
    out[n] = B64C[band(rshift(v, 18), 63)] .. B64C[band(rshift(v, 12), 63)]
      .. (b and B64C[band(rshift(v, 6), 63)] or "=") .. (c and B64C[band(v, 63)] or "=")
  end
  return concat(out)
end

local function hex(s)
  return (s:gsub(".", function(ch) return format("%02x", byte(ch)) end))
end

-- Known-answer tests (FIPS 180 examples, RFC 2202, RFC 4648, and a Twilio-style signature computed with
-- Python's hmac); a wrong implementation must never reach the server.
local function self_test()
  local function check(what, got, want)
    if got ~= want then
      io.stderr:write(format("webhooks.lua: %s self-test FAILED: got %s, want %s\n", what, got, want))
      os.exit(3)
    end
  end
  check("sha1('abc')", hex(sha1("abc")), "a9993e364706816aba3e25717850c26c9cd0d89d")
  check("sha1('')", hex(sha1("")), "da39a3ee5e6b4b0d3255bfef95601890afd80709")
  check("sha1(2 blocks)", hex(sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
    "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
  if tid == 0 then -- the long vector once: the other threads run the same code
    check("sha1(1M a)", hex(sha1(rep("a", 1000000))), "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
  end
  local fox = hmac_sha1_signer("key")("The quick brown fox jumps over the lazy dog")
  check("hmac-sha1(fox)", hex(fox), "de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9")
  check("base64(hmac-sha1(fox))", base64(fox), "3nybhbi3iqa8ino29wqQcBydtNk=")
  check("hmac-sha1(long key)", hex(hmac_sha1_signer(rep("\170", 80))(
    "Test Using Larger Than Block-Size Key - Hash Key First")), "aa4ae5e15272d00e95705637ce8a3b55ed402112")
  for _, v in ipairs({ { "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" }, { "foobar", "Zm9vYmFy" } }) do
    check("base64('" .. v[1] .. "')", base64(v[1]), v[2])
  end
  -- python3: base64.b64encode(hmac.new(b"12345", b"https://mycompany.com/myapp.php?foo=1&bar=2"
  --   b"CallSidCA1234567890ABCDECaller+14158675310Digits1234From+14158675310To+18005551212", "sha1").digest())
  check("twilio signature", base64(hmac_sha1_signer("12345")("https://mycompany.com/myapp.php?foo=1&bar=2"
    .. "CallSidCA1234567890ABCDECaller+14158675310Digits1234From+14158675310To+18005551212")),
    "GvWf1cFY/Q7PnoempGyD5oXAezc=")
end

---------------------------------------------------------------------------------------------------------------
-- The calls.

local next_thread_id = 0
local threads = {}

function setup(thread)
  thread:set("tid", next_thread_id)
  next_thread_id = next_thread_id + 1
  table.insert(threads, thread)
end

local sign
local voice_path = "/telephony/twilio/voice"
local dial_path = "/telephony/twilio/dial-status?project=" .. project .. "&step=1"
local status_path = "/telephony/twilio/status"
local ACCOUNT = "AC" .. rep("0", 24) .. "00bench0"

-- Form encoding (application/x-www-form-urlencoded): everything but unreserved characters as %XX ('+' too).
local function form_escape(s)
  return (s:gsub("[^%w%-%._~]", function(ch) return format("%%%02X", byte(ch)) end))
end

-- One signed POST: `params` is a list of {name, value} already sorted by name (the order Twilio signs in).
local function signed_post(path, params)
  local text, body = { public_url, path }, {}
  for i = 1, #params do
    local name, value = params[i][1], params[i][2]
    text[#text + 1] = name
    text[#text + 1] = value
    body[i] = name .. "=" .. form_escape(value)
  end
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["User-Agent"] = "TwilioProxy/1.1",
    ["X-Twilio-Signature"] = base64(sign(concat(text))),
  }, concat(body, "&"))
end

local function call_request(call, phase)
  local sid = format("CA%08x%08x%016x", run, tid, call)
  local from = format("+1415555%04d", (call * 7 + tid * 1009) % n_callers)
  if phase == 0 then
    return signed_post(voice_path, {
      { "AccountSid", ACCOUNT }, { "ApiVersion", "2010-04-01" }, { "CallSid", sid }, { "CallStatus", "ringing" },
      { "Called", tracking }, { "CalledCountry", "US" }, { "Caller", from }, { "CallerCountry", "US" },
      { "Direction", "inbound" }, { "From", from }, { "FromCountry", "US" }, { "To", tracking },
      { "ToCountry", "US" },
    })
  elseif phase == 1 then
    return signed_post(dial_path, {
      { "AccountSid", ACCOUNT }, { "ApiVersion", "2010-04-01" }, { "CallSid", sid }, { "CallStatus", "in-progress" },
      { "Called", tracking }, { "Caller", from }, { "DialCallDuration", "45" },
      { "DialCallSid", format("CA%08x%08x%016x", run, 0x10000 + tid, call) }, { "DialCallStatus", "completed" },
      { "Direction", "inbound" }, { "From", from }, { "To", tracking },
    })
  else
    return signed_post(status_path, {
      { "AccountSid", ACCOUNT }, { "ApiVersion", "2010-04-01" }, { "CallDuration", "60" }, { "CallSid", sid },
      { "CallStatus", "completed" }, { "Called", tracking }, { "Caller", from }, { "Direction", "inbound" },
      { "From", from }, { "To", tracking },
    })
  end
end

-- Per-thread counters (globals, so done() can read them with thread:get).
sent, responses, non2xx, twiml, dial_twiml, empty_twiml, sign_us = 0, 0, 0, 0, 0, 0, 0
local probed = false

function init(args)
  self_test()
  sign = hmac_sha1_signer(auth_token)
  -- What building and signing a request costs wrk (it shares the machine with the server): µs per request over
  -- 3000 requests, on the first thread only (its init runs before any thread sends; os.clock is process time).
  if tid == 0 then
    local t0 = os.clock()
    for i = 1, 3000 do call_request(i, i % 3) end
    sign_us = (os.clock() - t0) * 1e6 / 3000
  end
end

function request()
  -- wrk calls request() once on its first thread before the run to look at the request (it is never sent):
  -- that call must not use up the voice webhook of call 0.
  if tid == 0 and not probed then
    probed = true
    return call_request(0, 0)
  end
  local k = sent
  sent = sent + 1
  return call_request(math.floor(k / 3), k % 3)
end

function response(status, headers, body)
  responses = responses + 1
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  elseif body:find("<Response", 1, true) then
    twiml = twiml + 1
    if body:find("<Dial", 1, true) then
      dial_twiml = dial_twiml + 1
    elseif body:find("<Response/>", 1, true) then
      empty_twiml = empty_twiml + 1
    end
  end
end

function done(summary, latency, requests)
  local total = { sent = 0, responses = 0, non2xx = 0, twiml = 0, dial_twiml = 0, empty_twiml = 0,
    calls_started = 0, calls_complete = 0 }
  for _, t in ipairs(threads) do
    local s = t:get("sent")
    for _, name in ipairs({ "sent", "responses", "non2xx", "twiml", "dial_twiml", "empty_twiml" }) do
      total[name] = total[name] + t:get(name)
    end
    total.calls_started = total.calls_started + math.floor((s + 2) / 3) -- voice sent
    total.calls_complete = total.calls_complete + math.floor(s / 3)     -- all three sent
  end
  for _, name in ipairs({ "sent", "responses", "non2xx", "twiml", "dial_twiml", "empty_twiml", "calls_started",
    "calls_complete" }) do
    io.write(format("webhooks_%s=%d\n", name, total[name]))
  end
  io.write(format("webhooks_sign_us=%.1f\n", threads[1] and threads[1]:get("sign_us") or 0))
end
