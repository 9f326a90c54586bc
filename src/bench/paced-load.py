#!/usr/bin/env python3
"""Paced load: POSTs messages at a fixed rate (not as fast as possible, as wrk does) for a fixed time, on a
few keep-alive connections, and prints what it achieved. A send that falls behind its slot goes at once
instead of being skipped, so the average rate holds even when single accepts stall.

Usage: paced-load.py URL RATE SECONDS [CONNECTIONS] [TOKEN]"""
import http.client
import sys
import threading
import time
import urllib.parse

url, rate, seconds = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
conns = int(sys.argv[4]) if len(sys.argv) > 4 else 4
token = sys.argv[5] if len(sys.argv) > 5 else None
target = urllib.parse.urlsplit(url)
body = b'{"device":"gw-17","sensor":"temp","value":21.5,"unit":"C","ts":"2026-11-26T07:00:00Z"}'
headers = {"Content-Type": "application/json"}
if token:
    headers["Authorization"] = "Bearer " + token

lock = threading.Lock()
counts = {"ok": 0, "bad": 0, "late": 0}
start = time.monotonic() + 0.1


def worker(index):
    # Each connection owns every conns-th slot of the global schedule.
    period = conns / rate
    conn = http.client.HTTPConnection(target.hostname, target.port, timeout=10)
    n = 0
    while True:
        due = start + (index / rate) + n * period
        if due - start >= seconds:
            break
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        elif delay < -0.05:
            with lock:
                counts["late"] += 1
        try:
            conn.request("POST", target.path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection(target.hostname, target.port, timeout=10)
            status = 0
        with lock:
            counts["ok" if status == 202 else "bad"] += 1
        n += 1
    conn.close()


threads = [threading.Thread(target=worker, args=(i,)) for i in range(conns)]
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.monotonic() - start
total = counts["ok"] + counts["bad"]
print("sent %d in %.1f s (%.0f/s): %d accepted, %d failed, %d more than 50 ms late"
      % (total, elapsed, total / elapsed, counts["ok"], counts["bad"], counts["late"]))
sys.exit(1 if counts["bad"] else 0)
