"""The HTTP plumbing of the local API fakes: one threaded loopback server answering JSON."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# (method, path with query, headers, body) → (status, JSON answer, extra headers)
Answer = Callable[[str, str, dict[str, str], str], tuple[int, Any, dict[str, str]]]


@contextmanager
def serve_json(answer: Answer, release: threading.Event) -> Iterator[str]:
    """Serve `answer` on a free loopback port; yields the root URL. `release` is set on
    the way out, so a request a test holds does not keep the server from stopping."""

    class Handler(BaseHTTPRequestHandler):
        def _handle(self) -> None:
            size = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(size).decode()
            status, found, extra = answer(self.command, self.path, dict(self.headers), body)
            data = json.dumps(found).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in extra.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _handle  # noqa: N815 - the names BaseHTTPRequestHandler calls

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        release.set()
        server.shutdown()
        server.server_close()
