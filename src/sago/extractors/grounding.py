"""Turn what a model answered into domain events, keeping only what the messages support.

An event survives only if every message id it cites is in the batch and every quote it
gives occurs in the cited message (compared after normalising whitespace and typographic
punctuation). Everything else is dropped with a reason, so a run can report how much the
model made up. Quotes that read like instructions to a model are dropped too: a message
that injects "ignore previous instructions" must not become an event.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from pydantic import ValidationError

from sago.domain.event import Evidence, Metric, SignificantEvent, event_id, merge_events
from sago.domain.message import Message
from sago.extractors.llm_schema import EventOut, ExtractionOut, MetricOut

MIN_QUOTE_CHARS = 8
MAX_REASON_CHARS = 160

# Phrases and markers that address a model rather than a colleague. A business message
# quoting one of these is far more likely an injection attempt than a significant event.
INJECTION = re.compile(
    r"""(?imx)
    \b(ignore|disregard|forget|override)\b[^.\n]{0,40}\b(instructions?|prompts?|rules|guidelines)\b
    | \bsystem\s+prompt\b | \bdeveloper\s+(message|mode)\b | \bjailbreak | \bDAN\s+mode\b
    | \byou\s+are\s+now\b | \bpretend\s+(to\s+be|you\s+are)\b | \bact\s+as\s+(an?|the)\s+\w+
    | \bnew\s+instructions\b | \bdo\s+not\s+follow\b | \brole-?play\b
    | </?\s*(system|assistant|user|instructions?)\s*> | \[/?INST\] | <\|im_(start|end)\|>
    | ^\s*(system|assistant)\s*: | \b(BEGIN|END)-MESSAGE\b
    """
)

_TYPOGRAPHIC = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2026": "...",
        "\u00a0": " ",
    }
)


def normalise_text(text: str) -> str:
    """Whitespace- and typography-insensitive form used to compare quotes with messages."""
    folded = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHIC)
    return " ".join(folded.split())


def looks_like_injection(text: str) -> bool:
    return INJECTION.search(text) is not None


@dataclass
class Grounded:
    """Events that passed, and why the others did not."""

    events: list[SignificantEvent] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_REASON_CHARS else text[: MAX_REASON_CHARS - 1] + "…"


def to_metric(raw: MetricOut) -> Metric | None:
    """A domain Metric; numeric strings ("1,200") become numbers, an unnamed one is None."""
    value: float | str = raw.value
    if isinstance(value, str):
        text = value.strip()
        try:
            value = float(text.replace(",", ""))
        except ValueError:
            value = text
    elif isinstance(value, int):  # JSON integers arrive as int despite the float annotation
        value = float(value)
    try:
        return Metric(name=raw.name.strip(), value=value, unit=(raw.unit or None))
    except ValidationError:
        return None


def _date(raw: str | None, cited: Sequence[Message]) -> dt.date | None:
    if raw:
        try:
            return dt.date.fromisoformat(raw.strip()[:10])
        except ValueError:
            pass
    # No usable date: the earliest message that states the event is the best we know.
    return min((m.timestamp.date() for m in cited), default=None)


def _check_event(raw: EventOut, by_id: dict[str, Message]) -> str | None:
    """The reason this event cannot be kept, or None when it is grounded."""
    unknown = [i for i in raw.source_message_ids if i not in by_id]
    if unknown:
        return f"unknown source message id {unknown[0]!r}"
    if not raw.evidence:
        return "no evidence quote"
    for item in raw.evidence:
        message = by_id.get(item.message_id)
        if message is None:
            return f"evidence cites unknown message id {item.message_id!r}"
        quote = normalise_text(item.quote)
        if len(quote) < MIN_QUOTE_CHARS:
            return f"evidence quote too short in {item.message_id}"
        haystack = normalise_text(f"{message.subject or ''}\n{message.text}")
        if quote not in haystack:
            return f"evidence not found verbatim in {item.message_id}: {_short(item.quote)!r}"
        if looks_like_injection(item.quote):
            return f"evidence looks like prompt injection in {item.message_id}"
    if looks_like_injection(f"{raw.title}\n{raw.description}\n{raw.impact}"):
        return "event text looks like prompt injection"
    return None


def _to_event(
    raw: EventOut, by_id: dict[str, Message], company_id: str, batch_id: str, extractor: str
) -> SignificantEvent:
    source_ids = list(
        dict.fromkeys([*raw.source_message_ids, *(q.message_id for q in raw.evidence)])
    )
    cited = [by_id[i] for i in source_ids]
    metrics = [m for m in (to_metric(x) for x in raw.metrics) if m is not None]
    key = raw.key.strip() or raw.title
    return SignificantEvent(
        id=event_id(company_id, raw.event_type, key),
        company_id=company_id,
        event_type=raw.event_type,
        title=raw.title,
        description=raw.description.strip(),
        impact=raw.impact.strip(),
        metrics=metrics,
        date=_date(raw.date, cited),
        severity=raw.severity,
        stakeholders=[s.strip() for s in raw.stakeholders if s.strip()],
        source_message_ids=source_ids,
        evidence=[Evidence(message_id=q.message_id, quote=q.quote.strip()) for q in raw.evidence],
        confidence=min(1.0, max(0.0, raw.confidence)),
        extractor=extractor,
        batch_id=batch_id,
    )


def ground(
    output: ExtractionOut,
    messages: Sequence[Message],
    *,
    company_id: str,
    batch_id: str,
    extractor: str,
) -> Grounded:
    """Validate a model's answer against the messages it was shown."""
    by_id = {m.id: m for m in messages}
    result = Grounded()
    for raw in output.events:
        reason = _check_event(raw, by_id)
        if reason is None:
            try:
                result.events.append(_to_event(raw, by_id, company_id, batch_id, extractor))
                continue
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(p) for p in first["loc"])
                reason = f"invalid event ({where}: {first['msg']})"
        result.dropped.append(f"{reason} [{raw.event_type.value}: {_short(raw.title)!r}]")
    result.events = merge_same_id(result.events)
    return result


def merge_same_id(events: Sequence[SignificantEvent]) -> list[SignificantEvent]:
    """One event per id: a model that reports an occurrence twice gets it merged."""
    merged: dict[str, SignificantEvent] = {}
    for event in events:
        known = merged.get(event.id)
        merged[event.id] = event if known is None else merge_events(known, event)
    return list(merged.values())
