-- wrk script: POST /api/v1/completions with a new learner on every request, so each request is a real award
-- (checked, signed, stored, e-mail queued), never an idempotent replay. BENCH_TOKEN and BENCH_ACHIEVEMENT come from run-results.sh.
local token = os.getenv("BENCH_TOKEN")
local achievement = os.getenv("BENCH_ACHIEVEMENT")
local prefix = os.getenv("BENCH_PREFIX") or "load"
-- BENCH_BATCH > 0: POST /api/v1/completions/batch with that many new learners per request (the SIS fast path).
local batch = tonumber(os.getenv("BENCH_BATCH") or "0")
local counter = 0
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
end

local function item()
  counter = counter + 1
  return string.format(
    '{"learner":{"type":"email","id":"%s-%d-%d@students.example.org"},"achievementId":"%s","completedOn":"2026-06-15","grade":"8"}',
    prefix, tid, counter, achievement)
end

function request()
  local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }
  if batch > 0 then
    local items = {}
    for i = 1, batch do items[i] = item() end
    return wrk.format("POST", "/api/v1/completions/batch", headers, '{"items":[' .. table.concat(items, ",") .. ']}')
  end
  return wrk.format("POST", "/api/v1/completions", headers, item())
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    for code, n in pairs(s) do totals[code] = (totals[code] or 0) + n end
  end
  for code, n in pairs(totals) do io.write(string.format("HTTP %d: %d responses\n", code, n)) end
end
