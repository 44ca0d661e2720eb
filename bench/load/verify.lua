-- wrk script: POST the same VC-API verify request (file named by $BENCH_REQUEST) over and over.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local file = assert(io.open(os.getenv("BENCH_REQUEST"), "r"))
wrk.body = file:read("*a")
file:close()

-- Count non-200 answers so a benchmark of errors cannot pass for a fast verifier.
local bad = 0
response = function(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("non-200 responses (this thread's view): %d\n", bad))
  io.write(string.format("p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
