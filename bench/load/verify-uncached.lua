-- wrk script: POST /credentials/verify with a DIFFERENT Laurel-signed credential on every request, so the per-bytes result cache
-- (VerificationService.VerifyCachedAsync) never answers: every request is a full verification. The credentials are
-- $BENCH_REQUESTS.1 … $BENCH_REQUESTS.$BENCH_COUNT (bench/load/IssueCredential with BENCH_COUNT); wrk thread k of t sends only
-- the files i with i % t == k, so no two requests of a run carry the same bytes until a thread has used up its share, which
-- the summary reports ("repeated"; then make BENCH_COUNT larger or the run shorter).
local threads = {}
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local total = tonumber(os.getenv("BENCH_COUNT"))
  local prefix = os.getenv("BENCH_REQUESTS")
  local threadCount = tonumber(os.getenv("BENCH_THREADS") or "2")
  bodies = {}
  for i = tonumber(os.getenv("BENCH_FIRST") or "1"), total do
    if i % threadCount == id then
      local file = assert(io.open(prefix .. "." .. i, "r"))
      table.insert(bodies, file:read("*a"))
      file:close()
    end
  end
  next_body = 1
  repeated = 0
  bad = 0
end

function request()
  local body = bodies[next_body]
  next_body = next_body + 1
  if next_body > #bodies then next_body = 1 end
  if next_body == 1 then repeated = repeated + 1 end
  return wrk.format("POST", "/credentials/verify", { ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end

function done(summary, latency, requests)
  local bads, reps = 0, 0
  for _, thread in ipairs(threads) do
    bads = bads + thread:get("bad")
    reps = reps + thread:get("repeated")
  end
  io.write(string.format("non-200 responses: %d; shares used up and repeated: %d\n", bads, reps))
  io.write(string.format("p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
