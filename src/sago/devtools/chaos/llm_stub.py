"""A local OpenAI-compatible model for the LLM outage scenario: deterministic, and breakable.

While `down` is set every request gets HTTP 500, as a provider outage looks to the SDK.
Otherwise the answer reports one grounded event for about one message in ten, chosen and
worded by a hash of the message id, so the events depend only on the messages, not on
how they were batched or in which order batches were retried. Titles draw on a word list
so that no two events look alike to the duplicate finder.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sago.devtools.stub_server import StubModel, chat_completion
from sago.domain.event import EventType
from sago.llm.framing import parse_messages

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
    for message_id, text in parse_messages(prompt):
        digest = _digest(message_id)
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


class OutageLLM(StubModel):
    """The model; `running()` serves it on a free loopback port."""

    def __init__(self) -> None:
        super().__init__()
        self.down = False
        self.requests = 0
        self.failed = 0

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
        model = str(request.get("model", "chaos-stub"))
        return 200, chat_completion(model, content, len(body) // 4, len(content) // 4)
