#!/usr/bin/env bash
# Request bytes on the wire per message (request line, headers and body as the upstream receives them; TCP/IP
# and TLS framing not counted) for a typical ~200-byte JSON reading, sent alone and in batches of 100, each
# without and with gzip. One agent, four routes to one counting upstream (src/bench/wire-bytes.py).
# Usage: [PORT=18081] [UPSTREAM=18091] src/bench/wire-bytes.sh [messages-per-route]
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-1000}
PORT=${PORT:-18081}       # the agent; override to run beside another bench
UPSTREAM=${UPSTREAM:-18091}
JAR=${JAR:-target/quarkus-app/quarkus-run.jar}
[ -f "$JAR" ] || ./mvnw -q -B package -DskipTests
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
python3 src/bench/wire-bytes.py $UPSTREAM & PIDS+=($!)
ROUTES=(alone alone-gzip batched batched-gzip)
OPTS=()
for r in "${ROUTES[@]}"; do
  OPTS+=("-Doutpost.routes.$r.url=http://127.0.0.1:$UPSTREAM/$r")
  case $r in *gzip) OPTS+=("-Doutpost.routes.$r.compression=gzip");; esac
  case $r in batched*) OPTS+=("-Doutpost.routes.$r.batch.max-messages=100" "-Doutpost.routes.$r.batch.linger=2s");; esac
done
java -Xmx128m -Dquarkus.http.port=$PORT -Dquarkus.http.host=127.0.0.1 -Doutpost.data-dir="$WORK/data" \
  "${OPTS[@]}" -jar "$JAR" > "$WORK/agent.log" 2>&1 & PIDS+=($!)
# up to 2 min: a start on a busy machine takes far longer than the 2-5 s of a quiet one
for _ in $(seq 1200); do curl -sf "http://127.0.0.1:$PORT/q/health/ready" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$PORT/q/health/ready" >/dev/null || { echo "agent not ready:"; tail -20 "$WORK/agent.log"; exit 1; }
# a typical reading: about 200 bytes of JSON, varying values; accepted over one keep-alive connection per route
python3 - "$PORT" "$N" "${ROUTES[@]}" <<'PY'
import http.client, json, random, sys
port, n, routes = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
for r in routes:
    c = http.client.HTTPConnection("127.0.0.1", port)
    for i in range(n):
        body = json.dumps({"device": "gw-17-%04d" % random.randrange(100), "sensor": "env-3",
                           "ts": "2026-12-08T01:%02d:%02d.%03dZ" % (i // 60 % 60, i % 60, random.randrange(1000)),
                           "temp": round(random.uniform(15, 25), 1), "hum": round(random.uniform(30, 70), 1),
                           "co2": random.randrange(400, 1000), "pm25": round(random.uniform(0, 50), 1),
                           "bat": random.randrange(100), "rssi": -random.randrange(50, 90), "fw": "4.2.1",
                           "site": "plant-2/hall-B/line-4", "seq": i}, separators=(",", ":"))
        if r == routes[0] and i == 0:
            print("message body: %d bytes, e.g. %s" % (len(body), body))
        c.request("POST", "/v1/routes/%s/messages" % r, body, {"Content-Type": "application/json"})
        resp = c.getresponse(); resp.read()
        assert resp.status == 202, resp.status
PY
for r in "${ROUTES[@]}"; do
  until [ "$(curl -s "http://127.0.0.1:$PORT/v1/routes/$r" | sed -E 's/.*"deliveredTotal":([0-9]+).*/\1/')" -ge "$N" ]; do sleep 0.5; done
done
curl -s "http://127.0.0.1:$UPSTREAM/stats" | python3 -c '
import json, sys
n = int(sys.argv[1]); stats = json.load(sys.stdin)
print("%-13s %8s %12s %12s %12s" % ("route", "requests", "bytes/msg", "headers/msg", "body/msg"))
for r in ("alone", "alone-gzip", "batched", "batched-gzip"):
    s = stats[r]
    print("%-13s %8d %12.1f %12.1f %12.1f" % (r, s["requests"], s["bytes"] / n, s["headerBytes"] / n, s["bodyBytes"] / n))
' "$N"
