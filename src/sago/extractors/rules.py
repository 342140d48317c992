"""The offline extractor: deterministic patterns, no network, no model.

A message passes a screen first (injected instructions, spam, jokes and rumours are never
evidence). Each remaining sentence is offered to one detector per event type; a detector
reports a candidate only when the sentence states the event as fact (no negation, delay,
maybe, condition, plan, draft or past). Candidates that name the same key facts — a
round, a customer, a place, a standard — are one event; its id comes from those facts,
so the same event reported in another batch lands on the same id.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from sago.domain.batch import Batch
from sago.domain.event import Evidence, SignificantEvent, event_id, merge_events
from sago.extractors import rules_deals as deals
from sago.extractors import rules_funding as funding
from sago.extractors import rules_growth as growth
from sago.extractors import rules_lexicon as lex
from sago.extractors import rules_product as product
from sago.extractors import rules_signals as signals
from sago.extractors.base import ExtractionResult, Extractor
from sago.extractors.rules_base import Candidate, Context, Detector
from sago.extractors.rules_names import name_key
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
_SIGNATURE = re.compile(
    r"\bThe[ \t]+([A-Z][\w&]+(?:[ \t]+[A-Z][\w&]+){0,2})[ \t]+[Tt]eam\b"
    r"|(?:CEO|CTO|COO|CFO|[Ff]ounder|Co-[Ff]ounder)[^\n,]{0,30},[ \t]*"
    r"([A-Z][\w&]+(?:[ \t]+[A-Z][\w&]+){0,2})[ \t]*$",
    re.MULTILINE,
)


class RulesExtractor(Extractor):
    """Finds the 14 event types with hand-written multilingual patterns; deterministic.

    `company_names` are the company's own names ("Acme", "Acme Robotics"): news about
    them is ours, news about any other named company is third-party. The extractor also
    learns them from email signatures in the batch.
    """

    name = "rules"

    def __init__(self, company_names: Sequence[str] = (), merge_window_days: int = 45) -> None:
        self.company_names = tuple(company_names)
        self.merge_window_days = merge_window_days

    def extract(self, batch: Batch) -> ExtractionResult:
        self_names = self._self_names(batch)
        candidates: list[Candidate] = []
        for message in batch.messages:
            screen = screen_message(message.text)
            if screen.reason is not None:
                continue
            parts = sentences(message.text)
            for index, sentence in enumerate(parts):
                # Newsletters and bulk mail talk about others unless they say "we".
                if screen.bulk and not lex.FIRST_PERSON.search(sentence.text):
                    continue
                following = parts[index + 1] if index + 1 < len(parts) else None
                ctx = Context(message, sentence, following, self_names, screen.bulk)
                for detect in DETECTORS:
                    candidates.extend(detect(ctx))
        events = [self._event(batch, group) for group in self._group(candidates)]
        merged: dict[str, SignificantEvent] = {}
        for event in events:
            known = merged.get(event.id)
            merged[event.id] = merge_events(known, event) if known else event
        return ExtractionResult(events=sorted(merged.values(), key=lambda e: (e.date, e.id)))

    def _self_names(self, batch: Batch) -> frozenset[str]:
        names = {name_key(n) for n in self.company_names}
        if batch.company_id.lower() not in _PLACEHOLDER_COMPANIES:
            names.add(name_key(batch.company_id.replace("-", " ").replace("_", " ")))
        signed: Counter[str] = Counter()
        domains: Counter[str] = Counter()
        for message in batch.messages:
            for match in _SIGNATURE.finditer(message.text):
                signed[name_key(match.group(1) or match.group(2))] += 1
            if "@" in message.sender:
                domains[message.sender.rsplit("@", 1)[1].split(".")[0].lower()] += 1
        names.update(name for name, count in signed.items() if count >= 2)
        if domains:
            domain, count = domains.most_common(1)[0]
            if count >= 3 and count * 3 >= sum(domains.values()):
                names.add(domain)
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

    def _same_event(self, first: Candidate, second: Candidate) -> bool:
        if first.key()[1] == second.key()[1]:
            return True
        if first.message.id == second.message.id:
            # Two sentences of one message: one event unless they name different identities
            # ("hired a CFO … and a VP Sales").
            identity = first.key_order[0]
            mine, theirs = first.facets.values.get(identity), second.facets.values.get(identity)
            if not (mine and theirs and mine != theirs):
                return True
        gap = abs((first.message.timestamp - second.message.timestamp).days)
        return gap <= self.merge_window_days and first.facets.overlaps(second.facets)

    def _event(self, batch: Batch, group: list[Candidate]) -> SignificantEvent:
        ordered = sorted(group, key=lambda c: (c.key()[0], c.message.timestamp, c.quote_start))
        lead = ordered[0]
        identity = event_id(batch.company_id, lead.event_type, lead.key()[1])
        chronological = sorted(group, key=lambda c: (c.message.timestamp, c.quote_start))
        confidence = min(0.95, lead.confidence + 0.05 * (len({c.message.id for c in group}) - 1))
        # The report that names the most facts makes the best title ("Hired Olivia Brandt as
        # VP Sales" over "Hired a VP Sales"); the identity still comes from `lead`.
        richest = min(
            group,
            key=lambda c: (-len(c.facets.values), c.key()[0], c.message.timestamp, c.quote_start),
        )
        title = richest.summary[:200] if len(richest.summary) >= 5 else f"{richest.summary} event"
        event: SignificantEvent | None = None
        for candidate in chronological:
            quote = candidate.quote[:_MAX_QUOTE].strip()
            report = SignificantEvent(
                id=identity,
                company_id=batch.company_id,
                event_type=candidate.event_type,
                title=title,
                description=f'{title}: "{" ".join(lead.quote.split())[:240]}"',
                metrics=candidate.metrics if candidate is lead else [],
                date=candidate.message.timestamp.date(),
                severity=lead.severity,
                stakeholders=candidate.stakeholders,
                source_message_ids=[candidate.message.id],
                evidence=[Evidence(message_id=candidate.message.id, quote=quote)],
                confidence=confidence,
                extractor=self.name,
                batch_id=batch.id,
                # The message time, not the clock: the same input gives the same events.
                created_at=candidate.message.timestamp,
            )
            event = report if event is None else merge_events(event, report)
        assert event is not None
        return event.model_copy(
            update={
                "metrics": lead.metrics
                + [m for m in event.metrics if m.name not in {x.name for x in lead.metrics}]
            }
        )
