"""How an occurrence evolves: lifecycles and their stages, occurrence keys, series keys.

This is the shared vocabulary of "events that evolve". Extractors fill `stage`,
`occurrence`, `series` and `period` on the events they report with exactly these names;
the event store folds reports of one occurrence into one event per stage family and
marks earlier stages superseded (`sago.domain.resolution`).

- A **lifecycle** is the ordered list of positive stages one kind of occurrence goes
  through (a round: interest → term sheet → signed → closed), plus the negative terminal
  stages that can end it (a customer: churned, downgraded, lost).
- Each negative stage names the last positive stage it leaves standing: a customer who
  churned was a paying customer (the signed deal happened and is superseded), but a deal
  that was `lost` never went past the pilot, so a "signed" report before it is retracted.
- An **occurrence** is `<kind>:<normalised name>`: `round:seed`, `customer:bluefin sushi`.
- A **series** is a metric key (`arr_usd`, `mau`), each point of it tied to a period
  `YYYY-MM`; points of different periods are different events.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from sago.domain.event import EventType, SignificantEvent, normalise_key

T = EventType


@dataclass(frozen=True, eq=False)  # one object per lifecycle: compared and hashed by identity
class Lifecycle:
    """The stages one kind of occurrence goes through, and which event types report them."""

    name: str
    # The occurrence kind whose events follow this lifecycle ("round", "customer", ...).
    kind: str
    # Positive stages, earliest first.
    stages: tuple[str, ...]
    # Negative terminal stage → the last positive stage it leaves standing (None: none).
    # Positive events up to that stage are superseded by the negative one; later ones are
    # retracted, because the negative report says they did not (or no longer) happen.
    negative: Mapping[str, str | None]
    # The event types that report stages of this lifecycle, and the stage a positive
    # report of that type is at when the extractor does not say.
    default_stage: Mapping[EventType, str | None]
    # Two reports of one occurrence naming different counterparties are different
    # occurrences: two seed rounds led by different investors. Only where the occurrence
    # name does not already name the counterparty (a customer's name does).
    split_on_counterparty: bool = False
    types: tuple[EventType, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "types", tuple(self.default_stage))

    @property
    def all_stages(self) -> tuple[str, ...]:
        return (*self.stages, *self.negative)

    def rank(self, stage: str | None) -> int | None:
        """Position of a positive stage (0 = earliest); None for negative or unknown ones."""
        return self.stages.index(stage) if stage in self.stages else None

    def is_negative(self, stage: str | None) -> bool:
        return stage in self.negative

    def retracts(self, negative_stage: str, positive_stage: str) -> bool:
        """Whether a later `negative_stage` report means `positive_stage` did not happen."""
        standing = self.negative.get(negative_stage)
        rank, limit = self.rank(positive_stage), self.rank(standing)
        if rank is None:
            return False
        return limit is None or rank > limit


def _lifecycle(
    name: str,
    kind: str,
    stages: tuple[str, ...],
    negative: dict[str, str | None],
    default_stage: dict[EventType, str | None],
    *,
    split_on_counterparty: bool = False,
) -> Lifecycle:
    return Lifecycle(
        name=name,
        kind=kind,
        stages=stages,
        negative=MappingProxyType(negative),
        default_stage=MappingProxyType(default_stage),
        split_on_counterparty=split_on_counterparty,
    )


# The dev set's convention: a term sheet received or signed is `investor_interest`, money
# that has closed is `funding`. `interest` (an investor reaching out) comes before both.
ROUND = _lifecycle(
    "round",
    "round",
    ("interest", "term_sheet", "signed", "closed"),
    {"withdrawn": "signed"},
    {T.INVESTOR_INTEREST: "interest", T.FUNDING: "closed"},
    split_on_counterparty=True,
)
DEAL = _lifecycle(
    "deal",
    "customer",
    ("pilot", "signed", "expanded"),
    {"churned": "expanded", "downgraded": "expanded", "lost": "pilot"},
    # A case study or a customer's result is no stage of the deal.
    {T.ENTERPRISE_DEAL: "signed", T.CUSTOMER_SUCCESS: None},
)
PARTNERSHIP = _lifecycle(
    "partnership",
    "partner",
    ("signed", "launched"),
    {"ended": "launched"},
    {T.PARTNERSHIP: "signed"},
)
LAUNCH = _lifecycle(
    "launch",
    "product",
    ("beta", "launched"),
    {"delayed": "beta"},
    {T.PRODUCT_LAUNCH: "launched"},
)
HIRE = _lifecycle(
    "hire",
    "person",
    ("hired", "joined"),
    {"departed": "joined"},
    {T.HIRING: "hired"},
)
COMPLIANCE = _lifecycle(
    "compliance",
    "standard",
    ("in_progress", "certified"),
    {"failed": "in_progress"},
    {T.COMPLIANCE: "certified"},
)
MARKET = _lifecycle(
    "market",
    "market",
    ("launched",),
    {"exited": "launched"},
    {T.MARKET_EXPANSION: "launched"},
)
LIFECYCLES: tuple[Lifecycle, ...] = (ROUND, DEAL, PARTNERSHIP, LAUNCH, HIRE, COMPLIANCE, MARKET)

# Occurrence kinds; `metric` is a series (see `series_key`), the others have a lifecycle.
OCCURRENCE_KINDS: tuple[str, ...] = (
    "round",
    "customer",
    "partner",
    "product",
    "person",
    "market",
    "standard",
    "metric",
)

_BY_TYPE: dict[EventType, Lifecycle] = {t: lc for lc in LIFECYCLES for t in lc.types}
_BY_KIND: dict[str, Lifecycle] = {lc.kind: lc for lc in LIFECYCLES}


def lifecycle_of(event_type: EventType) -> Lifecycle | None:
    """The lifecycle whose stages events of this type report, if any."""
    return _BY_TYPE.get(event_type)


def lifecycle_for_kind(kind: str) -> Lifecycle | None:
    return _BY_KIND.get(kind)


def effective_stage(event: SignificantEvent) -> str | None:
    """The event's stage in its type's lifecycle: the one it names if the lifecycle knows
    it, else the type's default for a positive report; None when it has no stage."""
    lifecycle = lifecycle_of(event.event_type)
    if lifecycle is None:
        return None
    if event.stage in lifecycle.all_stages:
        return event.stage
    if event.polarity.value == "negative":
        return None
    return lifecycle.default_stage.get(event.event_type)


