-- wrk script: the public verifier page's file upload (POST /verify?handler=File, multipart) with a baked PNG: each request
-- another Laurel-signed credential baked into the definition's badge PNG ($BENCH_REQUESTS.i.png, i = 1 … $BENCH_COUNT, split
-- between the wrk threads like verify-uncached.lua). The page verifies every upload afresh (no result cache), so the split only
-- keeps the run honest should one be added. The anti-forgery cookie and token come from one GET /verify
-- ($BENCH_COOKIE, $BENCH_TOKEN; a token stays valid for its cookie).
local threads = {}
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local boundary = "----laurelbench7MA4YWxkTrZu0gW"

function init(args)
  local total = tonumber(os.getenv("BENCH_COUNT"))
  local prefix = os.getenv("BENCH_REQUESTS")
  local threadCount = tonumber(os.getenv("BENCH_THREADS") or "2")
  local token = os.getenv("BENCH_TOKEN")
  headers = { ["Content-Type"] = "multipart/form-data; boundary=" .. boundary, ["Cookie"] = os.getenv("BENCH_COOKIE") }
  bodies = {}
  for i = tonumber(os.getenv("BENCH_FIRST") or "1"), total do
    if i % threadCount == id then
      local file = assert(io.open(prefix .. "." .. i .. ".png", "rb"))
      local png = file:read("*a")
      file:close()
      table.insert(bodies, "--" .. boundary .. "\r\n" ..
        "Content-Disposition: form-data; name=\"__RequestVerificationToken\"\r\n\r\n" .. token .. "\r\n" ..
        "--" .. boundary .. "\r\n" ..
        "Content-Disposition: form-data; name=\"file\"; filename=\"badge.png\"\r\nContent-Type: image/png\r\n\r\n" .. png .. "\r\n" ..
        "--" .. boundary .. "--\r\n")
    end
  end
  next_body = 1
  repeated = 0
  bad = 0
  invalid = 0
end

function request()
  local body = bodies[next_body]
  next_body = next_body + 1
  if next_body > #bodies then next_body = 1 end
  if next_body == 1 then repeated = repeated + 1 end
  return wrk.format("POST", "/verify?handler=File", headers, body)
end

function response(status, headers, body)
  if status ~= 200 then bad = bad + 1
  -- The page answers 200 for any verdict: count answers that do not show the valid verdict's marker.
  elseif not string.find(body, os.getenv("BENCH_VALID_MARKER"), 1, true) then invalid = invalid + 1 end
end

function done(summary, latency, requests)
  local bads, reps, invalids = 0, 0, 0
  for _, thread in ipairs(threads) do
    bads = bads + thread:get("bad")
    reps = reps + thread:get("repeated")
    invalids = invalids + thread:get("invalid")
  end
  io.write(string.format("non-200 responses: %d; 200 without a valid verdict: %d; shares used up and repeated: %d\n", bads, invalids, reps))
  io.write(string.format("p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
