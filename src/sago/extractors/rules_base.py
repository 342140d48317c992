"""What a rules detector sees (a sentence in its message) and what it reports (a candidate)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, wraps

from sago.domain.event import EventSeverity, EventType, Metric
from sago.domain.message import Message
from sago.domain.metrics import Quantity, find_quantities, label_before, milestone
from sago.extractors import rules_names as rn
from sago.extractors import rules_text as rt
from sago.extractors.rules_text import Sentence

_YEAR = re.compile(r"\b(?:in|since|during|back\s+in|of|from)\s+((?:19|20)\d\d)\b", re.IGNORECASE)
_CURRENCY_SYMBOL = {"USD": "$", "EUR": "€", "GBP": "£", "BRL": "R$", "JPY": "¥", "INR": "₹"}


@dataclass
class Candidate:
    """One event stated by one sentence, before reports of the same event are merged."""

    event_type: EventType
    message: Message
    quote_start: int
    quote_end: int
    facets: Facets
    key_order: tuple[str, ...]
    summary: str
    metrics: list[Metric] = field(default_factory=list)
    stakeholders: list[str] = field(default_factory=list)
    severity: EventSeverity = EventSeverity.MEDIUM
    confidence: float = 0.6

    @property
    def quote(self) -> str:
        return self.message.text[self.quote_start : self.quote_end]

    def key(self) -> tuple[int, str]:
        """(rank, key): a lower rank is a more specific identity, e.g. a name beats an amount."""
        for rank, kind in enumerate(self.key_order):
            value = self.facets.values.get(kind)
            if value:
                return rank, f"{kind}:{value}"
        return len(self.key_order), "quote:" + " ".join(self.quote.lower().split()[:8])


@dataclass
class Context:
    """A sentence of a message, with the message-wide facts a detector may need."""

    message: Message
    sentence: Sentence
    next_sentence: Sentence | None
    self_names: frozenset[str]
    bulk: bool

    @property
    def text(self) -> str:
        return self.sentence.text

    @cached_property
    def quantities(self) -> list[Quantity]:
        return find_quantities(self.text)

    @cached_property
    def next_quantities(self) -> list[Quantity]:
        nxt = self.next_sentence
        if nxt is None or nxt.line != self.sentence.line:
            return []
        return find_quantities(nxt.text)

    def segment(self, start: int, end: int) -> str:
        """The emoji-delimited stretch of the sentence around [start, end) (sentence offsets)."""
        base = self.sentence.start
        s, e = self.sentence.segment_bounds(self.message.text, base + start, base + end)
        return self.message.text[s:e]

    def blocked(
        self, match: re.Match[str] | tuple[int, int], allow: frozenset[str] = frozenset()
    ) -> bool:
        """True when the trigger sits in a plan, a draft, a negation, a maybe, the past…"""
        if self.sentence.in_plan_section and "goal" not in allow:
            return True
        start, end = match if isinstance(match, tuple) else match.span()
        segment = self.segment(start, end)
        if segment.rstrip(" \t\"'”’)").endswith("?"):
            return True  # a question states nothing
        if "historical" not in allow and self._earlier_year(segment):
            return True
        return rt.blocking_cue(segment, allow) is not None

    def _earlier_year(self, segment: str) -> bool:
        """ "in 2014", "since 2019": a year before the message's own is the past, not news."""
        this_year = self.message.timestamp.year
        return any(int(found.group(1)) < this_year for found in _YEAR.finditer(segment))

    def third_party(self, verb_start: int) -> bool:
        """The verb at `verb_start` (sentence offset) has someone other than us as subject."""
        absolute = self.sentence.start + verb_start
        seg_start, _ = self.sentence.segment_bounds(self.message.text, absolute, absolute)
        head = self.message.text[seg_start:absolute]
        return rn.actor_before(head, self.self_names) is not None

    def others_before(self, pos: int) -> bool:
        """A competitor, partner or customer is the subject: "our friends at Hooli hit 1M"."""
        absolute = self.sentence.start + pos
        seg_start, _ = self.sentence.segment_bounds(self.message.text, absolute, absolute)
        head = self.message.text[seg_start:absolute]
        return bool(rn.COMPETITOR.search(head) or rn.THEIR_NEWS.search(head))

    def competitor_before(self, verb_start: int) -> bool:
        """A competitor is the subject: "our biggest competitor just hired a CRO"."""
        absolute = self.sentence.start + verb_start
        seg_start, _ = self.sentence.segment_bounds(self.message.text, absolute, absolute)
        return rn.COMPETITOR.search(self.message.text[seg_start:absolute]) is not None

    def sender_org(self) -> tuple[str, str] | None:
        """The outside organisation that sent this email, as its signature names it."""
        return rn.sender_org(self.message.sender, self.message.text, self.self_names)

    def org_named(self, name: str | None) -> tuple[str, str] | None:
        """(key, name) for an organisation name that is somebody else's, else None."""
        key = rn.name_key(name) if name else ""
        return (key, name) if name and key and key not in self.self_names else None

    def fallback_org(self) -> tuple[str, str] | None:
        """Whom a sentence is about when no pattern names them: the outside sender, else
        the first organisation-like name that is not ours."""
        org = self.sender_org()
        if org is not None:
            return org
        names = rn.capitalised_names(self.text, self.self_names)
        return (rn.name_key(names[0]), names[0]) if names else None

    def candidate(
        self,
        event_type: EventType,
        facets: Facets,
        key_order: tuple[str, ...],
        summary: str,
        *,
        use_next: bool = False,
        metrics: list[Metric] | None = None,
        stakeholders: list[str] | None = None,
        severity: EventSeverity = EventSeverity.MEDIUM,
        confidence: float = 0.6,
    ) -> Candidate:
        end = self.sentence.end
        if use_next and self.next_sentence is not None:
            end = self.next_sentence.end
        return Candidate(
            event_type=event_type,
            message=self.message,
            quote_start=self.sentence.start,
            quote_end=end,
            facets=facets,
            key_order=key_order,
            summary=summary,
            metrics=metrics or [],
            stakeholders=stakeholders or [],
            severity=severity,
            confidence=confidence,
        )


