-- wrk script: every request starts a NEW DNI session (POST /v1/sessions without session_id), as a page view of
-- a first-time visitor does. Landing pages rotate through paid, email, organic and direct traffic.
-- Settings from the environment (bench/sessions.sh sets them): CALLSIGN_PUBLIC_KEY.
local key = os.getenv("CALLSIGN_PUBLIC_KEY") or "pk_unknown"
local pages = {
  "https://shop.example/tyres?gclid=Cj0KCQbench&utm_campaign=winter&utm_term=snow+tyres",
  "https://shop.example/?utm_source=newsletter&utm_medium=email&utm_campaign=spring",
  "https://shop.example/blog/how-to-choose-tyres",
  "https://shop.example/",
}
local n = 0
local with_number, without_number = 0, 0

function request()
  n = n + 1
  local body = '{"public_key":"' .. key .. '","page_url":"' .. pages[(n % #pages) + 1] .. '"'
  if n % 4 == 2 then body = body .. ',"referrer":"https://www.google.com/"' end
  body = body .. '}'
  return wrk.format("POST", "/v1/sessions", {
    ["Content-Type"] = "application/json",
    ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
  }, body)
end

function response(status, headers, body)
  if status == 201 and body:find('"number":"', 1, true) then
    with_number = with_number + 1
  else
    without_number = without_number + 1
  end
end
