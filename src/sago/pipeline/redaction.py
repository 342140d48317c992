"""Events as an audience may see them: every text field redacted, compensation figures
dropped, and a note of each thing withheld for the founder's review."""

from __future__ import annotations

from sago.domain.email import WithheldNote
from sago.domain.event import Evidence, Metric, SignificantEvent
from sago.redact.base import Audience, Redactor


class EventRedactor:
    """Redacts events and texts for one audience, collecting what it withheld."""

    def __init__(self, redactor: Redactor, audience: Audience) -> None:
        self.redactor = redactor
        self.audience = audience
        self.notes: list[WithheldNote] = []

    def text(self, text: str, where: str) -> str:
        redacted = self.redactor.redact(text, self.audience)
        for span in redacted.withheld:
            note = WithheldNote(
                category=span.category, reason=span.reason, text=span.text, where=where
            )
            if note not in self.notes:
                self.notes.append(note)
        return redacted.text

    def _metric(self, event: SignificantEvent, metric: Metric) -> Metric | None:
        # A figure is compensation when its name and value read as such ("salary 185000").
        label = f"{metric.name.replace('_', ' ')} {metric.value} {metric.unit or ''}"
        where = f"event {event.id} metric {metric.name}"
        if self.text(label, where) != label:
            return None
        if isinstance(metric.value, str):
            return metric.model_copy(update={"value": self.text(metric.value, where)})
        return metric

    def event(self, event: SignificantEvent) -> SignificantEvent:
        where = f"event {event.id}"
        metrics = [m for m in (self._metric(event, m) for m in event.metrics) if m is not None]
        evidence = [
            Evidence(
                message_id=e.message_id,
                quote=self.text(e.quote, f"{where} evidence from message {e.message_id}"),
            )
            for e in event.evidence
        ]
        return event.model_copy(
            update={
                "title": self.text(event.title, f"{where} title"),
                "description": self.text(event.description, f"{where} description"),
                "impact": self.text(event.impact, f"{where} impact"),
                "stakeholders": [self.text(s, f"{where} stakeholders") for s in event.stakeholders],
                "metrics": metrics,
                "evidence": evidence,
            }
        )