# -- occurrence keys -------------------------------------------------------------------

# Words that do not tell one occurrence from another: "the seed round" is "seed",
# "Bluefin Sushi Inc." is "bluefin sushi". Not "a": "Series A" is no "Series B".
# fmt: off
_NAME_NOISE = frozenset({
    "the", "our", "round", "financing", "inc", "ltd", "llc", "gmbh", "corp", "co",
    "plc", "sa", "srl", "spa", "bv", "ag", "oy", "ab", "pty", "limited", "incorporated",
})
# fmt: on
_OCCURRENCE = re.compile(r"^(?P<kind>[a-z_]+):(?P<name>.+)$")


def normalise_name(name: str) -> str:
    """The comparable form of an occurrence's name (case, accents, punctuation, legal
    suffixes and filler words removed)."""
    words = [w for w in normalise_key(name).replace(".", " ").split() if w not in _NAME_NOISE]
    return " ".join(words)


# Words of an organisation's name that do not tell it from another: "Acorn VC" and
# "Acorn Ventures" are one investor, "Acorn VC" and "Northpoint Capital" two.
# fmt: off
_ORG_NOISE = frozenset({
    "ventures", "venture", "capital", "partners", "partner", "vc", "vcs", "fund", "funds",
    "group", "holdings", "labs", "investments", "investment", "invest", "investors",
    "management", "advisors", "advisers", "angels", "angel", "associates", "lp", "llp",
    "equity", "growth", "global", "and", "of", "de",
})
# fmt: on


def counterparties(names: Iterable[str]) -> frozenset[str]:
    """The distinctive words of the counterparties an event names (its stakeholders):
    two reports naming no common one are about different counterparties."""
    words: set[str] = set()
    for name in names:
        words.update(w for w in normalise_name(name).split() if w not in _ORG_NOISE)
    return frozenset(w for w in words if len(w) > 1)


def occurrence_key(kind: str, name: str) -> str | None:
    """`<kind>:<normalised name>`, e.g. ("round", "Seed round") → "round:seed"; None when
    the name has nothing left after normalising."""
    if kind not in OCCURRENCE_KINDS:
        raise ValueError(f"unknown occurrence kind {kind!r}; one of {', '.join(OCCURRENCE_KINDS)}")
    normalised = normalise_name(name)
    return f"{kind}:{normalised}" if normalised else None


def parse_occurrence(key: str) -> tuple[str, str] | None:
    """(kind, name) of an occurrence key, or None when it is not one."""
    match = _OCCURRENCE.match(key.strip())
    if match is None or match["kind"] not in OCCURRENCE_KINDS:
        return None
    return match["kind"], match["name"]


def normalise_occurrence(key: str | None) -> str | None:
    """The canonical form of an occurrence key as an extractor wrote it, or None."""
    if not key:
        return None
    parsed = parse_occurrence(key.lower())
    if parsed is None:
        return None
    kind, name = parsed
    if kind == "metric":
        series = series_key(name)
        return f"metric:{series}" if series else None
    return occurrence_key(kind, name)


# -- series ----------------------------------------------------------------------------

_SERIES_CHARS = re.compile(r"[^a-z0-9]+")
_PERIOD = re.compile(r"^(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])$")
# A series falls in the right direction when one of these words is in its key: for them a
# decline is good news. Everything else is better when it grows.
# fmt: off
LOWER_IS_BETTER = frozenset({
    "churn", "burn", "cac", "downtime", "latency", "loss", "losses", "cost", "costs",
    "incidents", "errors", "refunds", "payback", "attrition",
})
# fmt: on


def series_key(name: str) -> str:
    """A metric key: lower case, words joined by `_` ("ARR (USD)" → "arr_usd")."""
    folded = normalise_key(name).replace("$", " usd ").replace("%", " pct ")
    return _SERIES_CHARS.sub("_", folded).strip("_")


def period_of(moment: dt.date | dt.datetime) -> str:
    """The monthly period a date falls in: `YYYY-MM`."""
    return f"{moment.year:04d}-{moment.month:02d}"


def normalise_period(period: str | None) -> str | None:
    """`YYYY-MM` (also from `YYYY-MM-DD`), or None when it is not a month."""
    if not period:
        return None
    text = period.strip()[:7]
    return text if _PERIOD.match(text) else None


def previous_period(period: str) -> str:
    """The month before `YYYY-MM`."""
    year, month = int(period[:4]), int(period[5:7])
    return f"{year - 1:04d}-12" if month == 1 else f"{year:04d}-{month - 1:02d}"


def higher_is_better(series: str) -> bool:
    """Whether growth of this series is good news (ARR) or bad news (churn, burn)."""
    return not (set(series.split("_")) & LOWER_IS_BETTER)
