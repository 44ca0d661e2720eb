-- GET one of the paths in $SUITE_PATHS (space-separated, picked at random per request), with $SUITE_COOKIE when set
-- (a signed-in staff session for the /manage pages).
local common = dofile(os.getenv("SUITE_LUA_DIR") .. "/common.lua")
local paths = {}
for p in string.gmatch(os.getenv("SUITE_PATHS") or "/health", "%S+") do paths[#paths + 1] = p end
local cookie = os.getenv("SUITE_COOKIE")
local headers = {}
if cookie and #cookie > 0 then headers["Cookie"] = cookie end
common.install()

function request()
  return wrk.format("GET", paths[math.random(#paths)], headers)
end
