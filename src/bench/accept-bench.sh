#!/usr/bin/env bash
# Durable accepts per second through the agent next to raw single-row INSERT commits into the same
# embedded PostgreSQL, at 1, 16 and 64 concurrent clients, measured in the same run.
# Needs wrk and pgbench (Debian: apt-get install wrk postgresql-client). Usage: src/bench/accept-bench.sh [seconds]
# READERS=n keeps n readers of GET /v1/messages/events connected throughout (the cost of the change feed).
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RUN=${1:-10}
PORT=${PORT:-18080}
JAR=target/quarkus-app/quarkus-run.jar
[ -f "$JAR" ] || ./mvnw -q -B package -DskipTests
WORK=$(mktemp -d)
READER_PIDS=()
trap 'kill "${READER_PIDS[@]}" $AGENT 2>/dev/null; wait $AGENT 2>/dev/null; rm -rf "$WORK"' EXIT

java -Dquarkus.http.port=$PORT -Dquarkus.http.host=127.0.0.1 -Doutpost.data-dir="$WORK/data" \
  -Doutpost.store.embedded.max-connections=100 -Doutpost.routes.bench.url=http://127.0.0.1:9/ \
  ${AGENT_OPTS:-} -jar "$JAR" > "$WORK/agent.log" 2>&1 &
AGENT=$!
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$PORT/q/health/ready" >/dev/null && break; sleep 0.2; done
kill -0 $AGENT 2>/dev/null && [ -f "$WORK/data/pg/postmaster.pid" ] || { cat "$WORK/agent.log" >&2; exit 1; }
PGPORT=$(sed -n 4p "$WORK/data/pg/postmaster.pid")
for i in $(seq "${READERS:-0}"); do
  curl -sN -H 'Accept: text/event-stream' "http://127.0.0.1:$PORT/v1/messages/events" > "$WORK/reader-$i.txt" &
  READER_PIDS+=($!)
done
psql -q -h 127.0.0.1 -p "$PGPORT" -U postgres -c \
  "create table bench_raw (id bigserial primary key, route text not null, body bytea, at timestamptz default now())"

accepts() {
  wrk -t"$(( $1 < 2 ? 1 : 2 ))" -c"$1" -d"${SECONDS_PER_RUN}s" -s src/bench/accept.lua "http://127.0.0.1:$PORT/v1/routes/bench/messages" \
    > "$WORK/wrk.txt"
  grep -q '^non202=0$' "$WORK/wrk.txt" || { cat "$WORK/wrk.txt" >&2; echo "some accepts failed" >&2; exit 1; }
  awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt"
}
raw() {
  pgbench -n -h 127.0.0.1 -p "$PGPORT" -U postgres -c "$1" -j "$(( $1 < 2 ? 1 : 2 ))" -T "$SECONDS_PER_RUN" -f src/bench/raw-insert.sql \
    postgres 2>/dev/null | awk '/^tps/ {print $3}'
}

accepts 16 >/dev/null; raw 16 >/dev/null   # warm up the JIT and the caches
printf '%-8s %14s %16s %8s\n' clients accepts/s raw-inserts/s ratio
for c in 1 16 64; do
  a=$(accepts "$c"); r=$(raw "$c")
  printf '%-8s %14.0f %16.0f %8.2f\n' "$c" "$a" "$r" "$(echo "$a / $r" | bc -l)"
done
for i in $(seq "${READERS:-0}"); do
  echo "reader $i: $(grep -c '^event: message' "$WORK/reader-$i.txt") events" >&2
done
