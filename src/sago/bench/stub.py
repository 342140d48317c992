"""A minimal local OpenAI-compatible server for `sago bench --llm-stub`.

The test suite has a scriptable stub (tests/support/llm_stub.py); shipping tests code as a
runtime dependency would tie the package to its test tree, so this is the small part the
benchmark needs: `POST …/chat/completions` answering "no events" with a usage block.

Token counts are estimates, reported the way a provider reports them: prompt tokens are
the request body's characters / 4 (messages, instructions and the output schema, as a
provider bills them), completion tokens the answer's characters / 4. The answer is the
shortest valid one, so output tokens per 1,000 messages are a floor, not a model's figure.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

ANSWER = json.dumps({"events": []})


class StubLLM:
    """Counts requests and estimated tokens; use `StubLLM.running()`."""

    def __init__(self) -> None:
        self.requests = 0
        self.prompt_tokens = 0
        self.completion_tokens = 0
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True

    @classmethod
    @contextmanager
    def running(cls) -> Iterator[StubLLM]:
        stub = cls()
        thread = threading.Thread(
            target=stub._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        thread.start()
        try:
            yield stub
        finally:
            stub._server.shutdown()
            stub._server.server_close()

    @property
    def base_url(self) -> str:
        """The OpenAI-style base URL (`SAGO_LLM_BASE_URL`)."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def answer(self, body: bytes) -> dict[str, Any]:
        request = json.loads(body or b"{}")
        prompt, completion = len(body) // 4, len(ANSWER) // 4
        with self._lock:
            self.requests += 1
            self.prompt_tokens += prompt
            self.completion_tokens += completion
        return {
            "id": f"chatcmpl-bench-{self.requests}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": str(request.get("model", "bench-stub")),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": ANSWER, "refusal": None},
                    "finish_reason": "stop",
                    "logprobs": None,
                }
            ],
            "usage": {
                "prompt_tokens": prompt,
                "completion_tokens": completion,
                "total_tokens": prompt + completion,
            },
        }


def _handler_for(stub: StubLLM) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass  # a line per request would bury the benchmark's own output

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
            if self.path.split("?", 1)[0].endswith("/chat/completions"):
                status, payload = 200, stub.answer(body)
            else:
                status, payload = 404, {"error": {"message": f"no route {self.path}"}}
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler
