#!/usr/bin/env bash
# Fleet throughput: 1, 2 and 3 agents on one external PostgreSQL (the embedded store's own binaries and
# settings, started here) and one nginx answering 204. For each fleet size: accepts per second through all
# the agents at once (wrk with src/bench/accept.lua, one wrk per agent, run side by side), then the drain of a
# backlog built while the upstream is down, timed from the upstream's return to an empty outbox. CPU seconds
# of every agent, of PostgreSQL and of nginx are taken over each phase, to say what limits each figure.
# Needs wrk, nginx, psql, curl, bc. Usage: src/bench/fleet-bench.sh [backlog] [concurrency per route]
# PORT (first agent's port, the next ones follow), PGPORT, UPSTREAM, AGENTS ("1 2 3"), RUNS (drains per
# size, the median is printed), ACCEPT_SECS and JAR override the defaults.
set -euo pipefail
cd "$(dirname "$0")/../.."
BACKLOG=${1:-100000}
CONNS=${2:-32}
PORT=${PORT:-18080}
PGPORT=${PGPORT:-18070}
UPSTREAM=${UPSTREAM:-18090}
SIZES=${AGENTS:-1 2 3}
RUNS=${RUNS:-1}
ACCEPT_SECS=${ACCEPT_SECS:-10}
JAR=${JAR:-target/quarkus-app/quarkus-run.jar}
[ -f "$JAR" ] || ./mvnw -q -B package -DskipTests
WORK=$(mktemp -d)
PIDS=()
NGINX="nginx -p $WORK/nginx -c nginx.conf"
PGBIN=
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  $NGINX -s stop 2>/dev/null || true
  [ -f "$WORK/pg/postmaster.pid" ] && kill -INT "$(head -1 "$WORK/pg/postmaster.pid")" 2>/dev/null && sleep 1
  rm -rf "$WORK"
}
trap cleanup EXIT
TICKS=$(getconf CLK_TCK)

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

# An agent on its embedded store, once, only to unpack the store's binaries into its data dir.
java -Dquarkus.http.port=$PORT -Dquarkus.http.host=127.0.0.1 -Doutpost.data-dir="$WORK/unpack" \
  -jar "$JAR" > "$WORK/unpack.log" 2>&1 &
P=$!
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$PORT/q/health/ready" >/dev/null && break; sleep 0.2; done
kill "$P"; wait "$P" || true
PGBIN=$(dirname "$(find "$WORK/unpack/pg-bin" -name initdb -type f | head -1)")
# PostgreSQL refuses to run as root: as root, through unshare -U, as the agent does (store/PgCommand.java)
AS=(); [ "$(id -u)" = 0 ] && AS=(unshare -U)
"${AS[@]}" "$PGBIN/initdb" -D "$WORK/pg" -U postgres -A trust -E UTF8 > /dev/null
# The embedded server's settings (store/ServerSettings.java), with room for 3 agents' pools.
"${AS[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w start -o "-p $PGPORT -c listen_addresses=127.0.0.1 \
  -c unix_socket_directories= -c max_connections=60 -c shared_buffers=16MB -c work_mem=2MB \
  -c maintenance_work_mem=16MB -c effective_cache_size=64MB -c wal_level=minimal -c max_wal_senders=0 \
  -c min_wal_size=32MB -c max_wal_size=128MB -c max_worker_processes=2 -c max_parallel_workers=0 \
  -c max_parallel_workers_per_gather=0 -c autovacuum_max_workers=1 -c jit=off -c random_page_cost=1.1" > /dev/null
PGPID=$(head -1 "$WORK/pg/postmaster.pid")
PSQL="psql -h 127.0.0.1 -p $PGPORT -U postgres -Atc"

cpu_of() { # CPU ticks of a process and its children (0: none)
  [ "$1" = 0 ] && { echo 0; return; }
  local total=0 p
  for p in "$1" $(pgrep -P "$1"); do
    [ -r "/proc/$p/stat" ] && total=$(( total + $(awk '{print $14 + $15}' "/proc/$p/stat") ))
  done
  echo "$total"
}
agent_port() { echo $(( PORT + $1 )); }
route() { curl -s "http://127.0.0.1:$(agent_port 0)/v1/routes/bench"; }
field() { sed -E "s/.*\"$1\":([0-9]+).*/\\1/"; }
queued() { route | field queued; }

