-- File one grievance / ticket per request, the same citizen text on both systems.
-- PEER_SYSTEM=nivaran: POST /api/v1/grievances as an anonymous citizen (routing, deadline,
-- event, SMS in the outbox). PEER_SYSTEM=helpdesk: POST /api/tickets/ with a DRF token
-- (ticket, follow-up, e-mails to the submitter and queue through Django's mail backend).
local system = os.getenv("PEER_SYSTEM")
local token = os.getenv("PEER_TOKEN") or ""
local counter = 0

local subject = "गांव में पेयजल आपूर्ति बंद है"
local text = "पिछले दस दिनों से गांव में नलों में पानी नहीं आ रहा है, कृपया शीघ्र समाधान करें।"

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

request = function()
  counter = counter + 1
  local mobile = string.format("7%09d", math.random(0, 999999999))
  if system == "nivaran" then
    local body = string.format(
      '{"citizen_name":"सुनीता देवी","mobile":"%s","jurisdiction":"08110","category":"PHED-WS-NOSUP","subject":"%s","description":"%s","language":"hi"}',
      mobile, subject, text)
    return wrk.format("POST", "/api/v1/grievances", {["Content-Type"] = "application/json"}, body)
  else
    local body = string.format(
      '{"queue":1,"title":"%s","description":"%s","submitter_email":"c%s@example.in","priority":3}',
      subject, text, mobile)
    return wrk.format("POST", "/api/tickets/", {
      ["Content-Type"] = "application/json",
      ["Authorization"] = "Token " .. token,
    }, body)
  end
end
