-- wrk script: the same POST the agent delivers, straight at the upstream.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Idempotency-Key"] = "01a216ab-728d-749c-bf34-740f839f0e63"
wrk.body = '{"device":"gw-17","sensor":"temp","value":21.5,"unit":"C","ts":"2026-11-26T07:00:00Z"}'
