-- Shared by the load suite's wrk scripts (bench/load/run-suite.sh): per-thread status counting and one summary at the end in
-- the same "HTTP <code>: <n> responses" form as bench/load/completions.lua, so run-suite.sh reads every scenario alike.
local M = {}
local threads = {}

-- Every non-empty line of a file (ids, addresses, request bodies).
function M.lines(path)
  assert(path, "file not set")
  local t = {}
  for line in io.lines(path) do
    if #line > 0 then t[#t + 1] = line end
  end
  assert(#t > 0, "no lines in " .. path)
  return t
end

-- Installs wrk's setup/init/response/done; thread_init(tid) runs in each thread after the counters exist.
function M.install(thread_init)
  setup = function(thread)
    thread:set("tid", #threads + 1)
    table.insert(threads, thread)
  end
  init = function(args)
    statuses = {}
    math.randomseed(os.time() * 1000 + tid)
    if thread_init then thread_init(tid) end
  end
  response = function(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
  end
  done = function(summary, latency, requests)
    local totals = {}
    for _, thread in ipairs(threads) do
      for code, n in pairs(thread:get("statuses")) do totals[code] = (totals[code] or 0) + n end
    end
    for code, n in pairs(totals) do io.write(string.format("HTTP %d: %d responses\n", code, n)) end
  end
end

return M
