"""The team: hires, departures of key people, layoffs and a missed hiring plan (all
`hiring`; the bad news with negative polarity)."""

from __future__ import annotations

import re
from typing import ClassVar

from sago.domain.event import EventSeverity, EventType, Polarity
from sago.extractors.rules.dates import period_of
from sago.extractors.rules.detectors.base import Ctx, Detector
from sago.extractors.rules.entities import Entity
from sago.extractors.rules.frames import Candidate, Frame, title
from sago.extractors.rules.modality import Mood

_NAME = re.compile(
    r"(?:(?:dr|mr|mrs|ms|prof)\.?\s+)?[A-ZÀ-Þ][\w'’-]+(?:[ \t]+[A-ZÀ-Þ][\w'’-]+){0,2}"
)
_POSSESSIVE = re.compile(r"\b(\w+)['’]s\s+(?:new\s+)?$")


def role_in(ctx: Ctx, start: int, end: int) -> str | None:
    """The role a sentence names ("VP Sales", "Head of R&D", "CFO")."""
    roles = ctx.pattern("role_phrase")
    found = roles.search(ctx.low, start, end)
    if found is None:
        return None
    text = ctx.text[found.start() : found.end()].strip(" ,.")
    return text if text else None


def role_key(role: str | None) -> str:
    """ "VP of Sales", "vice president, sales" and "our new VP Sales" share a key."""
    if not role:
        return ""
    text = role.lower().replace("vice president", "vp").replace("vice-president", "vp")
    text = re.sub(r"^(?:lead|run|direct)\s+", "head ", text)  # "to lead R&D" = "Head of R&D"
    words = [
        w
        for w in re.findall(r"[\w&]+", text)
        if w
        not in {"of", "the", "our", "new", "first", "a", "an", "and", "for", "senior", "interim"}
    ]
    return " ".join(words)


def person_near(ctx: Ctx, span: tuple[int, int]) -> Entity | None:
    """The person of a hire or departure: the capitalised name nearest the trigger, or the
    chat's lower-case "first last" right before it."""
    people: list[Entity] = []
    for match in _NAME.finditer(ctx.text, ctx.sentence.start, ctx.sentence.end):
        # The trigger's own capital is no name: "Say hello to …", "Welcome Maud Jansen".
        begin = span[1] if match.start() < span[1] and match.end() > span[0] else match.start()
        words = ctx.text[begin : match.end()].split()
        lowered = [w.lower().strip(".,") for w in words]
        while lowered and (
            lowered[0] in ctx.names.common and lowered[0] not in ctx.names.honorifics
        ):
            lowered, words = lowered[1:], words[1:]
        if not words or all(w in ctx.names.common or w in ctx.names.generic for w in lowered):
            continue
        if ctx.names.is_org(" ".join(words)) or ctx.place(match.start(), match.end()):
            continue
        start = begin + ctx.text[begin : match.end()].find(words[0])
        name = " ".join(words)
        people.append(Entity(name, start, start + len(name), ctx.names.occurrence_name(name)))
    if not people:
        before = ctx.entity_before(span[0], 3)
        if before is not None and before.text.islower() and len(before.text.split()) >= 2:
            return before
        return None
    return min(people, key=lambda p: min(abs(p.start - span[1]), abs(span[0] - p.end)))


