"""How the stub model answers when no reply is scripted: three model behaviours.

- `grounded_responder` (the default) behaves like a careful model: one event per factual
  sentence matching a few patterns, quoting it; an email request gets an update that only
  restates the events' titles. The test suite's model.
- `hashed_responder` reports one event for about one message in ten, chosen and worded by a
  hash of the message id, so the events depend only on the messages, not on how they were
  batched or in which order batches were retried (`sago chaos`'s LLM outage). Titles draw
  on a word list so no two events look alike to the duplicate finder.
- `no_events_responder` gives the shortest valid answer (`sago bench --llm-stub`), so
  output tokens per 1,000 messages are a floor, not a model's figure.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from sago.devtools.llm_stub.model import Reply, StubRequest
from sago.domain.event import EventType

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


def no_events_responder(request: StubRequest) -> Reply:  # noqa: ARG001 - a Responder
    return Reply.json({"events": []})


# -- a responder whose events depend only on the message ids ----------------------------------

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


def hashed_events(messages: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """One event for each message whose id hashes to 0 mod 10, quoting its text."""
    events: list[dict[str, Any]] = []
    for message_id, text in messages:
        digest = hashlib.sha256(message_id.encode()).digest()
        quote = text.strip()[:300].strip()
        if digest[0] % 10 or len(quote) < 5:
            continue
        words = " ".join(_WORDS[b % len(_WORDS)] for b in digest[1:4])
        events.append(
            {
                "event_type": _TYPES[digest[4] % len(_TYPES)],
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


def hashed_responder(request: StubRequest) -> Reply:
    return Reply.json({"events": hashed_events(request.messages)})
