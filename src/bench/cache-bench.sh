#!/usr/bin/env bash
# The two request/response benchmarks, each next to its baseline in the same run, at 16 and 64 connections:
# - cache hits per second through the agent (GET /v1/routes/origin/fetch/data/item.json) next to nginx
#   serving the same body from disk; every measured agent request is a memory-layer hit (Outpost-Cache: hit),
#   checked before and after;
# - pass-through POSTs per second through the agent (POST /v1/routes/origin/fetch/ingest, never cached) next
#   to wrk straight at the same nginx location (answering 200 with a small JSON body).
# ROUNDS (default 3) alternating rounds; each ratio is printed per round and as the median.
# PORT / NGINX_PORT pick the ports (default: free ones). JFR=<file> records the agent's CPU profile during
# the measured rounds (JFR_SETTINGS: a .jfc, default profile). Needs wrk and nginx (Debian: apt-get install
# wrk nginx). Usage: src/bench/cache-bench.sh [seconds] [body-bytes]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RUN=${1:-10}
BODY_BYTES=${2:-2048}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT=${PORT:-$(free_port)}
NGINX_PORT=${NGINX_PORT:-$(free_port)}
JAR=target/quarkus-app/quarkus-run.jar
[ -f "$JAR" ] || ./mvnw -q -B package -DskipTests
WORK=$(mktemp -d)
AGENT=
cleanup() {
  if [ -n "$AGENT" ]; then kill "$AGENT" 2>/dev/null || true; wait "$AGENT" 2>/dev/null || true; fi
  if [ -f "$WORK/nginx.pid" ]; then kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p "$WORK/www/data" "$WORK/logs"
chmod 755 "$WORK"   # nginx workers started by root run as nobody
head -c "$BODY_BYTES" /dev/urandom | base64 -w 0 > "$WORK/www/data/item.json"
truncate -s "$BODY_BYTES" "$WORK/www/data/item.json"
cat > "$WORK/nginx.conf" <<CONF
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/logs; proxy_temp_path $WORK/logs; fastcgi_temp_path $WORK/logs;
  uwsgi_temp_path $WORK/logs; scgi_temp_path $WORK/logs;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/www;
    location / { expires 1h; }
    location = /ingest { default_type application/json; return 200 '{"ok":true}'; }
  }
}
CONF
nginx -c "$WORK/nginx.conf" -p "$WORK" -g 'daemon on;'

java -Dquarkus.http.port=$PORT -Dquarkus.http.host=127.0.0.1 -Doutpost.data-dir="$WORK/data" \
  -Doutpost.routes.origin.url="http://127.0.0.1:$NGINX_PORT" -Doutpost.routes.origin.concurrency=64 ${AGENT_OPTS:-} -jar "$JAR" > "$WORK/agent.log" 2>&1 &
AGENT=$!
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$PORT/q/health/ready" >/dev/null && break; sleep 0.2; done
AGENT_URL="http://127.0.0.1:$PORT/v1/routes/origin/fetch/data/item.json"
NGINX_URL="http://127.0.0.1:$NGINX_PORT/data/item.json"
kill -0 "$AGENT" 2>/dev/null || { cat "$WORK/agent.log" >&2; exit 1; }
curl -sf -o /dev/null "$AGENT_URL" || { echo "the agent did not fetch $AGENT_URL" >&2; tail -20 "$WORK/agent.log" >&2; exit 1; }
state=$(curl -sf -D - -o /dev/null "$AGENT_URL" | tr -d '\r' | awk -F': ' 'tolower($1)=="outpost-cache" {print $2}')
[ "$state" = hit ] || { echo "expected a cache hit, got '$state'" >&2; cat "$WORK/agent.log" >&2; exit 1; }
cmp <(curl -sf "$AGENT_URL") "$WORK/www/data/item.json" || { echo "the agent serves a different body" >&2; exit 1; }

rps() { # url connections [wrk args...]
  local url=$1 c=$2; shift 2
  wrk -t2 -c"$c" -d"${SECONDS_PER_RUN}s" "$@" "$url" > "$WORK/wrk.txt"
  if grep -q 'Non-2xx' "$WORK/wrk.txt"; then cat "$WORK/wrk.txt" >&2; echo "errors from $url" >&2; exit 1; fi
  awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt"
}
POST_URL="http://127.0.0.1:$PORT/v1/routes/origin/fetch/ingest"
NGINX_POST="http://127.0.0.1:$NGINX_PORT/ingest"
POST=(-s src/bench/upstream-post.lua)
[ "$(curl -sf -X POST -d '{}' "$POST_URL")" = '{"ok":true}' ] || { echo "the agent did not pass on a POST" >&2; exit 1; }
median() { sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

rps "$AGENT_URL" 16 >/dev/null; rps "$NGINX_URL" 16 >/dev/null   # warm up the JIT and the caches
rps "$POST_URL" 16 "${POST[@]}" >/dev/null
ROUNDS=${ROUNDS:-3}
[ -n "${JFR:-}" ] && jcmd "$AGENT" JFR.start name=bench settings="${JFR_SETTINGS:-profile}" > /dev/null
echo "load before: $(uptime)"
printf 'body %s bytes, %s s per run\n%-6s %-5s %-6s %12s %12s %7s\n' "$BODY_BYTES" "$SECONDS_PER_RUN" \
  round conns kind agent/s baseline/s ratio
for r in $(seq "$ROUNDS"); do
  for c in 16 64; do
    a=$(rps "$AGENT_URL" "$c"); n=$(rps "$NGINX_URL" "$c")
    printf '%-6s %-5s %-6s %12.0f %12.0f %7.2f\n' "$r" "$c" hit "$a" "$n" "$(echo "$a / $n" | bc -l)" | tee -a "$WORK/rows"
    a=$(rps "$POST_URL" "$c" "${POST[@]}"); n=$(rps "$NGINX_POST" "$c" "${POST[@]}")
    printf '%-6s %-5s %-6s %12.0f %12.0f %7.2f\n' "$r" "$c" post "$a" "$n" "$(echo "$a / $n" | bc -l)" | tee -a "$WORK/rows"
  done
done
[ -n "${JFR:-}" ] && jcmd "$AGENT" JFR.stop name=bench filename="$JFR" > /dev/null
echo "load after: $(uptime)"
for k in hit post; do for c in 16 64; do
  printf 'median %-4s %-3s connections: %s\n' "$k" "$c" \
    "$(awk -v k=$k -v c=$c '$2 == c && $3 == k {print $6}' "$WORK/rows" | median)"
done; done
state=$(curl -sf -D - -o /dev/null "$AGENT_URL" | tr -d '\r' | awk -F': ' 'tolower($1)=="outpost-cache" {print $2}')
[ "$state" = hit ] || { echo "expected a cache hit after the runs, got '$state'" >&2; exit 1; }
curl -s "http://127.0.0.1:$PORT/q/metrics" | grep -E '^outpost_cache_requests_total\{.*result="(hit|miss)"'
