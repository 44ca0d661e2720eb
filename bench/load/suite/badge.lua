-- The public badge page of a random seeded award (ids from $SUITE_IDS, written by `laurel seed-load` as badges.txt).
local common = dofile(os.getenv("SUITE_LUA_DIR") .. "/common.lua")
local ids
common.install(function(tid) ids = common.lines(os.getenv("SUITE_IDS")) end)

function request()
  return wrk.format("GET", "/badges/" .. ids[math.random(#ids)], { ["Accept"] = "text/html" })
end
