#!/usr/bin/env python3
"""Chaos load: POSTs messages with unique Idempotency-Keys at a steady rate until killed, and logs the
keys the agent accepted (202, or 200 for a repeat)."""
import sys
import time
import urllib.error
import urllib.request

url, rate, out = sys.argv[1], float(sys.argv[2]), open(sys.argv[3], "a", buffering=1)
n = 0
while True:
    key = "chaos-%d" % n
    request = urllib.request.Request(url, data=b'{"n":%d}' % n, method="POST",
                                     headers={"Idempotency-Key": key, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            if response.status in (200, 202):
                out.write(key + "\n")
    except (urllib.error.URLError, OSError) as e:
        print("accept failed:", key, e, file=sys.stderr)
    n += 1
    time.sleep(1.0 / rate)
