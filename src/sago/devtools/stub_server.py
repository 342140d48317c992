"""A local OpenAI-compatible chat-completions endpoint, for `sago bench` and `sago chaos`.

Both measure Sago against a model on this machine: the benchmark counts LLM calls and
tokens without spending any, the chaos scenario breaks the provider on purpose. Each
supplies `respond(body) -> (status, payload)`; this module serves it on a free loopback
port. (The test suite's richer, scriptable stub lives in tests/support: the package
cannot depend on its test tree.)
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

Respond = Callable[[bytes], tuple[int, dict[str, Any]]]


def chat_completion(
    model: str, content: str, prompt_tokens: int, completion_tokens: int
) -> dict[str, Any]:
    """An OpenAI `chat.completion` answer carrying `content` and a usage block."""
    return {
        "id": f"chatcmpl-stub-{time.monotonic_ns()}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": None},
                "finish_reason": "stop",
                "logprobs": None,
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


class StubServer:
    """Serves `POST …/chat/completions` with `respond`; anything else is a 404."""

    def __init__(self, respond: Respond) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(respond))
        self._server.daemon_threads = True

    @contextmanager
    def running(self) -> Iterator[StubServer]:
        thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        thread.start()
        try:
            yield self
        finally:
            self._server.shutdown()
            self._server.server_close()

    @property
    def base_url(self) -> str:
        """The OpenAI-style base URL (`SAGO_LLM_BASE_URL`)."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"


class StubModel:
    """A model served by a `StubServer`: subclasses answer, `running()` serves them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._server = StubServer(self.answer)

    @classmethod
    @contextmanager
    def running(cls) -> Iterator[Self]:
        stub = cls()
        with stub._server.running():
            yield stub

    @property
    def base_url(self) -> str:
        return self._server.base_url

    def answer(self, body: bytes) -> tuple[int, dict[str, Any]]:
        raise NotImplementedError


def _handler_for(respond: Respond) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass  # a line per request would bury the command's own output

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
            if self.path.split("?", 1)[0].endswith("/chat/completions"):
                status, payload = respond(body)
            else:
                status, payload = 404, {"error": {"message": f"no route {self.path}"}}
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler
