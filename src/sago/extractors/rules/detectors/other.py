"""Customer results (customer_success) and what fits no other type (other): outages,
acquisitions we made, and leases we signed."""

from __future__ import annotations

import re
from typing import ClassVar

from sago.domain.event import EventSeverity, EventType, Metric, Polarity
from sago.extractors.rules.detectors.base import Ctx, Detector
from sago.extractors.rules.detectors.deals import customer_of
from sago.extractors.rules.entities import Entity
from sago.extractors.rules.frames import Candidate, Frame, title
from sago.extractors.rules.modality import Mood


class SuccessDetector(Detector):
    name = "success"
    needs_digits = True
    event_types = (EventType.CUSTOMER_SUCCESS,)
    triggers: ClassVar[tuple[str, ...]] = ("success_cue", "score_word")

    def detect(self, ctx: Ctx) -> list[Candidate]:
        if not ctx.sentence.has_digits or (ctx.has("tech_cue") and not ctx.has("customer_word")):
            return []
        score = ctx.first("score_word")
        if score is not None:
            value = next(
                (
                    q
                    for q in ctx.quantities
                    if q.start > score.end()
                    and q.kind in {"number", "count", "percent"}
                    and q.value <= 100
                ),
                None,
            )
            if value is not None and ctx.fact(score.span()):
                period = f"{ctx.doc.message.timestamp:%Y-%m}"
                name = score.group().replace(" ", "_")
                return [
                    self._candidate(
                        ctx,
                        score.group(),
                        f"score:{name}:{period}",
                        title(f"{score.group().upper()} reached", value.text),
                        None,
                        [value.metric(name), *ctx.metrics()],
                    )
                ]
        if ctx.has("round_noun") or ctx.has("revenue_noun"):
            return []  # our money, not a customer's result
        for cue in ctx.find("success_cue"):
            start, end = ctx.clause(cue.start())
            figure = next(
                (
                    q
                    for q in ctx.quantities
                    if start <= q.start < end
                    and q.kind in {"percent", "duration", "money", "multiple"}
                    and (q.kind != "money" or cue.group().startswith("sav"))
                    and abs(q.start - cue.end()) <= 40
                ),
                None,
            )
            if figure is None:
                continue
            customer = self._labelled(ctx, cue.start()) or customer_of(ctx, cue.span())
            if customer is None and not ctx.has("customer_word", start, end):
                continue  # "we cut our burn by 20%": our number, not a customer's result
            if ctx.subject(cue.start()).kind == "self" and customer is None:
                continue
            if not ctx.fact(cue.span()):
                return []
            outcome = self._outcome(ctx, cue, start, end)
            key = f"customer:{customer.key if customer else outcome}"
            head = title(
                f"{customer.display}:" if customer else "Customer result:",
                outcome,
                cue.group(),
                figure.text,
            )
            return [self._candidate(ctx, cue.group(), key, head, customer, ctx.metrics())]
        return []

    @staticmethod
    def _labelled(ctx: Ctx, pos: int) -> Entity | None:
        """ "customer win 💚 harbor family dental: no-shows down 38%": the name that leads
        its segment, before a colon."""
        start, _ = ctx.sentence.segment_at(pos)
        found = re.match(r"\s*([^\W\d][\w&' -]{2,40}?):\s", ctx.low[start:pos])
        if found is None:
            return None
        entity = ctx.names.after(ctx.low, ctx.text, start + found.start(1), 5)
        if entity is None or entity.end != start + found.end(1) or entity.key in ctx.names.common:
            return None
        return entity

    @staticmethod
    def _outcome(ctx: Ctx, cue: re.Match[str], start: int, end: int) -> str:
        words: list[str] = re.findall(r"[^\W\d_][\w-]*", ctx.low[cue.end() : end])
        words += re.findall(r"[^\W\d_][\w-]*", ctx.low[start : cue.start()])[-3:]
        for word in words:
            if word not in ctx.names.common and len(word) > 3:
                return word
        return "results"

    def _candidate(
        self,
        ctx: Ctx,
        trigger: str,
        key: str,
        head: str,
        party: Entity | None,
        metrics: list[Metric],
    ) -> Candidate:
        return Candidate(
            detector=self.name,
            trigger=trigger,
            event_type=EventType.CUSTOMER_SUCCESS,
            frame=Frame(action="result", counterparty=party),
            title=head,
            key=key,
            quote=ctx.quote(),
            metrics=metrics,
            stakeholders=[party.display] if party else [],
            severity=EventSeverity.LOW,
            confidence=0.55,
            named=party is not None or key.startswith("score:"),
        )