Detector = Callable[[Context], list[Candidate]]


def gated(pattern: str) -> Callable[[Detector], Detector]:
    """Skip a detector unless a cheap keyword test passes; most chatter fails it at once.

    The gate must be looser than the detector's own patterns: it only saves time.
    """
    gate = re.compile(pattern, re.IGNORECASE)

    def wrap(detect: Detector) -> Detector:
        @wraps(detect)
        def run(ctx: Context) -> list[Candidate]:
            return detect(ctx) if gate.search(ctx.text) else []

        return run

    return wrap


def money_text(q: Quantity) -> str:
    symbol = _CURRENCY_SYMBOL.get(q.unit or "", "")
    value = q.value
    for scale, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if value >= scale:
            text = f"{value / scale:.2f}".rstrip("0").rstrip(".")
            return f"{symbol}{text}{suffix}" if symbol else f"{text}{suffix} {q.unit or ''}".strip()
    plain = f"{value:,.0f}"
    return f"{symbol}{plain}" if symbol else f"{plain} {q.unit or ''}".strip()


def money_key(q: Quantity) -> str:
    return f"{q.unit or 'cur'}{milestone(q.value):.0f}"


def first_money(quantities: list[Quantity], minimum: float = 1000.0) -> Quantity | None:
    for q in quantities:
        if q.kind == "money" and q.value >= minimum:
            return q
    return None


def metric_name(base: str, q: Quantity) -> str:
    suffix = {"%": "pct", "x": "x"}.get(q.unit or "", (q.unit or "").lower())
    if q.kind == "money" and q.unit:
        suffix = q.unit.lower()
    name = re.sub(r"[^\w]+", "_", base.lower()).strip("_")
    return f"{name}_{suffix}" if suffix and q.kind in {"money", "percent", "multiple"} else name


def labelled_metrics(ctx: Context, kinds: set[str], default: str, limit: int = 3) -> list[Metric]:
    """Quantities of the given kinds, each named by the words in front of it."""
    metrics: list[Metric] = []
    seen: set[str] = set()
    for q in ctx.quantities:
        if q.kind not in kinds:
            continue
        label = label_before(ctx.text, q, 2) or default
        name = metric_name(label, q)
        if name and name not in seen:
            seen.add(name)
            metrics.append(q.metric(name))
        if len(metrics) >= limit:
            break
    return metrics


@dataclass
class Facets:
    """Normalised key facts of a candidate, by kind; the id is built from the best one."""

    values: dict[str, str] = field(default_factory=dict)

    def add(self, kind: str, value: str | None) -> None:
        if value and kind not in self.values:
            self.values[kind] = value
