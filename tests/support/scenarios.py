"""Scenario runs for events that evolve: a company's messages in, its final events out.

A scenario is a few messages (a CSV or a Slack export) run through the whole pipeline as
`sago run` runs it, with the offline rules extractor or an LLM. The LLM is the real
extractor talking to the local stub server, which answers as a careful model would: for
each message of a request, the events the scenario scripts for it (`Scripted`).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sago.cli.run_cmds import run_paths
from sago.config import Settings
from sago.devtools.llm_stub import LLMStub, Reply, StubRequest
from sago.domain.event import EventStatus, SignificantEvent
from sago.pipeline.summary import RunSummary
from support.factories import settings as plain_settings
from support.llm_data import FAST

COMPANY = "tidewater"
NAMES = ["Tidewater", "Tidewater Labs"]


@dataclass(frozen=True)
class Post:
    """One message of a scenario: when (ISO, UTC), who, what."""

    at: str
    sender: str
    text: str
    email: bool = False

    @property
    def moment(self) -> datetime:
        return datetime.fromisoformat(self.at).replace(tzinfo=UTC)


def write_csv(path: Path, posts: Sequence[Post]) -> Path:
    """The seed's CSV: ids 1..n in the given order."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "is_chat", "chat_sender", "email_sender", "timestamp", "content"])
        for n, post in enumerate(posts, start=1):
            chat = not post.email
            out.writerow(
                [n, chat, post.sender if chat else "", "" if chat else post.sender,
                 post.at, post.text]
            )  # fmt: skip
    return path


def slack_ts(post: Post, n: int = 0) -> str:
    return f"{post.moment.timestamp():.0f}.{n:06d}"


def write_slack_export(root: Path, days: Mapping[str, Sequence[dict[str, Any]]]) -> Path:
    """A Slack export with one channel, #general: `days` maps `YYYY-MM-DD` to its events."""
    (root / "general").mkdir(parents=True, exist_ok=True)
    (root / "channels.json").write_text(
        json.dumps([{"id": "C0GEN", "name": "general", "created": "1700000000"}])
    )
    users = [{"id": "U01", "name": "june", "real_name": "June Park"}]
    (root / "users.json").write_text(json.dumps(users))
    for day, events in days.items():
        (root / "general" / f"{day}.json").write_text(json.dumps(list(events)))
    return root


def posted(post: Post, n: int = 0) -> dict[str, Any]:
    return {"type": "message", "user": "U01", "text": post.text, "ts": slack_ts(post, n)}


def changed(original: Post, text: str, at: Post, n: int = 0) -> dict[str, Any]:
    """A `message_changed` event (posted at `at`'s time) giving `original` new text."""
    edit = {"user": "U01", "ts": slack_ts(at, 1)}
    message = {**posted(original, n), "text": text, "edited": edit}
    return {"type": "message", "subtype": "message_changed", "hidden": True,
            "ts": slack_ts(at, 2), "message": message}  # fmt: skip


def deleted(original: Post, at: Post, n: int = 0) -> dict[str, Any]:
    return {"type": "message", "subtype": "message_deleted", "hidden": True,
            "ts": slack_ts(at, 3), "deleted_ts": slack_ts(original, n)}  # fmt: skip


@dataclass
class Scripted:
    """The stub model's answers: for a message containing `needle`, the events listed
    (EventOut fields; `quote` is copied from the message and must occur in it)."""

    script: Mapping[str, Sequence[Mapping[str, Any]]]
    seen: list[str] = field(default_factory=list)

    def __call__(self, request: StubRequest) -> Reply:
        if not request.is_extraction:
            return Reply.json({"subject": "Update", "body": "No news.", "highlights": []})
        events: list[dict[str, Any]] = []
        for message_id, text in request.messages:
            self.seen.append(text)
            for needle, specs in self.script.items():
                if needle not in text:
                    continue
                for spec in specs:
                    event = {k: v for k, v in spec.items() if k != "quote"}
                    quote = str(spec.get("quote", needle))
                    assert quote in text, f"scripted quote {quote!r} not in message {text!r}"
                    event |= {
                        "source_message_ids": [message_id],
                        "evidence": [{"message_id": message_id, "quote": quote}],
                    }
                    events.append(event)
        return Reply.json({"events": events})


def settings(tmp: Path, extractor: str, stub: LLMStub | None = None, **backends: Any) -> Settings:
    """Embedded backends unless `backends` says otherwise; `extractor` is rules or llm."""
    chosen: dict[str, Any] = {
        "queue": "embedded",
        "rawstore": "sqlite",
        "batcher": "memory",
        "eventstore": "sqlite",
        **backends,
    }
    if extractor == "llm":
        assert stub is not None
        chosen |= {"llm": "openai:gpt-4o-mini", "llm_base_url": stub.openai_url, **FAST}
        chosen |= {"email_composer": "template", "redact_for_llm": False}
    else:
        chosen |= {"llm": "rules"}
    fixed: dict[str, Any] = {
        "data_dir": tmp / "data",
        "out_dir": tmp / "out",
        "company_id": COMPANY,
        "company_names": NAMES,
        "batch_max_wait": 0.0,
    }
    return plain_settings(**(fixed | chosen))


@contextmanager
def model(script: Mapping[str, Sequence[Mapping[str, Any]]]) -> Iterator[LLMStub]:
    with LLMStub.running(Scripted(script)) as stub:
        yield stub


def run(config: Settings, *paths: Path) -> RunSummary:
    return run_paths(config, list(paths), config.out_dir)


def stored(config: Settings) -> list[SignificantEvent]:
    """Every event in events.json (all statuses), as the run wrote it."""
    data = json.loads((config.out_dir / "events.json").read_text(encoding="utf-8"))
    return [SignificantEvent.model_validate(item) for item in data]


def active(events: Sequence[SignificantEvent]) -> list[SignificantEvent]:
    return [e for e in events if e.status is EventStatus.ACTIVE]
