#!/usr/bin/env python3
"""HTTP/1.1 keep-alive test server for the HyperClient transport tests.

Listens on 127.0.0.1 and on 127.0.0.2 (a second host, for redirect tests), each on a free
port, and with `--tls CERT KEY` also over TLS on 127.0.0.1; prints
{"port": P, "port2": Q, "tlsport": T} on stdout, and exits when stdin closes (so it never
outlives the test process that started it).

Routes (any method unless noted; every answer has a Content-Length so connections stay open):
  /echo (and any other path) {method, path, rawPath, query, headers, body, connection, host}
  /delay?ms=N               waits N ms, then echoes
  /flaky?key=K&fail=N&status=S[&retry_after=SECONDS]
                            first N requests for K answer S, then 200 {"attempts": n}
  /drop?key=K&fail=N        first N requests for K close the connection without an answer
  /attempts?key=K           {"attempts": n}: how often /flaky or /drop saw K
  /redirect?to=URL&status=S Location: URL
  /gzip                     a JSON body gzip-encoded when the client accepts gzip
  /big?mb=N                 N MiB of bytes, streamed in 64 KiB chunks

Hostile answers (for the answer limits, redirects and escaping):
  /bomb?mb=N                N MiB of zeros, gzip-encoded (about 1 KB per MiB), sent whatever
                            the client accepts, with Content-Type application/json
  /endless[?type=T]         a chunked body that never ends (64 KiB chunks until the client goes)
  /stall?after=N[&seconds=S]  200 with Content-Length 1000, N bytes, then silence for S s (60)
  /html?code=C              an HTML error page full of terminal escape sequences
  /hang[?seconds=S]         reads the request, then never answers (for S s, 60 by default)
  /SERVICE/hostile-KIND/... the same for a whole domain (for the CLI: -c http://HOST:PORT/hostile-KIND):
                            bomb-N, endless, stall, html, hang, escape (a 400 whose msg holds
                            escape sequences), redirect-S (S to http://127.0.0.2:PORT2/landed/PATH);
                            the query is the route's (hostile-hang?seconds=S)
  /_seen?path=P             {"count": n}: how many requests had a path starting with P
  /status?code=C&type=json|text&body=B  answers C with body B
  /upload, POST|PUT /storage/...  reads the body streaming: {"size", "sha256", "contentType", "method"}
  GET /                     hyper's info, without extensions (on 127.0.0.2: an HTML front page)
  /queue/retrytest...       a queue with one errored job (id 7) and no server-side retry; its
                            cancel answers ok and keeps the job, as hyper's queue adapter does
  /cache/globtest/_query    keys as hyper's sqlite LIKE answers `user_1*` (with `userx1b`: H6),
                            and the pattern it was sent
  /cache/mergetest/KEY      PUT merges into the stored value and GET answers it, as hyper's sqlite
                            cache does (hyper-2026.md H5)
  /data/racetest/ID         another writer at work on ID: GET n answers version n of the document
                            (ID "once" stops at version 2, which has a field "other"; ID "always"
                            never stops); PUT answers ok and keeps the body for GET /_racewrites
  /search/limittest/_query  three matches (hyper's search has no limit), and the body it got as "sent"
  /_events                  what /queue/retrytest received
"""
import gzip
import hashlib
import json
import os
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

lock = threading.Lock()
seen = []
ports = {}
attempts = {}
connections = [0]
queue_events = []
race_reads = {}
race_writes = []
merged_cache = {}


bombs = {}


def bomb(mb):
    """N MiB of zeros, gzip-compressed once per size (64 MiB take about 0.3 s)."""
    with lock:
        if mb not in bombs:
            bombs[mb] = gzip.compress(bytes(mb * 1024 * 1024), compresslevel=9)
        return bombs[mb]


def next_connection():
    with lock:
        connections[0] += 1
        return connections[0]


