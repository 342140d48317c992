"""A local HTTP server that speaks Gemini's and OpenAI's REST formats, scriptable per test.

Routes:
- Gemini: `POST /v1beta/models/{model}:generateContent` (also `/v1/...`)
- OpenAI: `POST /v1/chat/completions` (any prefix ending in `/chat/completions`)

Each request takes the next scripted `Reply` if there is one, otherwise asks the
`responder` (by default `grounded_responder`, which reports events quoting the prompt's own
messages). Every request is recorded, so tests can count calls and read prompts.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from sago.llm.framing import MARKER, parse_messages

GEMINI_PATH = re.compile(r"^/v1(?:beta)?/models/(?P<model>[^/:]+):generateContent")


@dataclass
class Reply:
    """One scripted answer: model text in the provider's envelope, an error, or a hang."""

    text: str | None = None
    status: int = 200
    error: str = "stub error"
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    finish: str = "stop"  # "stop" or "length" (output limit hit)
    raw: bytes | None = None

    @classmethod
    def json(cls, payload: Any) -> Reply:
        return cls(text=json.dumps(payload))

    @classmethod
    def fail(cls, status: int, error: str = "stub error", retry_after_ms: int = 5) -> Reply:
        # retry-after-ms keeps the OpenAI SDK's backoff short in tests.
        return cls(status=status, error=error, headers={"retry-after-ms": str(retry_after_ms)})

    @classmethod
    def hang(cls, seconds: float, then: Reply | None = None) -> Reply:
        base = then or cls.json({"events": []})
        return cls(text=base.text, delay=seconds)


@dataclass
class StubRequest:
    wire: str  # "gemini" | "openai"
    path: str
    model: str
    body: dict[str, Any]

    @property
    def prompt(self) -> str:
        """All user-visible text of the request (instructions and messages)."""
        texts: list[str] = []
        if self.wire == "gemini":
            system = self.body.get("systemInstruction") or {}
            texts += [p.get("text", "") for p in system.get("parts", [])]
            for content in self.body.get("contents", []):
                texts += [p.get("text", "") for p in content.get("parts", []) if "text" in p]
        else:
            for message in self.body.get("messages", []):
                content = message.get("content")
                if isinstance(content, str):
                    texts.append(content)
                elif isinstance(content, list):
                    texts += [c.get("text", "") for c in content if isinstance(c, dict)]
        return "\n".join(texts)

    @property
    def messages(self) -> list[tuple[str, str]]:
        """(id, text) of every framed message in the prompt, first occurrence only."""
        return parse_messages(self.prompt)

    @property
    def is_extraction(self) -> bool:
        return MARKER in self.prompt


Responder = Callable[[StubRequest], Reply]


class LLMStub:
    """The server; use `LLMStub.running()` or the `llm_stub` fixture."""

    def __init__(self, responder: Responder | None = None) -> None:
        self.responder: Responder = responder or grounded_responder
        self.requests: list[StubRequest] = []
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
    def running(cls, responder: Responder | None = None) -> Iterator[LLMStub]:
        stub = cls(responder)
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
        return f"{self.url}/v1"

    def script(self, *replies: Reply) -> None:
        with self._lock:
            self._script.extend(replies)

    def _next(self, request: StubRequest) -> Reply:
        with self._lock:
            self.requests.append(request)
            if self._script:
                return self._script.popleft()
        return self.responder(request)

    def _count(self, request: StubRequest, text: str) -> tuple[int, int]:
        prompt = len(json.dumps(request.body)) // 4
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
            body = json.loads(self.rfile.read(length) or b"{}")
            path = self.path.split("?", 1)[0]
            if match := GEMINI_PATH.match(path):
                request = StubRequest("gemini", path, match["model"], body)
            elif path.endswith("/chat/completions"):
                request = StubRequest("openai", path, str(body.get("model", "")), body)
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


# -- a responder that behaves like a careful model -------------------------------------------

