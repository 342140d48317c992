"""The local model server: Gemini's and OpenAI's REST formats on a free loopback port.

Routes:
- Gemini: `POST /v1beta/models/{model}:generateContent` (also `/v1/...`)
- OpenAI: `POST /v1/chat/completions` (any prefix ending in `/chat/completions`)

Each request takes the outage answer while `down` is set, else the next scripted `Reply`
if there is one, else asks the `responder`. Requests are counted (and recorded unless
`record=False`), with estimated tokens, so callers can count calls and read prompts.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from sago.devtools.llm_stub.answers import grounded_responder
from sago.devtools.llm_stub.model import Reply, Responder, StubRequest

GEMINI_PATH = re.compile(r"^/v1(?:beta)?/models/(?P<model>[^/:]+):generateContent")


class LLMStub:
    """The server; use `LLMStub.running()` (or the tests' `llm_stub` fixture).

    `record=False` keeps only the counters, not every request: a bench run sends hundreds
    of large prompts, and with `--in-process` they would count in its peak RSS.
    """

    def __init__(self, responder: Responder | None = None, *, record: bool = True) -> None:
        self.responder: Responder = responder or grounded_responder
        self.record = record
        self.requests: list[StubRequest] = []
        self.calls = 0  # every request, recorded or not
        self.failed = 0  # requests answered with the outage while `down`
        self.down = False  # while set, every request gets `Reply.outage()`
        self.prompt_tokens = 0
        self.output_tokens = 0
        self._script: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @classmethod
    @contextmanager
    def running(
        cls, responder: Responder | None = None, *, record: bool = True
    ) -> Iterator[LLMStub]:
        stub = cls(responder, record=record)
        stub._thread.start()
        try:
            yield stub
        finally:
            stub._server.shutdown()
            stub._server.server_close()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def openai_url(self) -> str:
        """The OpenAI-style base URL (`SAGO_LLM_BASE_URL`)."""
        return f"{self.url}/v1"

    def script(self, *replies: Reply) -> None:
        with self._lock:
            self._script.extend(replies)

    def _next(self, request: StubRequest) -> Reply:
        with self._lock:
            self.calls += 1
            if self.record:
                self.requests.append(request)
            if self.down:
                self.failed += 1
                return Reply.outage()
            if self._script:
                return self._script.popleft()
        return self.responder(request)

    def _count(self, request: StubRequest, text: str) -> tuple[int, int]:
        # Estimates, reported the way a provider reports them: the request body's characters
        # / 4 (messages, instructions and the output schema, as a provider bills them).
        prompt = request.size // 4
        output = len(text) // 4
        with self._lock:
            self.prompt_tokens += prompt
            self.output_tokens += output
        return prompt, output


def _handler_for(stub: LLMStub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            data = self.rfile.read(length)
            body = json.loads(data or b"{}")
            path = self.path.split("?", 1)[0]
            if match := GEMINI_PATH.match(path):
                request = StubRequest("gemini", path, match["model"], body, len(data))
            elif path.endswith("/chat/completions"):
                model = str(body.get("model", ""))
                request = StubRequest("openai", path, model, body, len(data))
            else:
                self._send(404, {"error": {"message": f"no route {path}"}})
                return
            reply = stub._next(request)
            if reply.delay:
                time.sleep(reply.delay)
            # The client may have given up (a timeout test): nothing left to tell it.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._answer(stub, request, reply)

        def _answer(self, stub: LLMStub, request: StubRequest, reply: Reply) -> None:
            if reply.raw is not None:
                self._send(reply.status, reply.raw, reply.headers)
            elif reply.status != 200:
                self._send(reply.status, _error(request.wire, reply), reply.headers)
            else:
                text = reply.text or ""
                tokens = stub._count(request, text)
                envelope = _gemini if request.wire == "gemini" else _openai
                self._send(200, envelope(request, reply, text, tokens), reply.headers)

        def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
            data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

    return Handler


_GEMINI_STATUS = {
    400: "INVALID_ARGUMENT",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
}


def _error(wire: str, reply: Reply) -> dict[str, Any]:
    if wire == "gemini":
        status = _GEMINI_STATUS.get(reply.status, "UNKNOWN")
        return {"error": {"code": reply.status, "message": reply.error, "status": status}}
    kind = "rate_limit_error" if reply.status == 429 else "server_error"
    code = "context_length_exceeded" if "context length" in reply.error else None
    if code:
        kind = "invalid_request_error"
    return {"error": {"message": reply.error, "type": kind, "param": None, "code": code}}


def _gemini(
    request: StubRequest, reply: Reply, text: str, tokens: tuple[int, int]
) -> dict[str, Any]:
    finish = "MAX_TOKENS" if reply.finish == "length" else "STOP"
    return {
        "candidates": [
            {
                "content": {"role": "model", "parts": [{"text": text}]},
                "finishReason": finish,
                "index": 0,
            }
        ],
        "usageMetadata": {
            "promptTokenCount": tokens[0],
            "candidatesTokenCount": tokens[1],
            "totalTokenCount": sum(tokens),
        },
        "modelVersion": request.model,
        "responseId": f"stub-{len(text)}",
    }


def _openai(
    request: StubRequest, reply: Reply, text: str, tokens: tuple[int, int]
) -> dict[str, Any]:
    return {
        "id": f"chatcmpl-stub-{len(text)}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text, "refusal": None},
                "finish_reason": reply.finish,
                "logprobs": None,
            }
        ],
        "usage": {
            "prompt_tokens": tokens[0],
            "completion_tokens": tokens[1],
            "total_tokens": sum(tokens),
        },
    }
