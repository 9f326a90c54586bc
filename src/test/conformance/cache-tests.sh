#!/usr/bin/env bash
# Runs the public HTTP-cache test suite (http-tests/cache-tests, the suite behind cache-tests.fyi) against the
# agent's cache and, the same way on the same machine, against squid and varnish as reverse proxies, all on
# loopback, and prints each one's totals (src/test/conformance/summary.mjs) and the tests that did not pass.
# The agent is the packaged one (target/quarkus-app) with a route `ct` to the suite's server; the suite's
# client reads through GET /v1/routes/ct/fetch/... and sets the server up with PUTs through the same route;
# the route may have 32 requests in flight (the client runs 25 tests at once), so that none waits in the
# agent before it is sent: that wait would count towards the Age of what it brings back (RFC 9111 4.2.3).
# The suite is not in this repository: CACHE_TESTS_DIR names a checkout with its npm dependencies installed
# (default target/cache-tests); when it is missing, it is fetched once (git clone at the commit below, then
# npm i for its client's one dependency, undici), which needs the network. Any copy of the repository at that
# commit will do (a snapshot of its test-engine/, tests/, package.json and asset/marked.min.js is enough). Needs node >= 18, and squid and varnish for those targets (Debian: apt-get install
# squid varnish). Usage: src/test/conformance/cache-tests.sh [outpost] [squid] [varnish]   (default: all three)
# Results: target/cache-tests-results/<target>.json (the suite's own format) and <target>.txt (the summary).
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROOT=$PWD
HERE=$ROOT/src/test/conformance
SUITE=${CACHE_TESTS_DIR:-$ROOT/target/cache-tests}
SUITE_COMMIT=${SUITE_COMMIT:-b55b8bd}
SERVER_PORT=${SERVER_PORT:-13100}
AGENT_PORT=${AGENT_PORT:-13080}
ADAPTER_PORT=${ADAPTER_PORT:-13081}
SQUID_PORT=${SQUID_PORT:-13201}
VARNISH_PORT=${VARNISH_PORT:-13202}
JAR=${JAR:-target/quarkus-app/quarkus-run.jar}
OUT=$ROOT/target/cache-tests-results
TARGETS=("$@"); [ ${#TARGETS[@]} -gt 0 ] || TARGETS=(outpost squid varnish)
# The npm release (http-cache-tests 0.4.5) is older than the repository and laid out differently: not used.
if [ ! -d "$SUITE/test-engine" ]; then
  git clone -q https://github.com/http-tests/cache-tests.git "$SUITE"
  git -C "$SUITE" checkout -q "$SUITE_COMMIT"
fi
[ -d "$SUITE/node_modules/undici" ] || (cd "$SUITE" && npm i --no-audit --no-fund --omit=dev >/dev/null)
mkdir -p "$OUT"
WORK=$(mktemp -d -p "$ROOT/target" cache-tests.XXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$WORK/squid/squid.pid" ] && kill "$(cat "$WORK/squid/squid.pid")" 2>/dev/null || true
  [ -f "$WORK/varnish.pid" ] && kill "$(cat "$WORK/varnish.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
wait_for() { for _ in $(seq 600); do curl -s -o /dev/null "$1" && return; sleep 0.2; done; echo "no answer from $1" >&2; exit 1; }
# the suite's client reads its test id from npm's environment; run without npm, both names must be set
client() { (cd "$SUITE" && npm_config_base=$1 npm_config_id=${2:-} npm_package_config_id= node --no-warnings test-engine/cli.mjs); }
run() { # name base-url
  client "$2" > "$OUT/$1.json"
  node "$HERE/summary.mjs" "$SUITE" "$OUT/$1.json" | tee "$OUT/$1.txt"
}

(cd "$SUITE" && npm_config_protocol=http npm_config_port=$SERVER_PORT npm_config_pidfile=$WORK/server.pid \
  exec node --import "$HERE/loopback.mjs" test-engine/server/server.mjs) > "$WORK/server.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$SERVER_PORT/"

for target in "${TARGETS[@]}"; do
  echo "== $target"
  case $target in
    outpost)
      [ -f "$JAR" ] || ./mvnw -q -B -o package -DskipTests
      java -Dquarkus.http.port=$AGENT_PORT -Dquarkus.http.host=127.0.0.1 -Doutpost.data-dir="$WORK/agent" \
        -Doutpost.routes.ct.url=http://127.0.0.1:$SERVER_PORT \
        -Doutpost.routes.ct.concurrency=32 ${AGENT_OPTS:-} -jar "$JAR" > "$WORK/agent.log" 2>&1 &
      PIDS+=($!)
      for _ in $(seq 600); do curl -sf "http://127.0.0.1:$AGENT_PORT/q/health/ready" >/dev/null && break; sleep 0.2; done
      run outpost "http://127.0.0.1:$AGENT_PORT/v1/routes/ct/fetch"
      # The agent rewrites a Location below the route's URL to its own /fetch path (for its clients), which
      # these tests' setup compares literally: run them again with the route mounted at / by the adapter.
      node "$HERE/prefix-proxy.mjs" "$ADAPTER_PORT" "$AGENT_PORT" /v1/routes/ct/fetch &
      PIDS+=($!)
      wait_for "http://127.0.0.1:$ADAPTER_PORT/"
      for id in invalidate-POST-location invalidate-PUT-location invalidate-DELETE-location \
          invalidate-POST-cl invalidate-PUT-cl invalidate-DELETE-cl; do
        printf '%s through the adapter: %s\n' "$id" "$(client "http://127.0.0.1:$ADAPTER_PORT" "$id" | tail -1)"
      done | tee -a "$OUT/outpost.txt"
      ;;
    squid)
      mkdir -p "$WORK/squid" && chmod 777 "$WORK/squid"
      cat > "$WORK/squid/squid.conf" <<CONF
http_port 127.0.0.1:$SQUID_PORT accel defaultsite=127.0.0.1 no-vhost
cache_peer 127.0.0.1 parent $SERVER_PORT 0 no-query no-digest originserver default name=origin
cache_peer_access origin allow all
http_access allow all
shutdown_lifetime 1 second
connect_retries 3
pid_filename $WORK/squid/squid.pid
access_log none
cache_log $WORK/squid/cache.log
cache_store_log none
coredump_dir $WORK/squid
CONF
      squid -f "$WORK/squid/squid.conf"   # the suite's own squid.conf (docker/squid), on loopback, memory only
      wait_for "http://127.0.0.1:$SQUID_PORT/"
      run squid "http://127.0.0.1:$SQUID_PORT"
      ;;
    varnish)
      printf 'vcl 4.1;\nbackend default { .host = "127.0.0.1"; .port = "%s"; }\n' "$SERVER_PORT" > "$WORK/default.vcl"
      chmod 755 "$WORK"
      # the suite's own varnish parameters (docker/serve.sh)
      varnishd -j unix,user=varnish -n "$WORK/varnish" -a 127.0.0.1:$VARNISH_PORT -T 127.0.0.1:$((VARNISH_PORT + 1)) \
        -f "$WORK/default.vcl" -p default_ttl=0 -p default_grace=0 -p default_keep=3600 -s malloc,64M \
        -P "$WORK/varnish.pid" > /dev/null
      wait_for "http://127.0.0.1:$VARNISH_PORT/"
      run varnish "http://127.0.0.1:$VARNISH_PORT"
      ;;
    *) echo "unknown target $target (outpost, squid, varnish)" >&2; exit 2 ;;
  esac
done
