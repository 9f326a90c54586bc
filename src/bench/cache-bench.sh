#!/usr/bin/env bash
# Cache hits per second through the agent next to nginx serving the same body from disk, both measured
# with wrk in the same run, at 16 and 64 connections. The agent's route points at that nginx; every
# measured agent request is a memory-layer hit (Outpost-Cache: hit), checked before and after.
# Needs wrk and nginx (Debian: apt-get install wrk nginx). Usage: src/bench/cache-bench.sh [seconds] [body-bytes]
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
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/www;
    location / { expires 1h; }
  }
}
CONF
nginx -c "$WORK/nginx.conf" -p "$WORK" -g 'daemon on;'

java -Dquarkus.http.port=$PORT -Dquarkus.http.host=127.0.0.1 -Doutpost.data-dir="$WORK/data" \
  -Doutpost.routes.origin.url="http://127.0.0.1:$NGINX_PORT" ${AGENT_OPTS:-} -jar "$JAR" > "$WORK/agent.log" 2>&1 &
AGENT=$!
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$PORT/q/health/ready" >/dev/null && break; sleep 0.2; done
AGENT_URL="http://127.0.0.1:$PORT/v1/routes/origin/fetch/data/item.json"
NGINX_URL="http://127.0.0.1:$NGINX_PORT/data/item.json"
kill -0 "$AGENT" 2>/dev/null || { cat "$WORK/agent.log" >&2; exit 1; }
curl -sf -o /dev/null "$AGENT_URL" || { echo "the agent did not fetch $AGENT_URL" >&2; tail -20 "$WORK/agent.log" >&2; exit 1; }
state=$(curl -sf -D - -o /dev/null "$AGENT_URL" | tr -d '\r' | awk -F': ' 'tolower($1)=="outpost-cache" {print $2}')
[ "$state" = hit ] || { echo "expected a cache hit, got '$state'" >&2; cat "$WORK/agent.log" >&2; exit 1; }
cmp <(curl -sf "$AGENT_URL") "$WORK/www/data/item.json" || { echo "the agent serves a different body" >&2; exit 1; }

rps() {
  wrk -t2 -c"$2" -d"${SECONDS_PER_RUN}s" "$1" > "$WORK/wrk.txt"
  if grep -q 'Non-2xx' "$WORK/wrk.txt"; then cat "$WORK/wrk.txt" >&2; echo "errors from $1" >&2; exit 1; fi
  awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt"
}

rps "$AGENT_URL" 16 >/dev/null; rps "$NGINX_URL" 16 >/dev/null   # warm up the JIT and the caches
printf 'body %s bytes\n%-12s %14s %14s %8s\n' "$BODY_BYTES" connections agent-hits/s nginx/s ratio
for c in 16 64; do
  a=$(rps "$AGENT_URL" "$c"); n=$(rps "$NGINX_URL" "$c")
  printf '%-12s %14.0f %14.0f %8.2f\n' "$c" "$a" "$n" "$(echo "$a / $n" | bc -l)"
done
curl -s "http://127.0.0.1:$PORT/q/metrics" | grep -E '^outpost_cache_requests_total\{result="(hit|miss)"'
