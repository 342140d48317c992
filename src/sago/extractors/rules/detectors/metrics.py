"""Our own figures: revenue (ARR, MRR, revenue, bookings) and growth (users, customers and
whatever else a business counts), each a point of a series for one period.

"ARR ended March at $610k, up from $540k" is one point: series `arr_usd`, period March,
value $610k, previous $540k. A decline ("$1.42M → $1.38M") or a missed target is the same
point with negative polarity, never two "reached" highlights.
"""

from __future__ import annotations

import re
from typing import ClassVar

from sago.domain.event import EventSeverity, EventType, Polarity
from sago.extractors.rules.detectors.base import Ctx, Detector
from sago.extractors.rules.detectors.series import (
    figure_period,
    is_arrow,
    is_bad_news,
    previous_split,
    signed_change,
    unique_metrics,
)
from sago.extractors.rules.frames import Candidate, Frame, count_text, money_text, title
from sago.extractors.rules.modality import Mood
from sago.extractors.rules.quantities import Quantity

_DEFAULT_CURRENCY = "USD"
_SERIES_NAMES = {
    "run rate": "arr",
    "revenue": "revenue",
    "sales": "revenue",
    "bookings": "bookings",
}


class RevenueDetector(Detector):
    name = "revenue"
    needs_digits = True
    event_types = (EventType.REVENUE_MILESTONE,)
    triggers: ClassVar[tuple[str, ...]] = ("revenue_noun",)

    def detect(self, ctx: Ctx) -> list[Candidate]:
        if not ctx.sentence.has_digits:
            return []
        pairs: list[tuple[int, re.Match[str], Quantity]] = []
        for noun in ctx.find("revenue_noun"):
            start, end = ctx.clause(noun.start())
            for found in ctx.quantities:
                q = _as_money(found, noun)
                if q.kind == "money" and start <= q.start < end and q.value >= 1000:
                    gap = max(q.start - noun.end(), noun.start() - q.end, 0)
                    if gap <= 45:
                        pairs.append((gap, noun, q))
        # The noun written next to the figure names it: "bookings in, we're over $2M ARR".
        for _gap, noun, nearest in sorted(pairs, key=lambda p: (p[0], p[2].start)):
            start, end = ctx.clause(noun.start())
            if ctx.has("not_revenue", start, end) or ctx.third_party(noun.start()):
                continue
            if nearest.text[:1] in "+-−":
                continue  # "+€6k MRR", "-$30k ARR": a change, not a level
            if ctx.has("delta_cue", start, end):
                continue  # "$180k ARR gone", "$55k of ARR": what moved, not where we are
            if any(
                ctx.has(c, start, min(noun.start(), nearest.start))
                for c in ("churn_verb", "lost_verb", "downgrade_verb", "expand_verb")
            ):
                continue  # "X downgraded, -$30k ARR": the account's figure, not ours
            lo, hi = min(noun.end(), nearest.end), max(noun.start(), nearest.start)
            stated = (
                ctx.has("level_cue", max(start, min(noun.start(), nearest.start) - 15), max(hi, lo))
                or ctx.has("level_cue", nearest.end, min(end, nearest.end + 25))
                or re.search(r"[:=]", ctx.low[lo:hi]) is not None
            )
            if not stated:
                continue  # "9 sites, ~€2k MRR": a fragment, not a figure reported
            span = (min(noun.start(), nearest.start), max(noun.end(), nearest.end))
            # "We missed the Q3 revenue target: $640k": the target is named, the miss is fact.
            allow = frozenset({Mood.PLAN}) if ctx.has("missed_cue", start, end) else frozenset()
            if not ctx.fact(noun.span(), allow) or not ctx.fact(
                (nearest.start, nearest.end), allow
            ):
                return []
            amounts = [
                q
                for q in ctx.quantities
                if q.kind == "money"
                and start <= q.start < end
                and q.value >= 1000
                and q.start >= nearest.start
            ]
            earlier = [
                q
                for q in ctx.quantities
                if q.kind == "money" and start <= q.start < nearest.start and q.value >= 1000
            ]
            group = (
                [earlier[-1]] if earlier and is_arrow(ctx, earlier[-1].end, nearest.start) else []
            ) + amounts
            current, previous = previous_split(ctx, group or [nearest])
            return [self._candidate(ctx, noun.group(), span, current, previous)]
        return []

    def _candidate(
        self,
        ctx: Ctx,
        noun: str,
        span: tuple[int, int],
        current: Quantity,
        previous: Quantity | None,
    ) -> Candidate:
        start, end = ctx.clause(span[0])
        negative = is_bad_news(ctx, start, end, current, previous)
        label = ctx.lexicon.table("metric_labels").get(noun, noun)
        metric = _SERIES_NAMES.get(str(label), str(label))
        # A bare figure next to "ARR" ("2 milhões de ARR") is taken in the default reporting
        # currency, so it meets the month's other reports of the series.
        series = f"{metric}_{(current.unit or _DEFAULT_CURRENCY).lower()}"
        period = figure_period(ctx, current, previous)
        metrics = [current.metric(series)]
        if previous is not None:
            metrics.append(previous.metric(f"previous_{series}"))
        metrics += [
            signed_change(m, negative, metric)
            for m in ctx.metrics()
            if m.value not in {current.value} and (previous is None or m.value != previous.value)
        ]
        shown = metric.upper() if len(metric) <= 3 else metric.capitalize()
        if negative and previous is not None:
            head = title(shown, "fell to", money_text(current), f"from {money_text(previous)}")
        elif negative:
            head = title(shown, "at", money_text(current), "(below target)")
        else:
            head = title(
                shown,
                "at",
                money_text(current),
                f"(up from {money_text(previous)})" if previous else None,
            )
        return Candidate(
            detector=self.name,
            trigger=noun,
            event_type=EventType.REVENUE_MILESTONE,
            frame=Frame(action="reported", object=series, amount=current, previous=previous),
            title=head,
            # "MRR passed $200k, a $2.4M ARR run rate" is one point: the series the
            # sentence names first keys it.
            key=f"{self._lead_series(ctx, noun)}:{period}",
            quote=ctx.quote(),
            polarity=Polarity.NEGATIVE if negative else Polarity.POSITIVE,
            occurrence=f"metric:{series}",
            series=series,
            period=period,
            metrics=unique_metrics(metrics),
            severity=EventSeverity.HIGH,
            confidence=0.7,
        )

    @staticmethod
    def _lead_series(ctx: Ctx, noun: str) -> str:
        """The series that keys a point: ARR or MRR, whichever the sentence names first,
        over any looser word ("bookings", "revenue"); else the figure's own noun."""
        labels = ctx.lexicon.table("metric_labels")
        names = [str(labels.get(m.group(), m.group())) for m in ctx.find("revenue_noun")]
        recurring = [n for n in names if n in {"arr", "mrr"}]
        word = recurring[0] if recurring else str(labels.get(noun, noun))
        # The currency names the series, not the point: "2 milhões de ARR" with no symbol
        # is the same July ARR as "$2.04M".
        return _SERIES_NAMES.get(word, word)


