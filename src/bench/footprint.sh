#!/usr/bin/env bash
# Footprint of the packaged agent in JVM mode, two ways side by side: "before" (plain `java -jar`, the
# JVM's own defaults) and "after" (deploy/bin/outpost with JAVA_OPTS and MALLOC_ARENA_MAX from
# deploy/systemd/outpost.env, as the unit, the image and the DaemonSet run it; its class archive included).
# For each: time from process start to /q/health/ready UP over later starts, the two taking turns (the first
# start runs initdb, and for "after" makes the archive at its exit; it is not counted), the agent's RSS idle and its peak under a
# paced load, the embedded PostgreSQL's memory as the sum of Pss over its processes (RSS would count shared
# buffers once per process), and the most accepts per second wrk gets (the cost of the flags in speed).
# The load goes to a route whose upstream (nginx, 204) is up, so messages are accepted and delivered.
# Needs python3, nginx, curl, wrk. Usage: src/bench/footprint.sh [rate] [seconds] [starts]
#   BEFORE_OPTS / AFTER_OPTS override the two flag sets; JAVA picks the JVM (default: java on PATH).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
RATE=${1:-500}
SECONDS_LOAD=${2:-30}
STARTS=${3:-7}
PORT=18110
UPSTREAM=18111
JAVA=${JAVA:-java}
APP=$PWD/target/quarkus-app
[ -f "$APP/quarkus-run.jar" ] || ./mvnw -q -B package -DskipTests
env_opts() { sed -n 's/^JAVA_OPTS="\(.*\)"$/\1/p' deploy/systemd/outpost.env; }
ARENAS=$(sed -n 's/^MALLOC_ARENA_MAX=//p' deploy/systemd/outpost.env)
BEFORE_OPTS=${BEFORE_OPTS-}
AFTER_OPTS=${AFTER_OPTS-$(env_opts)}
WORK=$(mktemp -d)
AGENT=
NGINX="nginx -p $WORK/nginx -c nginx.conf"
cleanup() {
  if [ -n "$AGENT" ]; then kill "$AGENT" 2>/dev/null || true; wait "$AGENT" 2>/dev/null || true; fi
  $NGINX -s stop 2>/dev/null || true
  if [ -n "${KEEP:-}" ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'echo "footprint.sh: failed at line $LINENO" >&2' ERR

mkdir -p "$WORK/nginx/logs"
cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes 1;
error_log logs/error.log warn;
pid logs/nginx.pid;
events { worker_connections 256; }
http { access_log off; client_body_temp_path $WORK/nginx;
  server { listen 127.0.0.1:$UPSTREAM; location / { return 204; } } }
CONF
$NGINX

ms() { date +%s%3N; }
rss_mib() { awk '/^VmRSS/ {printf "%d\n", $2 / 1024}' "/proc/$1/status"; }
# Postmaster from its lock file, plus its children (backends, checkpointer, walwriter, ...).
pg_pss_mib() {
  local pm; pm=$(head -1 "$1/pg/postmaster.pid" 2>/dev/null) || { echo 0; return; }
  for p in "$pm" $(pgrep -P "$pm"); do cat "/proc/$p/smaps_rollup" 2>/dev/null || true; done \
    | awk '/^Pss:/ {s += $2} END {printf "%d\n", s / 1024}'
}

start_agent() { # name opts data-dir
  local props="-Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=$PORT"
  props="$props -Doutpost.routes.bench.url=http://127.0.0.1:$UPSTREAM/ingest"
  if [ "$1" = after ]; then # as installed: the launcher, its environment from outpost.env
    (cd "$APP" && OUTPOST_APP=$APP OUTPOST_DATA_DIR=$3 JAVA=$JAVA MALLOC_ARENA_MAX=$ARENAS JAVA_OPTS="$2 $props" \
      exec sh "$ROOT/deploy/bin/outpost" >> "$3.log" 2>&1) &
  else
    # shellcheck disable=SC2086 # lists of flags, split on purpose
    (cd "$APP" && exec "$JAVA" $2 $props -Doutpost.data-dir="$3" -jar quarkus-run.jar >> "$3.log" 2>&1) &
  fi
  AGENT=$!
}
await_ready() { # polls; prints ms since $1
  for _ in $(seq 3000); do
    if curl -sf -o /dev/null "http://127.0.0.1:$PORT/q/health/ready"; then echo $(( $(ms) - $1 )); return; fi
    kill -0 "$AGENT" 2>/dev/null || { echo "agent exited" >&2; exit 1; }
    sleep 0.01
  done
  echo "not ready after 30 s" >&2; exit 1
}
stop_agent() { kill "$AGENT" 2>/dev/null || echo "agent $AGENT had already exited" >&2; wait "$AGENT" || true; AGENT=; }

median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

# Ready times, the two setups taking turns, so that a change in the machine's load hits both alike.
ready_times() {
  local name t
  for name in before after; do # initdb, unpacking, and the class archive: not counted
    start_agent "$name" "$(opts "$name")" "$WORK/data-$name"; await_ready "$(ms)" > /dev/null; stop_agent
  done
  for _ in $(seq "$STARTS"); do
    for name in before after; do
      t=$(ms); start_agent "$name" "$(opts "$name")" "$WORK/data-$name"; t=$(await_ready "$t"); stop_agent
      printf -v "T_$name" '%s' "$(eval echo "\$T_$name") $t"
    done
  done
}
opts() { if [ "$1" = before ]; then echo "$BEFORE_OPTS"; else echo "$AFTER_OPTS"; fi; }

measure() { # name opts -> sets R_<name>: memory under load and the most accepts/s
  local data="$WORK/data-$1"
  start_agent "$1" "$2" "$data"; await_ready "$(ms)" > /dev/null
  sleep 10  # let start-up garbage and JIT settle before the idle reading
  local idle pgidle; idle=$(rss_mib "$AGENT"); pgidle=$(pg_pss_mib "$data")
  python3 src/bench/paced-load.py "http://127.0.0.1:$PORT/v1/routes/bench/messages" "$RATE" "$SECONDS_LOAD" \
    > "$WORK/load-$1.txt" & local load=$!
  local peak=0 pgpeak=0 r p
  while kill -0 "$load" 2>/dev/null; do
    r=$(rss_mib "$AGENT"); p=$(pg_pss_mib "$data")
    if [ "$r" -gt "$peak" ]; then peak=$r; fi
    if [ "$p" -gt "$pgpeak" ]; then pgpeak=$p; fi
    sleep 1
  done
  wait "$load" || echo "load reported failures: $(cat "$WORK/load-$1.txt")" >&2
  local after; after=$(rss_mib "$AGENT")
  local most; most=$(wrk -t2 -c16 -d10s -s src/bench/accept.lua "http://127.0.0.1:$PORT/v1/routes/bench/messages" \
    | awk '/^Requests\/sec/ {printf "%d", $2}')
  stop_agent
  local times; times=$(eval echo "\$T_$1")
  printf -v "R_$1" '%s' "$(echo "$times" | median)|$(echo "$times" | tr ' ' '\n' | grep . | sort -n | head -1)|$idle|$peak|$after|$pgidle|$pgpeak|$most|$(cat "$WORK/load-$1.txt")"
}

echo "before: ${BEFORE_OPTS:-(JVM defaults)}"
echo "after:  $AFTER_OPTS"
echo "JVM: $("$JAVA" -version 2>&1 | head -1); ${RATE} msg/s for ${SECONDS_LOAD} s; ready = median and best of $STARTS starts each; load average $(cut -d' ' -f1-3 /proc/loadavg)"
T_before=; T_after=
ready_times
measure before "$BEFORE_OPTS"
measure after "$AFTER_OPTS"
IFS='|' read -r -a B <<< "$R_before"; IFS='|' read -r -a A <<< "$R_after"
printf '%-38s %12s %12s\n' "" before after
printf '%-38s %12s %12s\n' "ready after start, median (ms)" "${B[0]}" "${A[0]}" \
  "ready after start, best (ms)" "${B[1]}" "${A[1]}" \
  "agent RSS idle (MiB)" "${B[2]}" "${A[2]}" \
  "agent RSS peak under load (MiB)" "${B[3]}" "${A[3]}" \
  "agent RSS after load (MiB)" "${B[4]}" "${A[4]}" \
  "PostgreSQL PSS idle (MiB)" "${B[5]}" "${A[5]}" \
  "PostgreSQL PSS peak under load (MiB)" "${B[6]}" "${A[6]}" \
  "most accepts/s (wrk, 16 connections)" "${B[7]}" "${A[7]}"
echo "load before: ${B[8]}"
echo "load after:  ${A[8]}"
echo "ready times (ms): before$T_before; after$T_after; load average now $(cut -d' ' -f1-3 /proc/loadavg)"
