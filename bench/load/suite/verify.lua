-- Uncached POST /credentials/verify: each request another seeded credential ($SUITE_BODIES: one VC-API request body a line,
-- fetched from /badges/{id}/credential.json by run-suite.sh). Threads start at different offsets and walk the file in order,
-- so no credential is sent twice while the file lasts (run-suite.sh fetches more than a run sends).
local common = dofile(os.getenv("SUITE_LUA_DIR") .. "/common.lua")
local bodies, next_index, step
common.install(function(tid)
  bodies = common.lines(os.getenv("SUITE_BODIES"))
  local threads = tonumber(os.getenv("SUITE_THREADS") or "2")
  next_index, step = tid, threads
end)

function request()
  local body = bodies[(next_index - 1) % #bodies + 1]
  next_index = next_index + step
  return wrk.format("POST", "/credentials/verify", { ["Content-Type"] = "application/json" }, body)
end
