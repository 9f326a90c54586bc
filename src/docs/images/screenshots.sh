#!/usr/bin/env bash
# Makes dashboard-desktop.png and dashboard-7inch.png here: the packaged agent (build it first:
# ./mvnw package -DskipTests) with three routes, a stream and a download against a loopback upstream, some
# traffic, and DashboardScreenshots taking the pictures in headless Chromium after a minute of it.
set -euo pipefail
cd "$(dirname "$0")/../../.."
UP=18471 AGENT=18472
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; sleep 2; rm -rf "$WORK"' EXIT
python3 src/docs/images/upstream.py $UP &
cat > "$WORK/outpost.properties" <<CONF
outpost.data-dir=$WORK/data
quarkus.http.port=$AGENT
outpost.routes.telemetry.url=http://127.0.0.1:$UP/telemetry
outpost.routes.orders.url=http://127.0.0.1:$UP/orders
outpost.routes.billing.url=http://127.0.0.1:9/billing
outpost.routes.billing.retry.initial-delay=2s
outpost.streams.alerts.url=http://127.0.0.1:$UP/events
outpost.streams.alerts.transport=sse
outpost.connectivity.idle-check-interval=5s
CONF
java -Dquarkus.config.locations="$WORK/outpost.properties" -jar target/quarkus-app/quarkus-run.jar \
  > "$WORK/agent.log" 2>&1 &
until curl -fs "http://127.0.0.1:$AGENT/q/health/ready" >/dev/null; do sleep 1; done
post() { curl -fs -o /dev/null -H 'Content-Type: application/json' -d "$2" "http://127.0.0.1:$AGENT/v1/routes/$1/messages"; }
for i in 1 2 3; do post orders "{\"sensor\":\"bad-$i\"}"; done
for i in $(seq 1 14); do post billing "{\"invoice\":$i}"; done
curl -fs -o /dev/null -H 'Content-Type: application/json' \
  -d '{"route":"telemetry","path":"/firmware-2.4.1.bin","direction":"download"}' "http://127.0.0.1:$AGENT/v1/transfers"
( for i in $(seq 1 4000); do
    for j in $(seq 1 $(( (i / 10) % 6 + 1 ))); do post telemetry "{\"t\":$i}" & done
    if [ $((i % 60)) -eq 0 ]; then post orders "{\"sensor\":\"bad-x$i\"}"; fi
    post orders "{\"order\":$i}"; wait; sleep 0.2
  done ) &
./mvnw -B -o -q test -Djazzer.skip -Dtest=DashboardScreenshots -Dsurefire.failIfNoSpecifiedTests=false \
  -Dscreenshots.url="http://127.0.0.1:$AGENT/" -Dscreenshots.dir=src/docs/images \
  -Dscreenshots.settle-seconds="${SETTLE:-90}"
