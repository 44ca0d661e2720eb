-- wrk script: POST /api/v1/completions with a new learner on every request, so each request is a real award
-- (checked, signed, stored, e-mail queued), never an idempotent replay. BENCH_TOKEN and BENCH_ACHIEVEMENT come from run-results.sh.
local token = os.getenv("BENCH_TOKEN")
local achievement = os.getenv("BENCH_ACHIEVEMENT")
local prefix = os.getenv("BENCH_PREFIX") or "load"
local counter = 0
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"learner":{"type":"email","id":"%s-%d-%d@students.example.org"},"achievementId":"%s","completedOn":"2026-06-15","grade":"8"}',
    prefix, tid, counter, achievement)
  return wrk.format("POST", "/api/v1/completions",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
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
