-- Open one case / ticket per request, chosen at random from PEER_PATHS (a file of paths, one
-- per line, of what the intake run filed), signed in as an officer / staff user: PEER_HEADER
-- is the header that says so ("Authorization: Bearer …" for the APIs, "Cookie: …" for pages).
local paths = {}
for line in io.lines(os.getenv("PEER_PATHS")) do
  paths[#paths + 1] = line
end
local name, value = os.getenv("PEER_HEADER"):match("^([^:]+):%s*(.*)$")

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

request = function()
  return wrk.format("GET", paths[math.random(1, #paths)], {[name] = value})
end
