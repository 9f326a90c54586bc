#!/usr/bin/env python3
"""Chaos upstream: answers 204 to every request and logs '<epoch ms> <method> <Idempotency-Key>'."""
import http.server
import sys
import threading
import time

LOCK = threading.Lock()
OUT = open(sys.argv[3], "a", buffering=1)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def handle_any(self):
        length = int(self.headers.get("Content-Length", 0))
        if length:
            self.rfile.read(length)
        with LOCK:
            OUT.write("%d %s %s\n" % (time.time() * 1000, self.command, self.headers.get("Idempotency-Key", "-")))
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_POST = do_PUT = do_HEAD = do_GET = handle_any

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer((sys.argv[1], int(sys.argv[2])), Handler).serve_forever()