class OtherDetector(Detector):
    name = "other"
    event_types = (EventType.OTHER,)
    triggers: ClassVar[tuple[str, ...]] = ("outage_cue", "acquire_verb", "lease_cue")

    def detect(self, ctx: Ctx) -> list[Candidate]:
        return self._acquisition(ctx) or self._lease(ctx) or self._outage(ctx)

    def _acquisition(self, ctx: Ctx) -> list[Candidate]:
        for verb in ctx.find("acquire_verb"):
            span = verb.span()
            subject = ctx.subject(span[0])
            link = ctx.tools.prep("of_prep").match(ctx.low, span[1] + 1)
            target = ctx.entity_after(link.end() if link else span[1], 4)
            if verb.group() in {"acquisition", "merger"}:
                # "the acquisition of X … closed", "we completed the merger with X"
                done = ctx.first("round_done", span[1], ctx.sentence.end) or ctx.first(
                    "round_done", max(ctx.sentence.start, span[0] - 25), span[0]
                )
                if target is None or done is None:
                    continue
                by = ctx.tools.prep("by_prep").search(ctx.low, target.end, target.end + 8)
                if by:
                    buyer = ctx.entity_after(by.end())
                    if buyer is not None and not ctx.is_self(buyer) and not ctx.sender_is(buyer):
                        continue
            elif subject.kind == "other" and not (subject.entity and ctx.sender_is(subject.entity)):
                continue
            if target is None or target.text[:1].isdigit() or target.key in ctx.names.common:
                continue
            if not ctx.fact(span):
                return []
            return [
                Candidate(
                    detector=self.name,
                    trigger=verb.group(),
                    event_type=EventType.OTHER,
                    frame=Frame(action="acquired", counterparty=target),
                    title=title("Acquired", target.display),
                    key=f"acquisition:{target.key}",
                    quote=ctx.quote(),
                    metrics=ctx.metrics(),
                    stakeholders=[target.display],
                    severity=EventSeverity.HIGH,
                    confidence=0.7,
                )
            ]
        return []

    def _lease(self, ctx: Ctx) -> list[Candidate]:
        cue = ctx.first("lease_cue")
        if cue is None:
            return []
        start, end = ctx.clause(cue.start())
        signed = ctx.first("sign_verb", start, end)
        where = ctx.first("lease_object", cue.end(), end)
        if signed is None or where is None or not ctx.self_actor(signed.start()):
            return []
        span = (min(signed.start(), cue.start()), max(signed.end(), cue.end()))
        if not ctx.fact(span):
            return []
        place = ctx.place(cue.end(), end)
        name = place.name if place else where.group()
        return [
            Candidate(
                detector=self.name,
                trigger=ctx.low[span[0] : span[1]],
                event_type=EventType.OTHER,
                frame=Frame(action="leased", object=name),
                title=title(
                    "Signed a lease:",
                    f"{where.group()} in {name.title()}" if place else where.group(),
                ),
                key=f"lease:{name}",
                quote=ctx.quote(),
                metrics=ctx.metrics(),
                confidence=0.6,
            )
        ]

    def _outage(self, ctx: Ctx) -> list[Candidate]:
        cue = ctx.first("outage_cue")
        if cue is None or ctx.has("not_outage"):
            return []
        start, end = ctx.clause(cue.start())
        if not ctx.has("outage_scale") and not any(q.kind == "duration" for q in ctx.quantities):
            return []
        subject = ctx.subject(cue.start())
        named = subject.entity is not None and subject.entity.text[:1].isupper()
        if subject.kind == "other" and named and not ctx.ours(start, end):
            return []  # "Shopify is down": somebody else's outage
        if not ctx.fact(cue.span(), frozenset({Mood.NEGATED})):
            return []
        reference = ctx.doc.message.timestamp.date()
        day = ctx.tools.calendar.day(ctx.low, ctx.sentence.start, ctx.sentence.end, reference)
        day = day or reference
        hours = next(
            (q for q in ctx.quantities if q.kind == "duration" and q.unit == "hours"), None
        )
        metrics = [hours.metric("downtime_hours")] if hours else []
        return [
            Candidate(
                detector=self.name,
                trigger=cue.group(),
                event_type=EventType.OTHER,
                frame=Frame(action="outage", date=day),
                title=title("Service outage on", f"{day:%B} {day.day}"),
                key=f"outage:{day.isoformat()}",
                quote=ctx.quote(),
                polarity=Polarity.NEGATIVE,
                stage="incident",
                metrics=metrics + [m for m in ctx.metrics() if m.name != "hours"],
                confidence=0.6,
            )
        ]
