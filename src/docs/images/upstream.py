"""A loopback upstream for the dashboard screenshots: takes messages (422 for a body with "bad" in it),
serves a slow download, and an SSE stream with an event every 2 s. Usage: upstream.py PORT"""
import http.server
import sys
import time


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if b"bad" in body:
            reply = b'{"error":"unknown sensor id"}'
            self.send_response(422)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)
            return
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PUT = do_POST

    def do_GET(self):
        if self.path.startswith("/events"):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            n = 0
            while True:
                n += 1
                self.wfile.write(f"id: {n}\ndata: {{\"n\":{n}}}\n\n".encode())
                self.wfile.flush()
                time.sleep(2)
        size = 256 * 1024 * 1024
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        chunk = b"\0" * 65536
        for _ in range(size // len(chunk)):
            self.wfile.write(chunk)
            time.sleep(0.1)  # about 640 KiB/s: a transfer that is seen moving


http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
