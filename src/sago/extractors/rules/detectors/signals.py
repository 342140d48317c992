"""Where the company goes and what the world says: new markets (and market launches that
slipped), certifications (and failed audits and security incidents), press coverage."""

from __future__ import annotations

import re
from typing import ClassVar

from sago.domain.event import EventSeverity, EventType, Polarity
from sago.extractors.rules.detectors.base import Ctx, Detector
from sago.extractors.rules.detectors.deals import _sender_org
from sago.extractors.rules.detectors.series import figure_period
from sago.extractors.rules.entities import Entity
from sago.extractors.rules.frames import Candidate, Frame, title
from sago.extractors.rules.modality import Mood
from sago.extractors.rules.places import Place

_URL = re.compile(r"https?://(?:www\.)?([\w-]+)\.[\w.]+")


class MarketDetector(Detector):
    name = "markets"
    event_types = (EventType.MARKET_EXPANSION,)
    # No market without a place: the gate keys on the place names themselves.
    triggers: ClassVar[tuple[str, ...]] = (
        "common:places",
        "common:market_adjectives",
        "market_verb",
    )

    def detect(self, ctx: Ctx) -> list[Candidate]:
        found = self._trigger(ctx)
        if found is None:
            return []
        span, place, delayed = found
        if ctx.third_party(span[0]):
            return []
        slipped = {Mood.PLAN, Mood.FAILED, Mood.DELAYED, Mood.SPECULATIVE}
        allow = frozenset(slipped) if delayed else frozenset()
        if not ctx.fact(span, allow):
            return []
        shown = place.name.title() if len(place.name) > 4 else place.name.upper()
        return [
            Candidate(
                detector=self.name,
                trigger=ctx.low[span[0] : span[1]],
                event_type=EventType.MARKET_EXPANSION,
                frame=Frame(action="delayed" if delayed else "launched", object=place.name),
                title=title(shown, "launch delayed") if delayed else title("Expanded into", shown),
                key=f"market:{place.name}" + (":delayed" if delayed else ""),
                quote=ctx.quote(),
                polarity=Polarity.NEGATIVE if delayed else Polarity.POSITIVE,
                stage="delayed" if delayed else "launched",
                occurrence=f"market:{place.name}",
                metrics=ctx.metrics(),
                stakeholders=[shown],
                confidence=0.65,
            )
        ]

    @staticmethod
    def _trigger(ctx: Ctx) -> tuple[tuple[int, int], Place, bool] | None:
        for verb in ctx.find("market_verb"):
            start, end = ctx.clause(verb.start())
            place = _place_after(ctx, verb.end()) or _place_before(
                ctx, max(start, verb.start() - 30), verb.start()
            )
            if place is None:
                continue
            span = (min(verb.start(), place.start), max(verb.end(), place.end))
            # "supposed to launch in Portugal this month, but it's pushed to May"
            delayed = ctx.first("delay_cue", start, ctx.sentence.end) is not None
            return span, place, delayed
        for noun in [*ctx.find("launch_noun"), *ctx.find("launch_verb")]:
            start, end = ctx.clause(noun.start())
            place = ctx.place(start, end)
            cue = ctx.first("delay_cue", start, end)
            if place is not None and cue is not None:
                return (min(noun.start(), cue.start()), max(noun.end(), cue.end())), place, True
        return None


def _place_after(ctx: Ctx, pos: int) -> Place | None:
    """A place right after the verb, behind at most a preposition and an article, or a
    list's count ("live in 3 new countries: Spain, Italy and France")."""
    space = re.match(r"\s*", ctx.low[pos : pos + 5])
    pos += space.end() if space else 0
    prep = ctx.tools.prep("place_prep").match(ctx.low, pos)
    pos = prep.end() if prep else pos
    article = re.match(
        rf"(?:{ctx.lexicon.pattern('names', 'articles').pattern})\s+", ctx.low[pos : pos + 8]
    )
    pos += article.end() if article else 0
    several = re.match(r"\d+\s+(?:\w+\s+)?\w+\s*[:(—-]\s*", ctx.low[pos : pos + 40])
    pos += several.end() if several else 0
    return ctx.place(pos, pos + 60, anchored=True)


def _place_before(ctx: Ctx, start: int, end: int) -> Place | None:
    """A place right before the verb: "portugal is live", "our Barcelona office opened"."""
    place = None
    for found in [ctx.place(p, end, anchored=True) for p in range(start, end)]:
        if found is not None and len(ctx.low[found.end : end].split()) <= 2:
            place = found
            break
    return place


