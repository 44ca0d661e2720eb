-- Learner sign-in: the development e-mail sign-in POST for a random seeded learner ($SUITE_IDS: learners.txt), which signs
-- the learner in and matches awards waiting for their addresses. $SUITE_TOKEN and $SUITE_COOKIE are one anonymous
-- anti-forgery pair taken by run-suite.sh (valid for any number of posts). A 302 to the backpack is the success.
local common = dofile(os.getenv("SUITE_LUA_DIR") .. "/common.lua")
local emails
local token = os.getenv("SUITE_TOKEN")
local headers = { ["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = os.getenv("SUITE_COOKIE") }
common.install(function(tid) emails = common.lines(os.getenv("SUITE_IDS")) end)

local function encode(s)
  return (string.gsub(s, "[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function request()
  local body = "email=" .. encode(emails[math.random(#emails)]) .. "&__RequestVerificationToken=" .. encode(token)
  return wrk.format("POST", "/account/sign-in?handler=DevEmail", headers, body)
end
