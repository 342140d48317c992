"""The offline extractor: lexicons as data, one first pass, detectors, one modality layer.

A message goes through the gate (one compiled automaton of every detector's trigger
words); most chatter stops there. The rest is screened (injection, spam, jokes, drafts),
split into sentences, and each sentence is offered to the detectors whose words it holds.
A detector fills a fact frame only when the modality layer says the trigger is stated as
fact. Each frame becomes one event whose id comes from its type and key facts (a round, a
customer, a metric and period), so reports of the same event in other messages or batches
land on the same id and merge in the store.

What a message yields depends on that message alone, never on the rest of its batch:
batch boundaries move with timing, crashes and the number of workers, and the events must
not (DESIGN.md, "Delivery semantics").
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from sago.domain.batch import Batch
from sago.domain.event import Evidence, SignificantEvent, event_id
from sago.domain.merge import merge_events
from sago.domain.message import Message
from sago.domain.reports import stamp_report
from sago.extractors.base import ExtractionResult, Extractor
from sago.extractors.rules.context import Document
from sago.extractors.rules.dates import Calendar
from sago.extractors.rules.detectors import DETECTORS, Ctx, Detector, Tools
from sago.extractors.rules.entities import Names
from sago.extractors.rules.frames import Candidate
from sago.extractors.rules.gate import Gate
from sago.extractors.rules.lexicon import Lexicon, default_lexicon
from sago.extractors.rules.modality import ModalityLayer
from sago.extractors.rules.places import Places
from sago.extractors.rules.quantities import QuantityParser

_MAX_QUOTE = 600


class Engine:
    """Lexicon, tools, detectors and gate, compiled once."""

    def __init__(self, lexicon: Lexicon, detectors: Sequence[Detector] = DETECTORS) -> None:
        names = Names(lexicon)
        self.tools = Tools(
            lexicon=lexicon,
            names=names,
            quantities=QuantityParser(lexicon),
            modality=ModalityLayer(lexicon),
            calendar=Calendar(lexicon),
            places=Places(lexicon),
        )
        self.detectors = {d.name: d for d in detectors}
        self.gate = Gate(lexicon, detectors)

    def read(self, message: Message, self_names: frozenset[str]) -> list[Candidate]:
        """The candidates one message states as fact."""
        if not message.text or message.deleted:
            return []
        doc = Document(message, self.tools.lexicon, self_names)
        hits = self.gate.scan(doc.low)
        if not hits:
            return []
        modality = self.tools.modality
        bulk = modality.is_bulk(doc)
        first_person = self.tools.lexicon.pattern("modality", "first_person", doc.languages)
        found: list[Candidate] = []
        for sentence in doc.sentences:
            wanted = hits.wanted(sentence.start, sentence.end)
            if not wanted:
                continue
            # Newsletters and bulk mail talk about others unless they say "we".
            if bulk and not first_person.search(sentence.low):
                continue
            ctx = Ctx(doc, sentence, self.tools, bulk=bulk)
            for name, detector in self.detectors.items():
                if name in wanted:
                    found.extend(detector.detect(ctx))
        # The message-wide screens (injection, spam, jokes, drafts) cost more than the
        # detectors on most chatter, so they run only when there is something to veto.
        if not found or not modality.screen(doc).is_fact:
            return []
        return _fold_unnamed(found)


def _fold_unnamed(found: list[Candidate]) -> list[Candidate]:
    """Within one message, a report that names nobody ("biggest deal in our history,
    $380k", "we are NOT GA") is the named report of the same type's: it takes that
    identity. Unnamed reports with no named one keep the first unnamed identity."""
    named: dict[tuple[str, str, str | None], Candidate] = {}
    for candidate in found:
        if candidate.named:
            named.setdefault(_slot(candidate), candidate)
    out: list[Candidate] = []
    seen: dict[tuple[str, str, str | None], Candidate] = {}
    for candidate in found:
        slot = _slot(candidate)
        if not candidate.named:
            lead = named.get(slot) or seen.setdefault(slot, candidate)
            if lead is not candidate:
                candidate.key, candidate.title = lead.key, lead.title
                candidate.occurrence = lead.occurrence
        out.append(candidate)
    return out


def _slot(candidate: Candidate) -> tuple[str, str, str | None]:
    return candidate.event_type.value, candidate.polarity.value, candidate.stage


@cache
def default_engine() -> Engine:
    return Engine(default_lexicon())


class RulesExtractor(Extractor):
    """Finds the 14 event types, good news and bad, with per-language lexicons; offline
    and deterministic. `company_names` are the company's own names ("Acme", "Acme
    Robotics"): news about them is ours, news about any other named company is
    third-party. `company_id` counts as one more name ("acme-robotics") only when the
    wiring passes it, i.e. when the user configured it: an unset id ("default") or a
    test's id names no company.
    """

    name = "rules"

    def __init__(
        self,
        company_names: Sequence[str] = (),
        engine: Engine | None = None,
        company_id: str | None = None,
    ) -> None:
        self.company_names = tuple(company_names)
        self.engine = engine or default_engine()
        spelled = [*self.company_names]
        if company_id:
            spelled.append(company_id.replace("-", " ").replace("_", " "))
        names = self.engine.tools.names
        self.self_names = frozenset(k for k in (names.key(n) for n in spelled) if k)

    def extract(self, batch: Batch) -> ExtractionResult:
        self_names = self.self_names
        events: list[SignificantEvent] = []
        for message in batch.messages:
            # One report per event per message: the event store folds the reports of one
            # occurrence (and tells two rounds led by different investors apart), so
            # merging messages here would only blur what each message said.
            mine: dict[str, SignificantEvent] = {}
            for candidate in self.engine.read(message, self_names):
                event = self._event(batch, message, candidate)
                known = mine.get(event.id)
                mine[event.id] = merge_events(known, event) if known else event
            events.extend(sorted(mine.values(), key=lambda e: e.id))
        return ExtractionResult(events=events)

    def _event(self, batch: Batch, message: Message, c: Candidate) -> SignificantEvent:
        start, end = c.quote
        quote = message.text[start:end][:_MAX_QUOTE].strip()
        start += len(message.text[start:end]) - len(message.text[start:end].lstrip())

        report = SignificantEvent(
            id=event_id(batch.company_id, c.event_type, c.key),
            company_id=batch.company_id,
            event_type=c.event_type,
            title=c.title[:200],
            description=f'{c.title[:200]}: "{" ".join(quote.split())[:240]}"',
            metrics=c.metrics,
            date=c.frame.date or message.timestamp.date(),
            severity=c.severity,
            stakeholders=c.stakeholders,
            source_message_ids=[message.id],
            evidence=[
                Evidence(message_id=message.id, quote=quote, start=start, end=start + len(quote))
            ],
            confidence=c.confidence,
            extractor=self.name,
            batch_id=batch.id,
            # The message time, not the clock: the same input gives the same events.
            created_at=message.timestamp,
            polarity=c.polarity,
            stage=c.stage,
            occurrence=c.occurrence,
            series=c.series,
            period=c.period,
            explanation=c.explanation,
        )
        # Stamped per message: its figures carry the message's time and id (a later
        # correction wins) and a history entry keeps what this message said.
        return stamp_report(report, message)
