#!/usr/bin/env bash
# Runs the packaged agent and an upstream in two network namespaces joined by a veth pair, and under a
# steady load cuts the link (ip link down) and blackholes it (nft drop: half-open connections) several
# times. Then checks that every message the agent accepted reached the upstream, and prints figures.
# Needs root, iproute2, nftables (nft), python3, curl. Run by hand or in CI where those exist:
#   sudo deploy/chaos/netns-chaos.sh [cycles] [fault-seconds]
set -euo pipefail
cd "$(dirname "$0")/../.."
CYCLES=${1:-3}
FAULT=${2:-10}
JAR=target/quarkus-app/quarkus-run.jar
[ -f "$JAR" ] || ./mvnw -q -B package -DskipTests
[ "$(id -u)" -eq 0 ] || { echo "needs root (network namespaces)" >&2; exit 2; }

WORK=$(mktemp -d)
A=op-chaos-agent
U=op-chaos-up
inA() { ip netns exec "$A" "$@"; }
inU() { ip netns exec "$U" "$@"; }
cleanup() {
  for pid in ${LOAD:-} ${AGENT:-} ${UPSTREAM:-}; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  ip netns del "$A" 2>/dev/null || true
  ip netns del "$U" 2>/dev/null || true
  if [ -n "${KEEP:-}" ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

ip netns add "$A"; ip netns add "$U"
ip link add veth-a netns "$A" type veth peer name veth-u netns "$U"
inA ip addr add 10.77.0.1/24 dev veth-a; inU ip addr add 10.77.0.2/24 dev veth-u
inA ip link set lo up; inU ip link set lo up
inA ip link set veth-a up; inU ip link set veth-u up

# background processes via ip netns exec itself (it execs, so $! is the process to kill)
ip netns exec "$U" python3 deploy/chaos/upstream.py 10.77.0.2 8080 "$WORK/received" & UPSTREAM=$!
ip netns exec "$A" java -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=18080 -Doutpost.data-dir="$WORK/data" \
  -Doutpost.routes.chaos.url=http://10.77.0.2:8080/ingest -Doutpost.routes.chaos.timeout=2s \
  -Doutpost.routes.chaos.retry.max-delay=5s -jar "$JAR" > "$WORK/agent.log" 2>&1 & AGENT=$!
for _ in $(seq 300); do inA curl -sf http://127.0.0.1:18080/q/health/ready >/dev/null && break; sleep 0.2; done
ip netns exec "$A" python3 deploy/chaos/load.py http://127.0.0.1:18080/v1/routes/chaos/messages 100 \
  "$WORK/accepted" 2> "$WORK/load.err" & LOAD=$!

route() { inA curl -s http://127.0.0.1:18080/v1/routes/chaos; }
field() { sed -E "s/.*\"$1\":([0-9]+).*/\\1/"; }
ms() { date +%s%3N; }
RECOVERY=()
sleep 5
for c in $(seq "$CYCLES"); do
  for fault in link blackhole; do
    echo "cycle $c: $fault for ${FAULT}s, queued $(route | field queued)"
    if [ "$fault" = link ]; then inA ip link set veth-a down; else
      inU nft add table inet chaos
      inU nft add chain inet chaos input '{ type filter hook input priority 0; policy accept; }'
      inU nft add rule inet chaos input tcp dport 8080 drop
    fi
    sleep "$FAULT"
    BACK=$(ms)
    if [ "$fault" = link ]; then inA ip link set veth-a up; else inU nft delete table inet chaos; fi
    # the first delivery after the fault ends, as the upstream saw it
    for _ in $(seq 200); do
      FIRST=$(awk -v t="$BACK" '$1 >= t && $2 == "POST" {print $1; exit}' "$WORK/received")
      [ -n "$FIRST" ] && break; sleep 0.1
    done
    RECOVERY+=("$fault:$(( ${FIRST:-$BACK} - BACK ))ms")
    echo "$BACK $fault restored" >> "$WORK/faults"
    sleep 5
  done
done
kill "$LOAD"; wait "$LOAD" 2>/dev/null || true; LOAD=
for _ in $(seq 600); do r=$(route); [ "$(echo "$r" | field queued)" -eq 0 ] && [ "$(echo "$r" | field delivering)" -eq 0 ] && break; sleep 0.2; done

ACCEPTED=$(sort -u "$WORK/accepted" | wc -l)
DELIVERED=$(awk '$2 == "POST" {print $3}' "$WORK/received" | sort -u | wc -l)
POSTS=$(awk '$2 == "POST"' "$WORK/received" | wc -l)
PROBES=$(awk '$2 == "HEAD"' "$WORK/received" | wc -l)
MISSING=$(comm -23 <(sort -u "$WORK/accepted") <(awk '$2 == "POST" {print $3}' "$WORK/received" | sort -u) | wc -l)
echo "accepted $ACCEPTED, delivered $DELIVERED distinct in $POSTS requests ($(( POSTS - DELIVERED )) duplicates), probes answered $PROBES"
echo "first delivery after each fault ended: ${RECOVERY[*]}"
echo "accept failures during the run: $(wc -l < "$WORK/load.err")"
[ "$MISSING" -eq 0 ] || { echo "LOST: $MISSING accepted messages never arrived" >&2; exit 1; }
echo "nothing accepted was lost"
