#!/usr/bin/env bash
# What one reader of GET /v1/messages/events costs the accepts: one agent process (paused route, so every
# accept is one change and nothing else runs), rounds of wrk accepts alternating without and with a reader
# connected, in the same run, so a busy machine slows both sides alike. Prints each round's accepts/s, the
# ratio, the agent's and PostgreSQL's CPU per accept, and how many events the reader had received when the
# round ended (a reader that falls behind would look cheap: it does its work after the round).
# Then a reader from position 0 catches up on every message accepted meanwhile, alone on an otherwise idle
# agent: the CPU it costs per event, agent and PostgreSQL (the firmest figure on a loaded machine).
# Needs wrk and psql. Usage: src/bench/reader-bench.sh [rounds] [seconds] [clients]
# JFR=<file> records the agent's CPU profile during the rounds with a reader and the catch-up (JFR_SETTINGS: a .jfc, default profile).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-3}
SECONDS_PER_RUN=${2:-8}
CLIENTS=${3:-64}
PORT=${PORT:-18080}
JAR=${JAR:-target/quarkus-app/quarkus-run.jar}
[ -f "$JAR" ] || ./mvnw -q -B package -DskipTests
WORK=$(mktemp -d)
AGENT=
READER=
cleanup() {
  [ -n "$READER" ] && kill "$READER" 2>/dev/null
  if [ -n "$AGENT" ]; then kill "$AGENT" 2>/dev/null || true; wait "$AGENT" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

java -Dquarkus.http.port=$PORT -Dquarkus.http.host=127.0.0.1 -Doutpost.data-dir="$WORK/data" \
  -Doutpost.store.embedded.max-connections=100 -Doutpost.routes.bench.url=http://127.0.0.1:9/ \
  -Doutpost.routes.bench.paused=true ${AGENT_OPTS:-} -jar "$JAR" > "$WORK/agent.log" 2>&1 &
AGENT=$!
for _ in $(seq 900); do curl -sf "http://127.0.0.1:$PORT/q/health/ready" >/dev/null && break; sleep 0.2; done
kill -0 $AGENT 2>/dev/null && [ -f "$WORK/data/pg/postmaster.pid" ] || { cat "$WORK/agent.log" >&2; exit 1; }
PGPID=$(head -1 "$WORK/data/pg/postmaster.pid")
TICKS=$(getconf CLK_TCK)

# CPU ticks (user + system) of a process and its children
cpu_of() {
  local total=0 p
  for p in "$1" $(pgrep -P "$1"); do
    [ -r "/proc/$p/stat" ] && total=$(( total + $(awk '{print $14 + $15}' "/proc/$p/stat") ))
  done
  echo "$total"
}
accepts() {
  wrk --timeout 10s -t2 -c"$CLIENTS" -d"${SECONDS_PER_RUN}s" -s src/bench/accept.lua "http://127.0.0.1:$PORT/v1/routes/bench/messages" \
    > "$WORK/wrk.txt"
  grep -q '^non202=0$' "$WORK/wrk.txt" || { cat "$WORK/wrk.txt" >&2; echo "some accepts failed" >&2; exit 1; }
  awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt"
}
# one round: accepts/s, then agent and PostgreSQL CPU per accept in microseconds
round() {
  local a0 p0 a1 p1 rate
  a0=$(cpu_of "$AGENT"); p0=$(cpu_of "$PGPID")
  rate=$(accepts)
  a1=$(cpu_of "$AGENT"); p1=$(cpu_of "$PGPID")
  local n; n=$(echo "$rate * $SECONDS_PER_RUN" | bc -l)
  printf '%.0f %.1f %.1f' "$rate" "$(echo "($a1 - $a0) * 1000000 / $TICKS / $n" | bc -l)" \
    "$(echo "($p1 - $p0) * 1000000 / $TICKS / $n" | bc -l)"
}

accepts >/dev/null   # warm up the JIT and the caches
curl -sN -H 'Accept: text/event-stream' "http://127.0.0.1:$PORT/v1/messages/events" > "$WORK/warm.txt" & READER=$!
accepts >/dev/null   # and the reader's code paths
kill "$READER"; READER=
printf '%-6s %22s %22s %7s %s\n' round 'without: acc/s us(a/pg)' 'with: acc/s us(a/pg)' ratio 'reader events / accepts'
RATIOS=()
for i in $(seq "$ROUNDS"); do
  read -r w wa wp <<< "$(round)"
  curl -sN -H 'Accept: text/event-stream' "http://127.0.0.1:$PORT/v1/messages/events" > "$WORK/reader.txt" & READER=$!
  sleep 0.5   # connected and past its first read
  [ -n "${JFR:-}" ] && jcmd "$AGENT" JFR.start name=reader settings="${JFR_SETTINGS:-profile}" > /dev/null
  read -r r ra rp <<< "$(round)"
  [ -n "${JFR:-}" ] && jcmd "$AGENT" JFR.stop name=reader filename="${JFR%.jfr}-$i.jfr" > /dev/null
  got=$(grep -c '^event: message' "$WORK/reader.txt" || true)
  kill "$READER"; READER=
  ratio=$(echo "$r / $w" | bc -l)
  RATIOS+=("$ratio")
  printf '%-6s %9d %5.1f/%5.1f %9d %5.1f/%5.1f %7.3f %d / %d\n' "$i" "$w" "$wa" "$wp" "$r" "$ra" "$rp" "$ratio" \
    "$got" "$(( r * SECONDS_PER_RUN ))"
done
printf 'median ratio: %.3f (load: %s)\n' "$(printf '%s\n' "${RATIOS[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')" \
  "$(cut -d' ' -f1-3 /proc/loadavg)"

# the catch-up: every message from position 0, read as fast as the reader goes
PSQL="psql -h 127.0.0.1 -p $(sed -n 4p "$WORK/data/pg/postmaster.pid") -U postgres -Atc"
TOP=$($PSQL "select max(changed_seq) from outbox_message")
COUNT=$($PSQL "select count(*) from outbox_message")
last_id() { tail -c 400 "$WORK/catchup.txt" | awk '/^id: / {id = $2} END {print id + 0}'; }
: > "$WORK/catchup.txt"   # empty before the reader starts: the wait below reads it at once
[ -n "${JFR:-}" ] && jcmd "$AGENT" JFR.start name=catchup settings="${JFR_SETTINGS:-profile}" > /dev/null
a0=$(cpu_of "$AGENT"); p0=$(cpu_of "$PGPID"); t0=$(date +%s.%N)
curl -sN -H 'Accept: text/event-stream' -H 'Last-Event-ID: 0' "http://127.0.0.1:$PORT/v1/messages/events" > "$WORK/catchup.txt" & READER=$!
while [ "$(last_id)" -lt "$TOP" ]; do sleep 0.1; done
a1=$(cpu_of "$AGENT"); p1=$(cpu_of "$PGPID"); t1=$(date +%s.%N)
[ -n "${JFR:-}" ] && jcmd "$AGENT" JFR.stop name=catchup filename="${JFR%.jfr}-catchup.jfr" > /dev/null
kill "$READER"; READER=
got=$(grep -c '^event: message' "$WORK/catchup.txt" || true)
printf 'catch-up: %d events (%d messages) in %.2f s: %.0f events/s, agent %.2f us/event, PostgreSQL %.2f us/event, %.0f bytes/event\n' \
  "$got" "$COUNT" "$(echo "$t1 - $t0" | bc -l)" "$(echo "$got / ($t1 - $t0)" | bc -l)" \
  "$(echo "($a1 - $a0) * 1000000 / $TICKS / $got" | bc -l)" "$(echo "($p1 - $p0) * 1000000 / $TICKS / $got" | bc -l)" \
  "$(echo "$(stat -c %s "$WORK/catchup.txt") / $got" | bc -l)"