class ComplianceDetector(Detector):
    name = "compliance"
    event_types = (EventType.COMPLIANCE,)
    triggers: ClassVar[tuple[str, ...]] = ("common:standards", "security_incident")

    def detect(self, ctx: Ctx) -> list[Candidate]:
        incident = self._incident(ctx)
        if incident is not None:
            return incident
        standard = self._standard(ctx)
        if standard is None:
            return []
        canonical, found = standard
        start, end = ctx.clause(found[0])
        failed = ctx.first("audit_failed", start, end)
        if failed is not None and ctx.has("clean_audit", start, end):
            failed = None  # "zero exceptions", "no findings": a clean report
        # "SOC2 is done ✅": the cue may sit in the sentence's next stretch.
        done = ctx.first("cert_done", start, end) or ctx.first("cert_done")
        cue = failed or done
        if cue is None:
            return []
        span = (min(found[0], cue.start()), max(found[1], cue.end()))
        allow = frozenset({Mood.FAILED, Mood.NEGATED}) if failed else frozenset()
        if not ctx.fact(span, allow):
            return []
        shown = ctx.text[found[0] : found[1]].strip()
        major = canonical.startswith(("soc2", "iso27001", "hipaa", "fda", "fedramp", "pci"))
        return [
            Candidate(
                detector=self.name,
                trigger=ctx.low[span[0] : span[1]],
                event_type=EventType.COMPLIANCE,
                frame=Frame(action="failed" if failed else "certified", object=canonical),
                title=title(shown, "audit failed") if failed else title(shown, "achieved"),
                key=f"standard:{canonical}" + (":failed" if failed else ""),
                quote=ctx.quote(),
                polarity=Polarity.NEGATIVE if failed else Polarity.POSITIVE,
                stage="failed" if failed else "certified",
                occurrence=f"standard:{canonical}",
                metrics=ctx.metrics(),
                severity=EventSeverity.HIGH if major or failed else EventSeverity.MEDIUM,
                confidence=0.75,
            )
        ]

    @staticmethod
    def _standard(ctx: Ctx) -> tuple[str, tuple[int, int]] | None:
        for canonical, spellings in ctx.lexicon.common("standards").items():
            pattern = ctx.lexicon.compiled_common("standards", str(canonical), spellings)
            match = pattern.search(ctx.low, ctx.sentence.start, ctx.sentence.end)
            if match is not None:
                return str(canonical), match.span()
        return None

    def _incident(self, ctx: Ctx) -> list[Candidate] | None:
        cue = ctx.first("security_incident")
        if cue is None:
            return None
        if ctx.third_party(cue.start()):
            return None
        if not ctx.fact(cue.span()):
            return None
        reference = ctx.doc.message.timestamp.date()
        day = (
            ctx.tools.calendar.day(ctx.low, ctx.sentence.start, ctx.sentence.end, reference)
            or reference
        )
        month = f"{day:%Y-%m}" if day != reference else figure_period(ctx, cue.start())
        return [
            Candidate(
                detector=self.name,
                trigger=cue.group(),
                event_type=EventType.COMPLIANCE,
                frame=Frame(action="incident", date=day),
                title=title("Security incident on", f"{day:%B} {day.day}"),
                key=f"incident:{month}",
                quote=ctx.quote(),
                polarity=Polarity.NEGATIVE,
                stage="incident",
                occurrence=f"standard:security {day:%Y-%m-%d}",
                metrics=ctx.metrics(),
                severity=EventSeverity.HIGH,
                confidence=0.6,
            )
        ]


class MediaDetector(Detector):
    name = "media"
    event_types = (EventType.MEDIA_COVERAGE,)
    triggers: ClassVar[tuple[str, ...]] = ("media_cue", "media_piece")

    def detect(self, ctx: Ctx) -> list[Candidate]:
        cue = ctx.first("media_cue")
        for piece in ctx.find("media_piece") if cue is None else ():
            window = (piece.end(), min(ctx.sentence.end, piece.end() + 25))
            live = ctx.first("media_live", *window) or ctx.first("about_us_strict", *window)
            if live is not None:
                cue = piece
                break
        if cue is None:
            return []
        start, end = ctx.clause(cue.start())
        about_us = ctx.has("about_us", start, end) or ctx.subject(cue.start()).kind in {
            "self",
            "none",
        }
        if ctx.first("media_in", cue.start(), cue.end()) is not None:
            # "We're in TechCrunch!": only a capitalised outlet makes it press ("in talks").
            outlet_named = ctx.entity_after(cue.end())
            if outlet_named is None or not outlet_named.text[:1].isupper():
                return []
        outlet = self._outlet(ctx, cue)
        if outlet is None and not about_us:
            return []
        if not about_us and not ctx.has("media_piece"):
            return []
        if not ctx.fact(cue.span(), frozenset({Mood.HISTORICAL})):
            return []
        name = outlet.display if outlet else None
        key = (
            re.sub(
                r"(?:news|daily|weekly|magazine|online|media|times|journal|wire|hq)$",
                "",
                outlet.key,
            )
            if outlet
            else "press"
        )
        return [
            Candidate(
                detector=self.name,
                trigger=cue.group(),
                event_type=EventType.MEDIA_COVERAGE,
                frame=Frame(action="covered", counterparty=outlet),
                title=title("Covered by", name) if name else "Press coverage",
                key=f"outlet:{key or outlet.key if outlet else 'press'}",
                quote=ctx.quote(),
                metrics=[],
                stakeholders=[name] if name else [],
                severity=EventSeverity.LOW,
                confidence=0.6,
                named=outlet is not None,
            )
        ]

    @staticmethod
    def _outlet(ctx: Ctx, cue: re.Match[str]) -> Entity | None:
        start, end = ctx.sentence.start, ctx.sentence.end
        for prep in ctx.tools.prep("outlet_prep").finditer(ctx.low, start, end):
            cover = re.match(r"cover\s+of\s+", ctx.low[prep.end() : prep.end() + 12])
            entity = ctx.entity_after(prep.end() + (cover.end() if cover else 0), 4)
            if entity is not None and entity.text[:1].isupper() and not ctx.is_self(entity):
                return entity
        subject = ctx.subject(cue.start())
        if subject.entity is not None and not ctx.is_self(subject.entity):
            return subject.entity
        before = ctx.entity_before(cue.start(), 3)
        if before is not None and not ctx.is_self(before):
            return before
        url = _URL.search(ctx.text, start, end) or _URL.search(ctx.text)
        if url is not None:
            host = url.group(1)
            return Entity(host, url.start(1), url.end(1), host.lower())
        return _sender_org(ctx)