class PeopleDetector(Detector):
    name = "people"
    event_types = (EventType.HIRING,)
    triggers: ClassVar[tuple[str, ...]] = ("hire_verb", "depart_verb", "layoff_cue", "missed_cue")

    def detect(self, ctx: Ctx) -> list[Candidate]:
        for method in (self._layoff, self._missed_plan, self._departure, self._hire):
            found = method(ctx)
            if found is not None:
                return found
        return []

    @staticmethod
    def _third_party(ctx: Ctx, pos: int) -> bool:
        """Somebody else's team: "Zeta's new CEO", "our biggest competitor just hired"."""
        start, _ = ctx.clause(pos)
        owner = _POSSESSIVE.search(ctx.low[start:pos]) or re.search(
            r"\b(\w+)['’]s\s+(?:[\w-]+\s+){0,3}$", ctx.low[start:pos]
        )
        first = ctx.lexicon.words("modality", "first_person", ctx.doc.languages)
        if owner and owner.group(1) not in first and not ctx.is_self_key(owner.group(1)):
            return True
        return ctx._others(start, pos)

    def _hire(self, ctx: Ctx) -> list[Candidate] | None:
        leads = list(ctx.find("new_role_lead"))
        for match in [*ctx.find("hire_verb"), *leads]:
            span = match.span()
            start, end = ctx.sentence.start, ctx.sentence.end
            if match in leads and role_in(ctx, span[1], min(end, span[1] + 24)) is None:
                continue  # "our first paid pilot": only "our first CFO" names a new role
            role = role_in(ctx, start, end)
            person = person_near(ctx, span)
            if role is None and person is None:
                continue
            if ctx.first("hire_weak", span[0], span[1]) is not None and role is None:
                continue  # "welcome Olivia!!": a cheer unless it names the role
            if self._third_party(ctx, span[0]) or (
                ctx.subject(span[0]).kind == "self" and person is None and role is None
            ):
                continue
            if ctx.has("not_hire", span[1], min(end, span[1] + 25)):
                continue  # "joins our board": a board seat, not a hire
            # An accepted offer is news even when the start date lies ahead ("will join").
            settled = ctx.first("hire_settled", span[0], span[1]) is not None
            if not ctx.fact(span, frozenset({Mood.PLAN}) if settled else frozenset()):
                return []
            who = person.text if person else None
            # The role names the hire across messages that spell the person differently
            # (or not at all: "my signed offer letter for the VP Sales role").
            key = role_key(role) or (person.key if person else "")
            head = title(
                person.display if person else "New",
                "joined" if person else role,
                f"as {role}" if person and role else None,
            )
            return [
                self._candidate(
                    ctx,
                    match.group(),
                    head,
                    f"person:{key}",
                    person,
                    role,
                    stage="hired",
                    negative=False,
                    who=who,
                )
            ]
        return None

    def _departure(self, ctx: Ctx) -> list[Candidate] | None:
        for match in ctx.find("depart_verb"):
            span = match.span()
            role = role_in(ctx, ctx.sentence.start, ctx.sentence.end)
            person = person_near(ctx, span)
            strong = match.group() not in {
                "leaving",
                "left",
                "leaves",
                "is leaving",
                "notice",
                "last day",
            }
            # "leaving us", "leaving the company", "leaving Kestrel at the end of April"
            leaves_us = ctx.first("leave_object", span[1], span[1] + 16) is not None or bool(
                re.match(r"\s+[A-Z]\w+\s", ctx.text[span[1] : span[1] + 30])
            )
            if not (role or (person and (strong or leaves_us))):
                continue
            if ctx.subject(span[0]).kind == "self" and person is None:
                continue  # "we're leaving the office early"
            if self._third_party(ctx, span[0]) or (ctx.third_party(span[0]) and person is None):
                continue
            if not ctx.fact(span, frozenset({Mood.PLAN, Mood.SPECULATIVE})):
                return []
            key = role_key(role) or (person.key if person else "")
            head = title(
                person.display if person else role,
                f"({role})" if person and role else None,
                "is leaving",
            )
            return [
                self._candidate(
                    ctx,
                    match.group(),
                    head,
                    f"person:{key}:departed",
                    person,
                    role,
                    stage="departed",
                    negative=True,
                    who=person.text if person else None,
                )
            ]
        return None

    def _layoff(self, ctx: Ctx) -> list[Candidate] | None:
        cue = ctx.first("layoff_cue")
        if cue is None or not ctx.fact(cue.span()) or ctx.third_party(cue.start(), strict=True):
            return None
        people = next(
            (
                q
                for q in ctx.quantities
                if q.kind in {"count", "number"} and q.value >= 2 and abs(q.start - cue.end()) < 60
            ),
            None,
        )
        period = period_of(None, ctx.doc.message.timestamp.date())
        key = f"layoff:{people.value:.0f}" if people else f"layoff:{period}"
        size = f"{people.value:.0f} people" if people else "team"
        return [
            self._candidate(
                ctx,
                cue.group(),
                title("Reduced the team:", size, "let go"),
                key,
                None,
                None,
                stage="departed",
                negative=True,
                who=None,
            )
        ]

    def _missed_plan(self, ctx: Ctx) -> list[Candidate] | None:
        cue = ctx.first("missed_cue")
        noun = ctx.first("hiring_noun", *ctx.clause(cue.start())) if cue is not None else None
        if cue is None or noun is None:
            return None
        if not ctx.fact((min(cue.start(), noun.start()), max(cue.end(), noun.end()))):
            return None
        period = period_of(None, ctx.doc.message.timestamp.date())
        return [
            self._candidate(
                ctx,
                cue.group(),
                "Missed the hiring plan",
                f"hiring-plan:{period}",
                None,
                None,
                stage=None,
                negative=True,
                who=None,
            )
        ]

    def _candidate(
        self,
        ctx: Ctx,
        trigger: str,
        head: str,
        key: str,
        person: Entity | None,
        role: str | None,
        *,
        stage: str | None,
        negative: bool,
        who: str | None,
    ) -> Candidate:
        # The position names the occurrence when it is known: "Olivia Brandt joins as VP
        # Sales" and "my signed offer letter for the VP Sales role" are one hire, and the
        # VP Sales leaving later ends it.
        held = role_key(role)
        occurrence = held or (ctx.names.occurrence_name(who) if who else None)
        return Candidate(
            detector=self.name,
            trigger=trigger,
            event_type=EventType.HIRING,
            frame=Frame(action=stage or "missed", actor=person, object=role),
            title=head,
            key=key,
            quote=ctx.quote(),
            polarity=Polarity.NEGATIVE if negative else Polarity.POSITIVE,
            stage=stage,
            occurrence=f"person:{occurrence}" if occurrence else None,
            metrics=ctx.metrics(),
            stakeholders=[person.display] if person else [],
            severity=EventSeverity.HIGH
            if negative or (role and ctx.has("senior_role", *_span_of(ctx, role)))
            else EventSeverity.MEDIUM,
            confidence=0.65,
            # A hire named by its person only joins its message's role-named report.
            named=role is not None or stage is None or key.startswith("layoff"),
        )


def _span_of(ctx: Ctx, role: str) -> tuple[int, int]:
    start = ctx.text.find(role, ctx.sentence.start, ctx.sentence.end)
    return (start, start + len(role)) if start >= 0 else (0, 0)