_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "funding",
        re.compile(r"\b(closed|raised|signed|wired)\b.*\b(seed|series [a-d]|round|safe)\b", re.I),
    ),
    ("revenue_milestone", re.compile(r"\b(mrr|arr|revenue|bookings)\b.*\d", re.I)),
    (
        "user_growth",
        re.compile(r"\b(dau|mau|wau|users|sign-?ups|signups)\b.*\d|\d.*\b(dau|mau|users)\b", re.I),
    ),
    (
        "enterprise_deal",
        re.compile(
            r"\b(signed|closed|renewed|expanded)\b.*\b(contract|deal|enterprise|msa)\b", re.I
        ),
    ),
    (
        "compliance",
        re.compile(
            r"\b(soc ?2|iso ?27001|hipaa|gdpr)\b.*"
            r"\b(passed|completed|certified|achieved|received)\b",
            re.I,
        ),
    ),
    ("product_launch", re.compile(r"\b(launched|shipped|released|went live)\b", re.I)),
    ("hiring", re.compile(r"\b(joined|joins|hired|accepted (our|the) offer)\b", re.I)),
    ("partnership", re.compile(r"\bpartnership\b.*\b(signed|live|launched|announced)\b", re.I)),
]
_NOT_FACT = re.compile(
    r"\b(not|no|never|didn't|did not|won't|might|may|could|would|rumou?r\w*|plan\w*|hope\w*|"
    r"target\w*|goal|aim\w*|if|maybe|draft|proposal|next (week|month|quarter))\b|n't\b|\?",
    re.I,
)
_NUMBER = re.compile(r"\$?\d[\d,]*(?:\.\d+)?\s*[kKmMbB%]?")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


def _number(token: str) -> tuple[float, str | None]:
    cleaned = token.strip().lstrip("$").replace(",", "")
    scale = {"k": 1e3, "m": 1e6, "b": 1e9}.get(cleaned[-1:].lower(), 1.0)
    unit = "%" if cleaned.endswith("%") else ("USD" if token.strip().startswith("$") else None)
    digits = cleaned.rstrip("kKmMbB%").strip()
    return float(digits) * scale, unit


def events_for(messages: list[tuple[str, str]], limit: int = 25) -> list[dict[str, Any]]:
    """Grounded events for the messages: one per matching, factual sentence."""
    events: list[dict[str, Any]] = []
    for message_id, text in messages:
        for sentence in (s.strip() for s in _SENTENCE.findall(text)):
            if len(sentence) < 12 or _NOT_FACT.search(sentence):
                continue
            for event_type, pattern in _RULES:
                if not pattern.search(sentence):
                    continue
                numbers = _NUMBER.findall(sentence)
                metrics = []
                if numbers:
                    value, unit = _number(numbers[0])
                    metrics.append({"name": event_type.split("_")[0], "value": value, "unit": unit})
                key = f"{event_type} {numbers[0].strip() if numbers else sentence[:40].lower()}"
                events.append(
                    {
                        "event_type": event_type,
                        "key": key,
                        "title": sentence[:120] if len(sentence) >= 5 else f"{event_type} event",
                        "description": sentence,
                        "severity": "high"
                        if event_type in {"funding", "enterprise_deal"}
                        else "medium",
                        "metrics": metrics,
                        "source_message_ids": [message_id],
                        "evidence": [{"message_id": message_id, "quote": sentence}],
                        "confidence": 0.8,
                    }
                )
                break
            if len(events) >= limit:
                return events
    return events


def grounded_responder(request: StubRequest) -> Reply:
    """Extraction requests get grounded events; email requests get a faithful email."""
    if request.is_extraction:
        return Reply.json({"events": events_for(request.messages)})
    return Reply.json(email_from_prompt(request.prompt))


def email_from_prompt(prompt: str) -> dict[str, Any]:
    """An update that only restates the events' titles, each citing its event (so it
    invents no number)."""
    numbered = re.findall(r'"n":\s*(\d+),\s*"type":[^{}]*?"title":\s*"([^"]+)"', prompt, re.S)
    sentences = [{"text": title, "cites": [int(n)]} for n, title in numbered]
    return {
        "summary": sentences[:1],
        "highlights": sentences[:3],
        "lowlights": [],
        "customers": sentences[3:8],
        "product": [],
        "team": [],
        "other": [],
    }
