"""What an investor update is written from, and what a composer writes.

`UpdateFacts` is gathered by the pipeline (events of the period, already redacted; the
messages they cite; KPIs; asks). A composer turns it into an `UpdateDraft`: sentences and
bullets, each naming what it cites (`refs`: event ids, or `msg:<id>` for an ask's
message). Rendering numbers the refs as footnote marks ([1], [2]) in order of appearance.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from sago.domain.email import SourceRef, WithheldNote
from sago.domain.event import Polarity, SignificantEvent
from sago.domain.kpis import KpiRow
from sago.domain.period import Period

MESSAGE_REF = "msg:"


class Ask(BaseModel):
    """Help a message asks investors for (an intro, a hire, advice)."""

    model_config = ConfigDict(frozen=True)

    text: str
    source: SourceRef

    @property
    def ref(self) -> str:
        return MESSAGE_REF + self.source.message_id


class UpdateFacts(BaseModel):
    """Everything an update of one period may say; composers add nothing to it."""

    company_id: str
    company_name: str | None = None
    period: Period
    events: list[SignificantEvent] = Field(default_factory=list)
    # Events cited but not news of the period (a KPI's previous value).
    context: list[SignificantEvent] = Field(default_factory=list)
    sources: dict[str, list[SourceRef]] = Field(default_factory=dict)  # event id → messages
    kpis: list[KpiRow] = Field(default_factory=list)
    asks: list[Ask] = Field(default_factory=list)
    withheld: list[WithheldNote] = Field(default_factory=list)

    @property
    def positives(self) -> list[SignificantEvent]:
        return [e for e in self.events if e.polarity is Polarity.POSITIVE]

    @property
    def negatives(self) -> list[SignificantEvent]:
        return [e for e in self.events if e.polarity is Polarity.NEGATIVE]

    def event(self, event_id: str) -> SignificantEvent | None:
        return next((e for e in [*self.events, *self.context] if e.id == event_id), None)

    def known_refs(self) -> set[str]:
        return {e.id for e in [*self.events, *self.context]} | {a.ref for a in self.asks}


class Line(BaseModel):
    """One sentence or bullet and what it cites."""

    text: str
    refs: list[str] = Field(default_factory=list)


class UpdateDraft(BaseModel):
    """The update's prose, section by section; an empty section is left out."""

    summary: list[Line] = Field(default_factory=list)
    highlights: list[Line] = Field(default_factory=list)
    lowlights: list[Line] = Field(default_factory=list)
    sections: list[tuple[str, list[Line]]] = Field(default_factory=list)
    asks: list[Line] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)  # what a composer dropped, and why
    composer: str = ""  # who wrote it, when not the composer asked (a fallback)

    def lines(self) -> list[Line]:
        found = [*self.summary, *self.highlights, *self.lowlights]
        for _, lines in self.sections:
            found += lines
        return found + self.asks
