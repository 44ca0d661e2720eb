-- wrk script for the public pages (issue 18): GET one address over and over, optionally as a browser revalidating its copy
-- (BENCH_ETAG = the page's entity tag, sent as If-None-Match; then 304 is the expected answer).
local etag = os.getenv("BENCH_ETAG")
if etag and etag ~= "" then wrk.headers["If-None-Match"] = etag end
wrk.headers["Accept-Language"] = "en"

-- Count unexpected answers so a benchmark of errors cannot pass for a fast page.
local bad = 0
response = function(status, headers, body)
  if status ~= 200 and status ~= 304 then bad = bad + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("non-200/304 responses: %d\n", bad))
  io.write(string.format("RESULT requests=%d seconds=%.3f p50=%.2f p99=%.2f\n", summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
