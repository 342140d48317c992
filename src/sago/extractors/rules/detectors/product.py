"""What the company builds: launches (and launches that slipped) and engineering results."""

from __future__ import annotations

import re
from functools import cache
from typing import ClassVar

from sago.domain.event import EventType, Polarity
from sago.extractors.rules.detectors.base import Ctx, Detector
from sago.extractors.rules.entities import Entity
from sago.extractors.rules.frames import Candidate, Frame, title
from sago.extractors.rules.modality import Mood
from sago.extractors.rules.quantities import Quantity, milestone

_NAME_BEFORE = re.compile(r"[:\-–—(]\s*$")


def place_after(ctx: Ctx, pos: int) -> str | None:
    """The market named right after a launch verb: "launched in Portugal"."""
    prep = (
        ctx.tools.prep("place_prep").match(ctx.low, pos + 1)
        if ctx.low[pos : pos + 1] == " "
        else None
    )
    if prep is None:
        return None
    place = ctx.place(prep.end(), pos + 60, anchored=True)
    return place.name if place else None


@cache
def _ending_in(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{pattern})\s+$")


def _after_place_prep(ctx: Ctx, pos: int) -> bool:
    """Is the name at `pos` the object of a place preposition ("… in Aichi")?"""
    lead = ctx.low[max(ctx.sentence.start, pos - 16) : pos]
    return _ending_in(ctx.pattern("place_prep").pattern).search(lead) is not None


def product_name(ctx: Ctx, span: tuple[int, int], *, noun: bool = False) -> Entity | None:
    """The product a launch is about: named after the verb ("launched Dock Scheduler"), or
    before it ("Dock Scheduler is GA", "recall GA: flag flipped to 100%"). After a launch
    noun only "of" introduces it ("the launch of Route Planner")."""
    small = ctx.lexicon.words("names", "small_things")
    of = ctx.tools.prep("of_prep").match(ctx.low, span[1] + 1)
    start_at = of.end() if of else span[1]
    state = ctx.first("launch_state", span[0], span[1]) is not None  # "X is GA": X before
    after = (
        ctx.names.after(ctx.low, ctx.text, start_at, 4, owned=True)
        if of or not (noun or state)
        else None
    )
    if after is not None and (after.end > ctx.sentence.end or after.text.lower() in small):
        after = None
    if after is not None and ctx.place(after.start, after.end, anchored=True):
        after = None  # "launched in Germany" is a market
    if (
        after is not None
        and not ctx.is_self(after)
        and (after.text[:1].isupper() or after.text.lower() not in ctx.names.common)
    ):
        return after
    start, _ = ctx.clause(span[0])
    head_end = span[0]
    head = ctx.low[start:head_end]
    head = re.sub(
        r"(?:\s+(?:is|are|has|have|been|just|now|officially|finally|went|goes|became))+\s*$",
        "",
        head,
    )
    before = ctx.entity_before(start + len(head.rstrip()), 4)
    if before is not None and ctx.place(before.start, before.end, anchored=True):
        return None  # "Germany is live!" is a market, not a product
    if before is not None and before.text.lower() not in small and not ctx.is_self(before):
        return before
    return None


class LaunchDetector(Detector):
    name = "launch"
    event_types = (EventType.PRODUCT_LAUNCH,)
    triggers: ClassVar[tuple[str, ...]] = ("launch_verb", "launch_noun", "delay_cue")

    def detect(self, ctx: Ctx) -> list[Candidate]:
        if ctx.has("partner_noun"):
            return []
        delayed = self._delayed(ctx)
        if delayed is not None:
            return delayed
        for verb in ctx.find("launch_verb"):
            span = verb.span()
            # "X launched Y": X acts and must be us; "X is GA": X is the product.
            intransitive = ctx.first("launch_state", span[0], span[1]) is not None
            if place_after(ctx, span[1]) or ctx.third_party(span[0], strict=not intransitive):
                continue
            product = product_name(ctx, span)
            if product is None or not self._real_product(ctx, product, span):
                continue
            if product.start < span[0] and _after_place_prep(ctx, product.start):
                continue  # "the first 3 sites in Aichi went live": a place, not a product
            if ctx.low[span[1] : span[1] + 12].lstrip().startswith("beta"):
                continue  # a beta is not a launch
            if not ctx.fact(span):
                return []
            return [self._candidate(ctx, verb.group(), span, product, delayed=False)]
        return []

    @staticmethod
    def _real_product(ctx: Ctx, product: Entity, span: tuple[int, int]) -> bool:
        """A capitalised or quoted name is a product; a lower-case one only when the launch
        says who gets it ("recall GA: flipped to 100% of accounts", "live for every…")."""
        if any(w[:1].isupper() for w in product.text.split()):
            return True
        between = ctx.low[span[1] : product.start]
        if (
            product.start >= span[1] and ctx.has("owned_lead", span[1], product.start)
        ) or "new" in between:
            return True  # "launched our mobile app": ours, whatever its case
        _, end = ctx.clause(span[0])
        return ctx.has("launch_reach", span[1], end) or ctx.low[span[0] : span[1]].strip() in {
            "ga",
            "is ga",
        }

    def _delayed(self, ctx: Ctx) -> list[Candidate] | None:
        for noun in ctx.find("launch_noun"):
            start, end = ctx.clause(noun.start())
            cue = ctx.first("delay_cue", start, end)
            if cue is None or ctx.place_in_sentence():
                continue
            span = (min(noun.start(), cue.start()), max(noun.end(), cue.end()))
            allow = frozenset({Mood.PLAN, Mood.FAILED, Mood.NEGATED, Mood.DELAYED})
            if not ctx.fact(span, allow) or ctx.third_party(span[0]):
                return []
            product = product_name(ctx, (noun.start(), noun.end()), noun=True)
            product = product or next(iter(ctx.entities), None)
            return [self._candidate(ctx, ctx.low[span[0] : span[1]], span, product, delayed=True)]
        return self._product_delayed(ctx)

    def _product_delayed(self, ctx: Ctx) -> list[Candidate] | None:
        """ "Insights 2.0 is delayed by six weeks": a named product is the subject of a delay
        (a deal, a round or a market in the sentence makes it their delay instead)."""
        for concept in ("deal_noun", "round_noun", "partner_noun", "sign_verb"):
            if ctx.has(concept):
                return None
        for cue in ctx.find("delay_cue"):
            subject = ctx.subject(cue.start())
            product = subject.entity
            start, _ = ctx.clause(cue.start())
            if product is None or not product.text[:1].isupper() or ctx.place_in_sentence():
                continue
            if ctx.low[start : product.start].strip():
                continue  # the name must be the whole subject
            allow = frozenset({Mood.PLAN, Mood.FAILED, Mood.NEGATED, Mood.DELAYED})
            if not ctx.fact(cue.span(), allow):
                return []
            return [self._candidate(ctx, cue.group(), cue.span(), product, delayed=True)]
        return None

    def _candidate(
        self,
        ctx: Ctx,
        trigger: str,
        span: tuple[int, int],
        product: Entity | None,
        *,
        delayed: bool,
    ) -> Candidate:
        name = product.display if product else "product"
        key = ctx.names.product_key(product.text) if product else "unnamed"
        stage = "delayed" if delayed else "launched"
        occurrence = key if product else None
        return Candidate(
            detector=self.name,
            trigger=trigger,
            event_type=EventType.PRODUCT_LAUNCH,
            frame=Frame(action=stage, object=name, actor=None),
            title=title(name, "launch delayed") if delayed else title("Launched", name),
            key=f"product:{key}" if not delayed else f"product:{key}:delayed",
            quote=ctx.quote(),
            polarity=Polarity.NEGATIVE if delayed else Polarity.POSITIVE,
            stage=stage,
            occurrence=f"product:{occurrence}" if occurrence else None,
            metrics=ctx.metrics(),
            stakeholders=[],
            confidence=0.6,
            named=product is not None,
        )