def count_attempt(key):
    with lock:
        attempts[key] = attempts.get(key, 0) + 1
        return attempts[key]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def setup(self):
        super().setup()
        self.connection_id = next_connection()

    def do_request(self):
        url = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        route = getattr(self, "route_" + url.path.strip("/"), None)
        with lock:
            seen.append(url.path)
        segments = url.path.split("/")
        if len(segments) > 2 and segments[2].startswith("hostile-"):
            self.read_body()
            return self.hostile(segments[2][len("hostile-"):], url.path, query)
        if url.path == "/upload" or (url.path.startswith("/storage/") and self.command in ("POST", "PUT")):
            return self.route_upload(query)
        body = self.read_body()
        if url.path == "/" and self.command == "GET" and self.server.server_address[0] == "127.0.0.2":
            return self.send_bytes(200, b"<html><body>a front page</body></html>", content_type="text/html")
        if url.path == "/" and self.command == "GET":
            return self.send_json(200, {"name": "hyper", "version": "1.0-beta", "services": ["data", "queue"]})
        if url.path.startswith("/queue/retrytest"):
            return self.fake_queue(url.path, query, body)
        if url.path == "/cache/globtest/_query":
            docs = [{"key": key, "value": {"n": n}} for n, key in enumerate(["user_1a", "userx1b", "user_10"])]
            return self.send_json(200, {"ok": True, "docs": docs, "pattern": query.get("pattern")})
        if url.path.startswith("/cache/mergetest/"):
            key = url.path[len("/cache/mergetest/"):]
            with lock:
                if self.command == "PUT":
                    merged_cache[key] = {**merged_cache.get(key, {}), **json.loads(body or b"{}")}
                    return self.send_json(200, {"ok": True})
                if key in merged_cache:
                    return self.send_json(200, merged_cache[key])
            return self.send_json(404, {"ok": False, "status": 404, "msg": "document not found"})
        if url.path.startswith("/data/racetest/"):
            doc = url.path[len("/data/racetest/"):]
            with lock:
                if self.command == "PUT":
                    race_writes.append({"id": doc, "body": json.loads(body or b"{}")})
                    return self.send_json(200, {"ok": True, "id": doc})
                race_reads[doc] = race_reads.get(doc, 0) + 1
                version = race_reads[doc] if doc == "always" else min(race_reads[doc], 2)
            return self.send_json(200, {"_id": doc, "version": version, **({"other": "kept"} if version >= 2 else {})})
        if url.path == "/_racewrites":
            with lock:
                return self.send_json(200, race_writes)
        if url.path == "/search/limittest/_query":
            matches = [{"id": f"m{n}", "score": 4 - n} for n in (1, 2, 3)]
            return self.send_json(200, {"ok": True, "matches": matches, "sent": body.decode()})
        if route is None:   # any other path (e.g. /data/test/x) echoes: the request-shape tests
            return self.echo(query, body)
        route(query, body)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = do_request

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def send_bytes(self, status, data, content_type="application/json", extra=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def send_json(self, status, value, extra=()):
        self.send_bytes(status, json.dumps(value).encode(), extra=extra)

    def echo(self, query, body, status=200):
        self.send_json(status, {
            "method": self.command,
            "path": urlsplit(self.path).path,
            "rawPath": self.path,
            "query": query,
            "headers": {k.lower(): v for k, v in self.headers.items()},
            "body": body.decode("utf-8", "replace"),
            "connection": self.connection_id,
            "host": self.server.server_address[0],
        })

    def route_echo(self, query, body):
        self.echo(query, body)

    def route_delay(self, query, body):
        time.sleep(int(query.get("ms", "0")) / 1000)
        self.echo(query, body)

    def route_flaky(self, query, body):
        n = count_attempt(query["key"])
        if n <= int(query.get("fail", "1")):
            status = int(query.get("status", "503"))
            extra = [("Retry-After", query["retry_after"])] if "retry_after" in query else []
            return self.send_bytes(status, b"try again later", "text/plain", extra)
        self.send_json(200, {"ok": True, "attempts": n})

    def route_drop(self, query, body):
        # A truncated answer (curl: "partial file"), not a silent close: curl itself retries
        # a request whose reused connection closed silently, which would hide our retries.
        n = count_attempt(query["key"])
        if n <= int(query.get("fail", "1")):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "100")
            self.end_headers()
            self.wfile.write(b'{"ok":')
            self.wfile.flush()
            self.close_connection = True
            return
        self.send_json(200, {"ok": True, "attempts": n})

    def route_attempts(self, query, body):
        with lock:
            self.send_json(200, {"attempts": attempts.get(query["key"], 0)})

    def route_redirect(self, query, body):
        self.send_bytes(int(query.get("status", "302")), b"", "text/plain", [("Location", query["to"])])

    def route_gzip(self, query, body):
        data = json.dumps({"ok": True, "compressed": True, "filler": "hyper " * 2000}).encode()
        accepted = self.headers.get("Accept-Encoding", "")
        if "gzip" in accepted:
            compressed = gzip.compress(data)
            self.send_bytes(200, compressed, extra=[("Content-Encoding", "gzip"), ("X-Raw-Length", str(len(data)))])
        else:
            self.send_bytes(200, data)

    def fake_queue(self, path, query, body):
        """A queue without server-side retry, for the client-side retry: one errored job 7, which
        a cancel answers ok to and keeps, as hyper's own queue adapter does (hyper-2026.md H2)."""
        if self.command == "GET" and path == "/queue/retrytest" and query.get("status") == "ERROR":
            job = {"id": 7, "job": {"type": "NEW_MOVIE", "id": "movie-1"}, "status": "ERROR", "queue": "retrytest"}
            return self.send_json(200, {"ok": True, "jobs": [job]})
        if self.command == "GET" and path == "/queue/retrytest" and query.get("status") == "READY":
            return self.send_json(200, {"ok": True, "jobs": []})
        with lock:
            queue_events.append({"method": self.command, "path": path, "body": body.decode()})
        if self.command == "POST" and path == "/queue/retrytest":
            return self.send_json(201, {"ok": True, "id": 8})
        if self.command == "POST" and path == "/queue/retrytest/7/_cancel":
            return self.send_json(201, {"ok": True})
        self.send_json(404, {"ok": False, "status": 404, "msg": "job not found"})

    def route__events(self, query, body):
        with lock:
            self.send_json(200, {"events": queue_events})

    def route_big(self, query, body):
        total = int(query.get("mb", "1")) * 1024 * 1024
        chunk = bytes(range(256)) * 256   # 64 KiB
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(total))
        self.end_headers()
        sent = 0
        while sent < total:
            piece = chunk[: min(len(chunk), total - sent)]
            self.wfile.write(piece)
            sent += len(piece)

    def route_bomb(self, query, body):
        data = bomb(int(query.get("mb", "10")))
        self.send_bytes(200, data, extra=[("Content-Encoding", "gzip")])

    def route_endless(self, query, body):
        self.send_response(200)
        self.send_header("Content-Type", query.get("type", "application/json"))
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b"[" + b"0," * 32767 + b"0"   # 64 KiB of a JSON array that never closes
        line = b"%x\r\n" % len(chunk) + chunk + b"\r\n"
        self.close_connection = True
        try:
            while True:
                self.wfile.write(line)
        except OSError:
            pass   # the client hung up: what the test wants

    def route_stall(self, query, body):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "1000")
        self.end_headers()
        self.wfile.write(b" " * int(query.get("after", "10")))
        self.wfile.flush()
        self.close_connection = True
        time.sleep(float(query.get("seconds", "60")))

    def route_html(self, query, body):
        page = (b"<html><head><title>\x1b]0;pwned\x07Bad Gateway</title></head>\n"
                b"<body><h1>502 \x1b[2J\x1b[31mBad Gateway</h1>\x1b]52;c;cm0gLXJmIH4=\x07"
                b"\xc2\x9b31m\xe2\x80\xaeevil</body></html>\n")
        self.send_bytes(int(query.get("code", "502")), page, "text/html")

    def route_hang(self, query, body):
        self.close_connection = True
        time.sleep(float(query.get("seconds", "60")))

    def hostile(self, kind, path, query):
        if kind.startswith("bomb-"):
            return self.route_bomb({"mb": kind[5:]}, b"")
        if kind.startswith("redirect-"):
            location = "http://127.0.0.2:%d/landed%s" % (ports["port2"], path)
            return self.send_bytes(int(kind[9:]), b"moved", "text/plain", [("Location", location)])
        if kind == "escape":
            msg = "\x1b]0;pwned\x07title \x1b[2J\x1b]52;c;cm0gLXJmIH4=\x07 \u009b31m \u202eevil"
            return self.send_json(400, {"ok": False, "status": 400, "msg": msg})
        route = getattr(self, "route_" + kind, None)
        if route is None:
            return self.send_json(404, {"ok": False, "msg": "no hostile kind " + kind})
        route(query, b"")

    def route__seen(self, query, body):
        prefix = query.get("path", "/")
        with lock:
            self.send_json(200, {"count": sum(1 for p in seen if p.startswith(prefix))})

    def route_status(self, query, body):
        code = int(query.get("code", "500"))
        text = query.get("body", "")
        kind = "application/json" if query.get("type") == "json" else "text/plain"
        self.send_bytes(code, text.encode(), kind)

    def route_upload(self, query):
        length = int(self.headers.get("Content-Length") or 0)
        digest = hashlib.sha256()
        left = length
        while left > 0:
            piece = self.rfile.read(min(65536, left))
            if not piece:
                break
            digest.update(piece)
            left -= len(piece)
        self.send_json(200, {"size": length - left, "sha256": digest.hexdigest(),
                             "contentType": self.headers.get("Content-Type"),
                             "method": self.command})


class Server(ThreadingHTTPServer):
    request_queue_size = 128   # the default 5 resets connections under concurrent tests
    daemon_threads = True

    def handle_error(self, request, client_address):
        # Clients hanging up (timeouts, cancellation tests) are expected; report anything else.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def serve(host, tls=None):
    server = Server((host, 0), Handler)
    if tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*tls)
        context.set_alpn_protocols(["http/1.1"])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address[1]


def main():
    ports["port"] = serve("127.0.0.1")
    ports["port2"] = serve("127.0.0.2")
    if len(sys.argv) == 4 and sys.argv[1] == "--tls":
        ports["tlsport"] = serve("127.0.0.1", tls=(sys.argv[2], sys.argv[3]))
    print(json.dumps(ports), flush=True)
    sys.stdin.read()   # returns when the parent closes the pipe or dies
    os._exit(0)


if __name__ == "__main__":
    main()
