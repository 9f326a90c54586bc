-- wrk script: POST a small JSON message to the outbox and count what is not a 202.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"device":"gw-17","sensor":"temp","value":21.5,"unit":"C","ts":"2026-11-26T07:00:00Z"}'

local bad = 0
function response(status, headers, body)
  if status ~= 202 then bad = bad + 1 end
end

function done(summary, latency, requests)
  io.write(string.format("non202=%d\n", summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout))
end
