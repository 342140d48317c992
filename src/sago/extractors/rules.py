"""The offline extractor: deterministic patterns, no network, no model.

A message passes a screen first (injected instructions, spam, jokes and rumours are never
evidence). Each remaining sentence is offered to one detector per event type; a detector
reports a candidate only when the sentence states the event as fact (no negation, delay,
maybe, condition, plan, draft or past). Candidates that name the same key facts — a
round, a customer, a place, a standard — are one event; its id comes from those facts,
so the same event reported in another batch lands on the same id.

What a message yields depends on that message alone, never on the rest of its batch:
batch boundaries move with timing, crashes and the number of workers, and the events
must not (DESIGN.md, "Delivery semantics"). Reports of one event in several messages meet
through their shared id in the event store, whose merge ignores arrival order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sago.domain.batch import Batch
from sago.domain.event import Evidence, SignificantEvent, event_id, merge_events
from sago.domain.reports import stamp_report
from sago.extractors import rules_deals as deals
from sago.extractors import rules_funding as funding
from sago.extractors import rules_growth as growth
from sago.extractors import rules_lexicon as lex
from sago.extractors import rules_product as product
from sago.extractors import rules_signals as signals
from sago.extractors.base import ExtractionResult, Extractor
from sago.extractors.rules_base import Candidate, Context, Detector
from sago.extractors.rules_names import name_key, own_update_author
from sago.extractors.rules_text import screen_message, sentences

DETECTORS: tuple[Detector, ...] = (
    funding.funding,
    funding.investor_interest,
    deals.partnership,
    deals.enterprise_deal,
    growth.revenue_milestone,
    growth.user_growth,
    deals.customer_success,
    product.product_launch,
    product.hiring,
    product.market_expansion,
    signals.compliance,
    signals.media_coverage,
    signals.technical_achievement,
    signals.other,
)
_MAX_QUOTE = 600
_PLACEHOLDER_COMPANIES = frozenset({"default", "demo", "test", "company", "acme", "example"})


class RulesExtractor(Extractor):
    """Finds the 14 event types with hand-written multilingual patterns; deterministic.

    `company_names` are the company's own names ("Acme", "Acme Robotics"): news about
    them is ours, news about any other named company is third-party. The company id
    counts as one unless it is a placeholder such as "default".
    """

    name = "rules"

    def __init__(self, company_names: Sequence[str] = ()) -> None:
        self.company_names = tuple(company_names)

    def extract(self, batch: Batch) -> ExtractionResult:
        self_names = self._self_names(batch.company_id)
        candidates: list[Candidate] = []
        for message in batch.messages:
            screen = screen_message(message.text)
            if screen.reason is not None:
                continue
            own = own_update_author(message.sender, message.subject or "", message.text, self_names)
            names = self_names | {own} if own else self_names
            parts = sentences(message.text)
            for index, sentence in enumerate(parts):
                # Newsletters and bulk mail talk about others unless they say "we".
                if screen.bulk and not lex.FIRST_PERSON.search(sentence.text):
                    continue
                following = parts[index + 1] if index + 1 < len(parts) else None
                ctx = Context(message, sentence, following, names, screen.bulk)
                for detect in DETECTORS:
                    candidates.extend(detect(ctx))
        events = [self._event(batch, group) for group in self._group(candidates)]
        merged: dict[str, SignificantEvent] = {}
        for event in events:
            known = merged.get(event.id)
            merged[event.id] = merge_events(known, event) if known else event
        return ExtractionResult(events=sorted(merged.values(), key=lambda e: (e.date, e.id)))

    def _self_names(self, company_id: str) -> frozenset[str]:
        names = {name_key(n) for n in self.company_names}
        if company_id.lower() not in _PLACEHOLDER_COMPANIES:
            names.add(name_key(company_id.replace("-", " ").replace("_", " ")))
        return frozenset(n for n in names if n)

    def _group(self, candidates: list[Candidate]) -> list[list[Candidate]]:
        parent = list(range(len(candidates)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        by_type: dict[str, list[int]] = defaultdict(list)
        for index, candidate in enumerate(candidates):
            by_type[candidate.event_type.value].append(index)
        for members in by_type.values():
            for pos, i in enumerate(members):
                for j in members[pos + 1 :]:
                    if self._same_event(candidates[i], candidates[j]):
                        parent[find(j)] = find(i)
        groups: dict[int, list[Candidate]] = defaultdict(list)
        for index, candidate in enumerate(candidates):
            groups[find(index)].append(candidate)
        return list(groups.values())

    @staticmethod
    def _same_event(first: Candidate, second: Candidate) -> bool:
        if first.key()[1] == second.key()[1]:
            return True
        if first.message.id != second.message.id:
            # Linking messages by looser overlap would make the result depend on which
            # messages share a batch; the store merges same-id reports instead.
            return False
        # Two sentences of one message: one event unless they name different identities
        # ("hired a CFO … and a VP Sales").
        identity = first.key_order[0]
        mine, theirs = first.facets.values.get(identity), second.facets.values.get(identity)
        return not (mine and theirs and mine != theirs)

    def _event(self, batch: Batch, group: list[Candidate]) -> SignificantEvent:
        # The identity comes from the group's strongest key. Each report keeps its own
        # wording, figures and confidence, and merge_events folds them in an order-free
        # way, so a report gives the same event whichever messages share its batch.
        lead = min(group, key=lambda c: (c.key()[0], c.message.timestamp, c.quote_start))
        identity = event_id(batch.company_id, lead.event_type, lead.key()[1])
        event: SignificantEvent | None = None
        for candidate in group:
            report = self._report(batch, candidate, identity)
            event = report if event is None else merge_events(event, report)
        assert event is not None
        return event

    def _report(self, batch: Batch, candidate: Candidate, identity: str) -> SignificantEvent:
        summary = candidate.summary
        title = summary[:200] if len(summary) >= 5 else f"{summary} event"
        quote = candidate.quote[:_MAX_QUOTE].strip()
        # Stamped per message: its figures carry the message's time (a later correction
        # wins) and its history entry keeps what this message said through the merges.
        report = SignificantEvent(
            id=identity,
            company_id=batch.company_id,
            event_type=candidate.event_type,
            title=title,
            description=f'{title}: "{" ".join(candidate.quote.split())[:240]}"',
            metrics=candidate.metrics,
            date=candidate.message.timestamp.date(),
            severity=candidate.severity,
            stakeholders=candidate.stakeholders,
            source_message_ids=[candidate.message.id],
            evidence=[Evidence(message_id=candidate.message.id, quote=quote)],
            confidence=candidate.confidence,
            extractor=self.name,
            batch_id=batch.id,
            # The message time, not the clock: the same input gives the same events.
            created_at=candidate.message.timestamp,
        )
        return stamp_report(report, candidate.message)
