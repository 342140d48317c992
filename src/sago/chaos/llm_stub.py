"""A local OpenAI-compatible model for the LLM outage scenario: deterministic, and breakable.

While `down` is set every request gets HTTP 500, as a provider outage looks to the SDK.
Otherwise the answer reports one grounded event for about one message in ten, chosen and
worded by a hash of the message id, so the events depend only on the messages, not on
how they were batched or in which order batches were retried. Titles draw on a word list
so that no two events look alike to the duplicate finder. (The test suite's scriptable
stub lives in tests/support; the package cannot depend on its test tree.)
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from sago.domain.event import EventType

_BLOCK = re.compile(
    r"BEGIN-MESSAGE (?P<b>\w+) id=(?P<id>\S+)\n(?P<body>.*?)\nEND-MESSAGE (?P=b)", re.S
)
# fmt: off
_WORDS = (
    "amber", "basalt", "cobalt", "delta", "ember", "fjord", "garnet", "harbor", "indigo",
    "juniper", "kestrel", "lumen", "marble", "nimbus", "onyx", "prairie", "quartz", "raven",
    "sierra", "tundra", "umber", "vertex", "willow", "xenon", "yarrow", "zephyr", "acorn",
    "birch", "cedar", "dune", "estuary", "falcon", "glacier", "heron", "iris", "jasper",
    "kelp", "lagoon", "meadow", "nectar", "orchid", "pebble", "quill", "ridge", "spruce",
    "thistle", "upland", "valley", "walnut", "yew", "zinnia", "aurora", "breeze", "canyon",
)
# fmt: on
_TYPES = [t.value for t in EventType if t is not EventType.OTHER]


def _digest(message_id: str) -> bytes:
    return hashlib.sha256(message_id.encode()).digest()


def events_for(prompt: str) -> list[dict[str, Any]]:
    """One event for each message whose id hashes to 0 mod 10, quoting its text."""
    events: list[dict[str, Any]] = []
    for match in _BLOCK.finditer(prompt):
        message_id, body = match["id"], match["body"]
        digest = _digest(message_id)
        text = body.split("\n", 1)[1] if "\n" in body else ""
        quote = text.strip()[:300].strip()
        if digest[0] % 10 or len(quote) < 5:
            continue
        words = " ".join(_WORDS[b % len(_WORDS)] for b in digest[1:4])
        event_type = _TYPES[digest[4] % len(_TYPES)]
        events.append(
            {
                "event_type": event_type,
                "key": f"{words} {message_id}",
                "title": f"{words} milestone",
                "description": quote,
                "severity": "medium",
                "metrics": [],
                "source_message_ids": [message_id],
                "evidence": [{"message_id": message_id, "quote": quote}],
                "confidence": 0.8,
            }
        )
    return events


class OutageLLM:
    """The server; `running()` starts it on a free loopback port."""

    def __init__(self) -> None:
        self.down = False
        self.requests = 0
        self.failed = 0
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True

    @classmethod
    @contextmanager
    def running(cls) -> Iterator[OutageLLM]:
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
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def answer(self, body: bytes) -> tuple[int, dict[str, Any]]:
        with self._lock:
            self.requests += 1
            if self.down:
                self.failed += 1
                return 500, {"error": {"message": "stub outage", "type": "server_error"}}
        request = json.loads(body or b"{}")
        prompt = "\n".join(
            str(m.get("content", "")) for m in request.get("messages", []) if isinstance(m, dict)
        )
        content = json.dumps({"events": events_for(prompt)})
        return 200, {
            "id": "chatcmpl-chaos",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": str(request.get("model", "chaos-stub")),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content, "refusal": None},
                    "finish_reason": "stop",
                    "logprobs": None,
                }
            ],
            "usage": {
                "prompt_tokens": len(body) // 4,
                "completion_tokens": len(content) // 4,
                "total_tokens": (len(body) + len(content)) // 4,
            },
        }


def _handler_for(stub: OutageLLM) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
            if self.path.split("?", 1)[0].endswith("/chat/completions"):
                status, payload = stub.answer(body)
            else:
                status, payload = 404, {"error": {"message": f"no route {self.path}"}}
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler
