-- wrk script: GET /badges/{id} of a random public award from BENCH_IDS_FILE (one award id a line), so every view may be a
-- different award (caches keyed by award see many keys, as with real visitors), mixed with GET /catalog every tenth request.
local ids = {}
for line in io.lines(os.getenv("BENCH_IDS_FILE")) do
  if #line > 0 then table.insert(ids, line) end
end
local n = 0

function request()
  n = n + 1
  if n % 10 == 0 then return wrk.format("GET", "/catalog") end
  return wrk.format("GET", "/badges/" .. ids[math.random(#ids)])
end
