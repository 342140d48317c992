"""Redaction in front of an extractor: the model reads redacted messages, the event store
gets events grounded in the original ones.

Each withheld span becomes a placeholder such as `[compensation-2f51cc]` (the tag is a
hash of the withheld text, so the same text reads the same in every batch and events keep
stable ids). What the model returns is mapped back: evidence quotes are located in the
redacted text and moved to their offsets in the original; a quote that covers a
placeholder is cut to its longest clean part (a quote never contains withheld text), or
dropped when too little is left. Placeholders in titles and other fields are restored,
since the event store is the company's own record; the investor email is redacted again.
"""

from __future__ import annotations

from collections.abc import Mapping

from sago.domain.batch import Batch
from sago.domain.event import Evidence, Metric, SignificantEvent
from sago.domain.message import Message
from sago.extractors.base import ExtractionResult, Extractor
from sago.redact.base import Redacted, Redactor

# A quote cut around a placeholder must still say something on its own.
MIN_QUOTE_CHARS = 12


def _restore(text: str, placeholders: Mapping[str, str]) -> str:
    for token, original in placeholders.items():
        if token in text:
            text = text.replace(token, original)
    return text


def _locate(evidence: Evidence, redacted: Redacted) -> tuple[int, int] | None:
    start, end = evidence.start, evidence.end
    if start is not None and end is not None and redacted.text[start:end] == evidence.quote:
        return start, end
    found = redacted.text.find(evidence.quote)
    return None if found < 0 else (found, found + len(evidence.quote))


def ground_in_original(evidence: Evidence, redacted: Redacted) -> Evidence | None:
    """The evidence as a quote of the original message, or None if nothing clean is left."""
    if not redacted.changed:
        return evidence
    where = _locate(evidence, redacted)
    if where is None:
        return None
    original = redacted.to_original(*where)
    if original is None:
        parts = redacted.clean_parts(*where)
        if not parts:
            return None
        low, high = max(parts, key=lambda p: len(redacted.original[p[0] : p[1]].strip()))
        text = redacted.original[low:high]
        low += len(text) - len(text.lstrip())
        high -= len(text) - len(text.rstrip())
        if high - low < MIN_QUOTE_CHARS:
            return None
        original = (low, high)
    start, end = original
    return Evidence(
        message_id=evidence.message_id,
        quote=redacted.original[start:end],
        start=start,
        end=end,
    )


class RedactingExtractor(Extractor):
    """Wraps an extractor that sends text off the machine (a cloud LLM)."""

    def __init__(self, inner: Extractor, redactor: Redactor) -> None:
        self.inner = inner
        self.redactor = redactor
        self.name = inner.name

    def _shown(self, message: Message) -> tuple[Message, Redacted, dict[str, str]]:
        """The message as the model may see it, its redacted text, and its placeholders."""
        text = self.redactor.redact(message.text, "llm")
        subject = self.redactor.redact(message.subject, "llm") if message.subject else None
        sender = self.redactor.redact(message.sender, "llm")
        shown = message.model_copy(
            update={
                "text": text.text,
                "subject": subject.text if subject else None,
                "sender": sender.text,
                # The raw payload repeats the text; nothing downstream of a model needs it.
                "raw": {},
            }
        )
        placeholders = {
            token: original
            for part in (text, subject, sender)
            if part is not None
            for token, original in part.placeholders().items()
        }
        return shown, text, placeholders

    def extract(self, batch: Batch) -> ExtractionResult:
        shown = [self._shown(m) for m in batch.messages]
        if not any(placeholders for _, _, placeholders in shown):
            return self.inner.extract(batch)
        texts = {m.id: text for m, text, _ in shown}
        tokens = {m.id: placeholders for m, _, placeholders in shown}
        result = self.inner.extract(batch.model_copy(update={"messages": [m for m, _, _ in shown]}))
        return result.model_copy(
            update={"events": [self._restored(e, texts, tokens) for e in result.events]}
        )

    @staticmethod
    def _restored(
        event: SignificantEvent,
        redacted: Mapping[str, Redacted],
        tokens: Mapping[str, dict[str, str]],
    ) -> SignificantEvent:
        placeholders: dict[str, str] = {}
        for message_id in event.source_message_ids:
            placeholders.update(tokens.get(message_id, {}))
        evidence = []
        for item in event.evidence:
            source = redacted.get(item.message_id)
            grounded = item if source is None else ground_in_original(item, source)
            if grounded is not None:
                evidence.append(grounded)
        if not placeholders:
            return event.model_copy(update={"evidence": evidence})
        metrics = [
            m.model_copy(update={"value": _restore(m.value, placeholders)})
            if isinstance(m.value, str)
            else m
            for m in event.metrics
        ]
        return event.model_copy(
            update={
                "title": _restore(event.title, placeholders)[:200],
                "description": _restore(event.description, placeholders),
                "impact": _restore(event.impact, placeholders),
                "stakeholders": [_restore(s, placeholders) for s in event.stakeholders],
                "metrics": list[Metric](metrics),
                "evidence": evidence,
            }
        )

    def close(self) -> None:
        self.inner.close()
