"""What the stub model sees and says: a recorded request, and one answer to give."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sago.llm.framing import MARKER, parse_messages


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

    @classmethod
    def outage(cls) -> Reply:
        """A provider outage as the SDK sees it: a bare 500, no hint when to retry, so the
        client's own backoff (and the pipeline's behind it) is what gets exercised."""
        return cls(status=500, error="stub outage")


@dataclass
class StubRequest:
    wire: str  # "gemini" | "openai"
    path: str
    model: str
    body: dict[str, Any]
    size: int = 0  # bytes of the body as sent: what the token estimate counts

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
