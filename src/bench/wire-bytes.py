#!/usr/bin/env python3
"""An upstream on loopback that answers every request 204 and counts the bytes each route's requests carried
(request line, headers and body, as received): the figures for wire-bytes.sh. GET /stats answers them as JSON."""
import json
import socket
import sys
import threading

stats = {}
lock = threading.Lock()


def serve(conn):
    buf = b""
    with conn:
        while True:
            while b"\r\n\r\n" not in buf:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                buf += chunk
            head, buf = buf.split(b"\r\n\r\n", 1)
            lines = head.decode("latin-1").split("\r\n")
            method, path, _ = lines[0].split(" ", 2)
            length = 0
            for line in lines[1:]:
                name, _, value = line.partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value.strip())
            while len(buf) < length:
                buf += conn.recv(65536)
            body, buf = buf[:length], buf[length:]
            if path == "/stats":
                out = json.dumps(stats).encode()
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
                             % (len(out), out))
                continue
            route = path.split("/")[1]
            if method == "POST":
                with lock:
                    s = stats.setdefault(route, {"requests": 0, "bytes": 0, "headerBytes": 0, "bodyBytes": 0})
                    s["requests"] += 1
                    s["bytes"] += len(head) + 4 + length
                    s["headerBytes"] += len(head) + 4
                    s["bodyBytes"] += length
            conn.sendall(b"HTTP/1.1 204 No Content\r\n\r\n")


server = socket.create_server(("127.0.0.1", int(sys.argv[1])))
while True:
    c, _ = server.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