def _as_money(q: Quantity, noun: re.Match[str]) -> Quantity:
    """ "1 milhão de ARR": a big bare number right next to the revenue word is money."""
    bare = q.kind in {"number", "count"} and q.value >= 100_000
    if bare and (abs(q.end - noun.start()) <= 5 or abs(noun.end() - q.start) <= 2):
        return Quantity(q.value, "money", None, q.start, q.end, q.text, None, q.per)
    return q


class GrowthDetector(Detector):
    name = "growth"
    needs_digits = True
    event_types = (EventType.USER_GROWTH,)
    triggers: ClassVar[tuple[str, ...]] = (
        "growth_cue",
        "milestone_cue",
        "decline_cue",
        "missed_cue",
    )

    def detect(self, ctx: Ctx) -> list[Candidate]:
        if not ctx.sentence.has_digits:
            return []
        for concept in ("churn_verb", "market_verb", "launch_verb", "lost_verb", "pilot_noun"):
            if ctx.has(concept):
                return []
        if ctx.has("sign_verb") and (ctx.has("deal_noun") or ctx.money(1000) is not None):
            return []
        nouns = ctx.lexicon.table("growth_nouns")
        named = [str(nouns[w]) for w in re.findall(r"[\w-]+", ctx.sentence.low) if w in nouns]
        for q in ctx.quantities:
            noun = self._noun(ctx, q, nouns)
            if noun is None and q.kind in {"count", "number"} and len(set(named)) == 1:
                noun = named[0]  # "WAU up 18% week over week to 9,300"
            if noun is None or q.value < 10:
                continue
            start, end = ctx.clause(q.start)
            cue = self._cue(ctx, q, start, end)
            if cue is None:
                continue
            span = (min(cue[0], q.start), max(cue[1], q.end))
            allow = frozenset({Mood.PLAN}) if ctx.has("missed_cue", start, end) else frozenset()
            if (
                ctx.third_party(span[0])
                or not ctx.fact(cue, allow)
                or not ctx.fact((q.start, q.end), allow)
            ):
                return []
            return [self._candidate(ctx, q, noun, span)]
        return self._rate_decline(ctx, named)

    def _rate_decline(self, ctx: Ctx, named: list[str]) -> list[Candidate]:
        """ "Signups dropped 20% after the price change": a decline told as a rate."""
        cue = ctx.first("decline_cue")
        rate = next((q for q in ctx.quantities if q.kind == "percent"), None)
        if cue is None or rate is None or not named or ctx.third_party(cue.start()):
            return []
        nouns = ctx.lexicon.table("growth_nouns")
        head = re.findall(
            r"[\w-]+", ctx.low[max(ctx.sentence.start, cue.start() - 20) : cue.start()]
        )
        if not head or head[-1] not in nouns:
            return []  # the counted thing must be what fell: "signups dropped 20%"
        if not ctx.fact(cue.span()):
            return []
        noun = named[0]
        period = figure_period(ctx, rate)
        return [
            Candidate(
                detector=self.name,
                trigger=cue.group(),
                event_type=EventType.USER_GROWTH,
                frame=Frame(action="declined", object=noun, amount=rate),
                title=title(noun.capitalize(), "down", rate.text),
                key=f"{noun}:{period}",
                quote=ctx.quote(),
                polarity=Polarity.NEGATIVE,
                occurrence=f"metric:{noun}",
                series=noun,
                period=period,
                metrics=[rate.metric(f"{noun}_change_pct")],
                confidence=0.55,
            )
        ]

    @staticmethod
    def _noun(ctx: Ctx, q: Quantity, nouns: dict[str, object]) -> str | None:
        if q.kind not in {"count", "number"}:
            return None
        window = ctx.low[max(ctx.sentence.start, q.start - 40) : q.end + 30]
        word = q.noun
        if word is None:
            label = re.findall(r"[\w-]+", ctx.low[max(ctx.sentence.start, q.start - 25) : q.start])
            word = next((w for w in reversed(label[-3:]) if w in nouns), None)
        if word is None:
            return None
        noun = str(nouns.get(word, word))
        if word not in nouns and not (ctx.plural(word) and word not in ctx.names.common):
            return None
        if noun == "users" and "monthly active" in window:
            return "mau"
        if noun == "users" and "daily active" in window:
            return "dau"
        return noun

    @staticmethod
    def _cue(ctx: Ctx, q: Quantity, start: int, end: int) -> tuple[int, int] | None:
        for concept in ("milestone_cue", "decline_cue", "missed_cue"):
            for cue in ctx.find(concept, start, end):
                # "crossed 5,000 carriers", "signups dropped to 800": the cue leads the count.
                # A count in an aside the cue stays outside of is not what it reached:
                # "passed the soak test (72 h, 40 units)".
                between = ctx.low[cue.end() : q.start]
                aside = between.count("(") > between.count(")")
                leads = 0 <= q.start - cue.end() <= 30 and not aside
                # A cue after the count: a decline ("signups dropped"), or a participle
                # where the language puts it last ("300 Kassen gepasseerd").
                trails = concept != "milestone_cue" or ctx.participle_last(concept, cue.group())
                if leads or (trails and 0 <= cue.start() - q.end <= 30):
                    return cue.span()
        # A cheer that opens with the count: "700 CUSTOMERS 🎉🎉", "10k users!!".
        if (
            len(ctx.sentence.text.split()) <= 12
            and not ctx.low[ctx.sentence.start : q.start].strip()
        ):
            cheer = ctx.first("cheer", q.end, min(end, q.end + 40))
            if cheer is not None:
                return cheer.span()
        # A stated total: "4,620 active carriers", "64 paying labs", "212 buildings are
        # running on Verdant", "MAU 5만 명".
        for cue in ctx.find("growth_cue", start, end):
            if -5 <= cue.start() - q.end <= 30 or 0 <= q.start - cue.end() <= 15:
                return cue.span()
        return None

    def _candidate(self, ctx: Ctx, q: Quantity, noun: str, span: tuple[int, int]) -> Candidate:
        start, end = ctx.clause(q.start)
        others = [
            p
            for p in ctx.quantities
            if p.kind in {"count", "number"}
            and p is not q
            and start <= p.start < end
            and (p.noun or noun) == (q.noun or noun)
        ]
        current, previous = (
            previous_split(ctx, sorted([q, *others], key=lambda x: x.start))
            if others
            else (q, None)
        )
        if previous is not None and previous is q:
            current, previous = q, None
        negative = is_bad_news(ctx, start, end, current, previous)
        period = figure_period(ctx, current, previous)
        shown = f"{current.value:,.0f} {noun.upper() if noun in {'mau', 'dau', 'wau'} else noun}"
        metrics = [current.metric(noun)]
        if previous is not None:
            metrics.append(previous.metric(f"previous_{noun}"))
        metrics += [
            m.model_copy(update={"name": f"{noun}_growth_pct"}) if m.name == "change_pct" else m
            for m in ctx.metrics()
            if m.value != current.value
        ]
        head = (
            title(shown, f"(down from {previous.value:,.0f})")
            if negative and previous
            else title(shown, "(below target)")
            if negative
            else title("Reached", shown)
        )
        return Candidate(
            detector=self.name,
            trigger=ctx.low[span[0] : span[1]],
            event_type=EventType.USER_GROWTH,
            frame=Frame(action="reported", object=noun, amount=current, previous=previous),
            title=head if head.strip() else count_text(current),
            key=f"{noun}:{period}",
            quote=ctx.quote(),
            polarity=Polarity.NEGATIVE if negative else Polarity.POSITIVE,
            occurrence=f"metric:{noun}",
            series=noun,
            period=period,
            metrics=unique_metrics(metrics),
            confidence=0.65,
        )