class TechDetector(Detector):
    name = "tech"
    event_types = (EventType.TECHNICAL_ACHIEVEMENT,)
    triggers: ClassVar[tuple[str, ...]] = ("tech_cue",)

    def detect(self, ctx: Ctx) -> list[Candidate]:
        if ctx.has("customer_word") or (ctx.has("outage_cue") and not ctx.has("not_outage")):
            return []
        if ctx.has("lost_verb") or ctx.has("churn_verb"):
            return []  # "lost the tender on price (~18% cheaper)": the rival's price
        for cue in ctx.find("tech_cue"):
            start, end = ctx.clause(cue.start())
            figure = self._figure(ctx, cue, start, end)
            if figure is None and not ctx.has("tech_done", start, end):
                continue
            if figure is None and cue.group() not in {
                "patent",
                "migrated",
                "migration",
                "state of the art",
                "state-of-the-art",
                "sota",
            }:
                continue
            span = (cue.start(), cue.end())
            if ctx.third_party(span[0]):
                return []
            if not ctx.fact(span):
                return []
            metric = cue.group().replace(" ", "_").replace("-", "_")
            subject = self._subject(ctx, start, cue.start())
            value = f"{milestone(figure.value):g}" if figure else ""
            return [
                Candidate(
                    detector=self.name,
                    trigger=cue.group(),
                    event_type=EventType.TECHNICAL_ACHIEVEMENT,
                    frame=Frame(action="improved", object=metric, amount=figure),
                    title=title(
                        subject.capitalize() if subject else None,
                        metric.replace("_", " "),
                        f"{figure.text}" if figure else "milestone",
                    ),
                    key=f"tech:{subject or ''}:{metric}:{value}",
                    quote=ctx.quote(),
                    metrics=ctx.metrics(),
                    confidence=0.55,
                )
            ]
        return []

    @staticmethod
    def _figure(ctx: Ctx, cue: re.Match[str], start: int, end: int) -> Quantity | None:
        """The figure a technical claim rests on, or None when the sentence makes no claim:
        a quality stated with its value ("94% sensitivity", "uptime 99.99%"), or a speed or
        cost said to have improved ("3x faster", "p99 from 1.2s to 180ms")."""
        near = [
            q
            for q in ctx.quantities
            if start <= q.start < end
            and q.kind in {"multiple", "percent", "duration"}
            and (0 <= q.start - cue.end() <= 45 or 0 <= cue.start() - q.end <= 20)
        ]
        if not near:
            return None
        if ctx.first("tech_quality", cue.start(), cue.end()) is not None:
            if ctx.sentence.text.count("|") >= 2:
                return None  # "uptime 99.2% | open tickets 27": a dashboard row, not a result
            percent = [q for q in near if q.kind == "percent"]
            return percent[0] if percent else None
        if ctx.first("tech_gain", start, end) is None:
            return None
        durations = [q for q in near if q.kind == "duration"]
        # "p99 went from 1.2s to 180ms": the second duration is the result.
        return durations[-1] if len(durations) >= 2 else near[0]

    @staticmethod
    def _subject(ctx: Ctx, start: int, end: int) -> str | None:
        words: list[str] = re.findall(r"[^\W\d_][\w-]*", ctx.low[start:end])
        for word in words[:4]:
            if word not in ctx.names.common and len(word) > 2:
                return word
        return None
