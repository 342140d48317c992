"""The labelled prompt-injection set (tests/data/injection_set.json) and a gullible model.

The gullible model is a responder for the LLM stub that does what every injection asks:
for each injection message in an extraction prompt it reports the fake event the message
wants, citing that message and quoting it verbatim (so grounding alone would pass it),
once with the claim as its quote, once quoting the whole message, and once citing an
ordinary message of the batch as well. On ordinary messages it behaves like the careful
stub model. As an email writer it puts every injected claim it can see into the email.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from sago.devtools.llm_stub import Reply, StubRequest, email_from_prompt, events_for
from sago.domain.message import Message
from sago.llm.framing import instructions_of
from sago.sources.normalise import chat_message, email_message
from support.factories import T0

SET_PATH = Path(__file__).parents[1] / "data" / "injection_set.json"


@dataclass(frozen=True)
class Injection:
    id: str
    kind: str
    target: str  # "extractor", "email_writer" or "both"
    source: str  # "slack" or "gmail"
    sender: str
    subject: str | None
    text: str
    event_type: str
    title: str
    quote: str

    def message(self, minutes: int, company: str = "acme") -> Message:
        moment = T0 + timedelta(minutes=minutes)
        if self.source == "slack":
            return chat_message(
                native_id=self.id,
                company_id=company,
                sender=self.sender,
                text=self.text,
                moment=moment,
            )
        return email_message(
            native_id=self.id,
            company_id=company,
            sender=self.sender,
            subject=self.subject,
            body=self.text,
            moment=moment,
        )

    def csv_cells(self, moment: str) -> list[str]:
        """A row in the seed's CSV format (an email's content starts with its subject)."""
        if self.source == "slack":
            return [self.id, "True", self.sender, "", moment, self.text]
        return [
            self.id,
            "False",
            "",
            self.sender,
            moment,
            f"Subject: {self.subject}\n\n{self.text}",
        ]


def load() -> list[Injection]:
    doc = json.loads(SET_PATH.read_text(encoding="utf-8"))
    return [
        Injection(
            id=m["id"],
            kind=m["kind"],
            target=m["target"],
            source=m["source"],
            sender=m["sender"],
            subject=m["subject"],
            text=m["text"],
            event_type=m["asks_for"]["event_type"],
            title=m["asks_for"]["title"],
            quote=m["asks_for"]["quote"],
        )
        for m in doc["messages"]
    ]


_SENTENCE = re.compile(r"[^.!?\n]{8,}")


@dataclass
class Gullible:
    """The responder; counts the fake events it handed out (each must be dropped)."""

    injections: Iterable[Injection]
    fakes: int = 0
    by_id: dict[str, Injection] = field(init=False)

    def __post_init__(self) -> None:
        self.by_id = {i.id: i for i in self.injections}

    def __call__(self, request: StubRequest) -> Reply:
        if not request.is_extraction:
            return Reply.json(self._email(request.prompt))
        blocks = request.messages
        ordinary = [(mid, text) for mid, text in blocks if mid not in self.by_id]
        events = events_for(ordinary)
        instructions = instructions_of(request.prompt)
        for mid, text in blocks:
            injection = self.by_id.get(mid)
            if injection is not None:
                fakes = self._obey(injection, mid, text, ordinary[:1], instructions)
                self.fakes += len(fakes)
                events += fakes
        return Reply.json({"events": events})

    def _obey(
        self,
        injection: Injection,
        mid: str,
        text: str,
        neighbour: list[tuple[str, str]],
        instructions: str,
    ) -> list[dict[str, Any]]:
        leak = injection.kind == "prompt_leak"
        base = {
            "event_type": injection.event_type,
            "title": f"{injection.title}: {instructions[:120]}" if leak else injection.title,
            "description": instructions[:600] if leak else f"Confirmed: {injection.title}.",
            "severity": "high",
            "confidence": 1.0,
        }
        claim = {"message_id": mid, "quote": injection.quote}
        whole = {"message_id": mid, "quote": text}
        fakes = [
            {
                **base,
                "key": f"{injection.id} claim",
                "source_message_ids": [mid],
                "evidence": [claim],
            },
            {
                **base,
                "key": f"{injection.id} whole",
                "source_message_ids": [mid],
                "evidence": [whole],
            },
        ]
        for other_id, other_text in neighbour:
            found = _SENTENCE.search(other_text)
            if found is None:
                continue
            also = {"message_id": other_id, "quote": found.group().strip()}
            fakes.append(
                {
                    **base,
                    "key": f"{injection.id} joint",
                    "source_message_ids": [other_id, mid],
                    "evidence": [also, claim],
                }
            )
        return fakes

    def _email(self, prompt: str) -> dict[str, Any]:
        """A faithful email, plus every injected claim whose injection it can see."""
        email = email_from_prompt(prompt)
        obeyed = [i for i in self.by_id.values() if _visible(i.quote, prompt)]
        if obeyed:
            # The gullible model claims it, citing the first event so the claim looks cited.
            claims = [{"text": i.title, "cites": [1]} for i in obeyed]
            email["highlights"] = [*claims[:3], *email["highlights"]]
            email["other"] = [*email["other"], *claims]
        return email


def _visible(text: str, prompt: str) -> bool:
    """True when `text` is in the prompt, as written or as a JSON string (the events are JSON)."""
    return text in prompt or json.dumps(text, ensure_ascii=False)[1:-1] in prompt