# Starts $1 agents (ids a0, a1, ...) on a fresh database.
start_fleet() {
  $PSQL "drop database if exists outbox" > /dev/null; $PSQL "create database outbox" > /dev/null
  AGENT_PIDS=()
  for i in $(seq 0 $(( $1 - 1 ))); do
    java -Xmx128m -Dquarkus.http.port="$(agent_port "$i")" -Dquarkus.http.host=127.0.0.1 \
      -Doutpost.data-dir="$WORK/data-$i" -Doutpost.fleet.agent-id="a$i" \
      -Dquarkus.datasource.reactive.url="postgresql://127.0.0.1:$PGPORT/outbox" -Dquarkus.datasource.username=postgres \
      -Doutpost.routes.bench.url="http://127.0.0.1:$UPSTREAM/ingest" -Doutpost.routes.bench.concurrency="$CONNS" \
      -Doutpost.routes.bench.circuit-breaker.delay=1s -Doutpost.routes.bench.retry.initial-delay=100ms \
      -Doutpost.routes.bench.retry.max-delay=1s ${AGENT_OPTS:-} -jar "$JAR" > "$WORK/agent-$i.log" 2>&1 &
    AGENT_PIDS+=($!); PIDS+=($!)
  done
  for i in $(seq 0 $(( $1 - 1 ))); do
    for _ in $(seq 900); do curl -sf "http://127.0.0.1:$(agent_port "$i")/q/health/ready" >/dev/null && break; sleep 0.2; done
    kill -0 "${AGENT_PIDS[$i]}" || { cat "$WORK/agent-$i.log" >&2; exit 1; }
  done
}
stop_fleet() {
  for p in "${AGENT_PIDS[@]}"; do kill "$p"; done
  for p in "${AGENT_PIDS[@]}"; do wait "$p" || true; done
}
cpu_all() { local s="" p; for p in "${AGENT_PIDS[@]}" "$PGPID" "$(cat "$WORK/nginx/logs/nginx.pid" 2>/dev/null || echo 0)"; do s="$s $(cpu_of "$p")"; done; echo "$s"; }
# CPU seconds per process between two cpu_all samples: "agents a b c, PostgreSQL p, nginx n"
cpu_report() {
  local -a x=($1) y=($2); local n=${#AGENT_PIDS[@]} i out="agents"
  for i in $(seq 0 $(( n - 1 ))); do out="$out $(echo "scale=1; (${y[$i]} - ${x[$i]}) / $TICKS" | bc)"; done
  echo "$out s, PostgreSQL $(echo "scale=1; (${y[$n]} - ${x[$n]}) / $TICKS" | bc) s, nginx $(echo "scale=1; (${y[$((n+1))]} - ${x[$((n+1))]}) / $TICKS" | bc) s"
}
# wrk at every agent at once for $1 seconds, 64 connections in all; prints the summed accepts/s
accept_all() {
  local n=${#AGENT_PIDS[@]} i c=$(( 64 / ${#AGENT_PIDS[@]} )) w=()
  for i in $(seq 0 $(( n - 1 ))); do
    wrk -t1 -c"$c" -d"$1" -s src/bench/accept.lua "http://127.0.0.1:$(agent_port "$i")/v1/routes/bench/messages" \
      > "$WORK/wrk-$i.txt" & w+=($!)
  done
  wait "${w[@]}"
  cat "$WORK"/wrk-*.txt | awk '/Requests\/sec/ {s += $2} /^non202=/ {split($0, a, "="); bad += a[2]} END {printf "%.0f %d\n", s, bad}'
  rm -f "$WORK"/wrk-*.txt
}
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

upstream_up
printf 'backlog %d, route concurrency %d (split between the agents), %d cores, load: %s\n' "$BACKLOG" "$CONNS" \
  "$(nproc)" "$(uptime | sed 's/.*load/load/')"
for n in $SIZES; do
  start_fleet "$n"
  accept_all 5s > /dev/null   # warm-up: accept and deliver at once
  while [ "$(queued)" -gt 0 ]; do sleep 0.2; done
  upstream_down # accepts alone: the circuit opens, nothing is delivered meanwhile
  c0=$(cpu_all); read -r ACC BAD <<< "$(accept_all "${ACCEPT_SECS}s")"; c1=$(cpu_all)
  printf '%d agent(s): accepts %6.0f/s (%d not 202; %s of %d s)\n' "$n" "$ACC" "$BAD" "$(cpu_report "$c0" "$c1")" \
    "$ACCEPT_SECS"
  RATES=""
  for run in $(seq "$RUNS"); do
    [ "$run" -gt 1 ] && upstream_down
    while [ "$(queued)" -lt "$BACKLOG" ]; do accept_all 2s > /dev/null; done
    # as in drain-bench.sh: let autovacuum analyse the grown table first (a device's backlog builds slowly)
    for _ in $(seq 120); do
      [ "$($PSQL "select n_mod_since_analyze * 10 < n_live_tup from pg_stat_user_tables where relname = 'outbox_message'" outbox)" = t ] && break
      sleep 1
    done
    Q=$(queued)
    START=$(date +%s.%N)
    upstream_up
    c0=$(cpu_all) # nginx's pid is new
    while [ "$($PSQL "select count(*) from outbox_message where status in ('queued', 'delivering')" outbox)" -gt 0 ]; do sleep 0.2; done
    END=$(date +%s.%N); c1=$(cpu_all)
    SECS=$(echo "$END - $START" | bc -l); RATE=$(echo "$Q / $SECS" | bc -l); RATES="$RATES $RATE"
    printf '%d agent(s): drain of %d in %.1f s: %6.0f msg/s (%s)\n' "$n" "$Q" "$SECS" "$RATE" "$(cpu_report "$c0" "$c1")"
  done
  printf '%d agent(s): drain median of %d: %.0f msg/s; load: %s\n' "$n" "$RUNS" "$(echo "$RATES" | median)" \
    "$(uptime | sed 's/.*load average: //')"
  stop_fleet
done
