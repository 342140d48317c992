"""The LLM composer: the update's sentences written by a model from the facts only.

The model sees the period's events (redacted for investors, numbered) and KPIs, and
returns sentences, each citing the events it states. Every sentence is checked: it must
cite a real event, its numbers must appear in the events it cites (or in their KPI row),
and it must not read as instructions to a model. A draft with bad sentences is sent back
once with them listed; after that, bad sentences are removed (and noted on the email). A
draft with nothing left, or a provider that fails, gives the template's update instead, so
a run always ends with a usable draft. The skeleton (KPI table, asks, thanks, footnotes)
is the same as the template's: only the prose is the model's.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field

from pydantic import BaseModel, Field
from pydantic_ai import Agent, ModelRetry, NativeOutput, RunContext
from pydantic_ai.exceptions import AgentRunError
from pydantic_ai.models import Model

from sago.domain.event import SignificantEvent
from sago.domain.numbers import invented_numbers
from sago.domain.presentation import format_metric
from sago.domain.run import Usage
from sago.domain.update import Line, UpdateDraft, UpdateFacts
from sago.email.base import EmailComposer
from sago.email.template import ask_lines
from sago.llm.injection import injection_match
from sago.llm.loop import LoopThread
from sago.llm.metered import meter_of
from sago.llm.options import LLMOptions
from sago.llm.prompts import load_prompt
from sago.llm.usage import usage_of

log = logging.getLogger(__name__)

PROMPT_VERSION = "update_v2"
MAX_EVENTS = 60
# The model's sections, and the update's section each one fills.
SECTION_OF = {
    "customers": "Customers",
    "product": "Product",
    "team": "Team",
    "other": "Other news",
}


class SentenceOut(BaseModel):
    text: str = Field(description="one sentence, no citation marks")
    cites: list[int] = Field(default_factory=list, description="`n` of each event stated")


class UpdateOut(BaseModel):
    """The update's prose, section by section."""

    summary: list[SentenceOut] = Field(default_factory=list, max_length=3)
    highlights: list[SentenceOut] = Field(default_factory=list, max_length=5)
    lowlights: list[SentenceOut] = Field(default_factory=list, max_length=8)
    customers: list[SentenceOut] = Field(default_factory=list)
    product: list[SentenceOut] = Field(default_factory=list)
    team: list[SentenceOut] = Field(default_factory=list)
    other: list[SentenceOut] = Field(default_factory=list)

    def sentences(self) -> list[tuple[str, int, SentenceOut]]:
        found = []
        for part in ("summary", "highlights", "lowlights", *SECTION_OF):
            for index, sentence in enumerate(getattr(self, part)):
                found.append((part, index, sentence))
        return found


@dataclass
class Facts:
    """The facts a draft is written from, numbered as the prompt numbers them."""

    facts: UpdateFacts
    numbered: dict[int, SignificantEvent]
    removed: list[str] = field(default_factory=list)

    def kpi_texts(self, cited: list[SignificantEvent]) -> list[str]:
        ids = {e.id for e in cited}
        texts = []
        for row in self.facts.kpis:
            if ids & set(row.event_ids):
                texts += [format_metric(row.current.metric), row.change or ""]
                if row.previous is not None:
                    texts.append(format_metric(row.previous.metric))
        return texts


def render_facts(facts: UpdateFacts, numbered: dict[int, SignificantEvent]) -> str:
    events = [
        {
            "n": n,
            "type": e.event_type.value,
            "polarity": e.polarity.value,
            "title": e.title,
            "description": e.description,
            "impact": e.impact,
            "date": e.date.isoformat() if e.date else None,
            "metrics": [
                m.model_dump(mode="json", include={"name", "value", "unit"}) for m in e.metrics
            ],
            "stakeholders": e.stakeholders,
        }
        for n, e in numbered.items()
    ]
    kpis = [
        {
            "kpi": row.label,
            "now": format_metric(row.current.metric),
            "before": format_metric(row.previous.metric) if row.previous else None,
            "change": row.change,
            "events": [n for n, e in numbered.items() if e.id in row.event_ids],
        }
        for row in facts.kpis
    ]
    payload = {"period": facts.period.label, "events": events, "kpis": kpis}
    return "BEGIN-FACTS\n" + json.dumps(payload, indent=1, ensure_ascii=False) + "\nEND-FACTS"


def sentence_problem(sentence: SentenceOut, facts: Facts) -> str | None:
    """Why a sentence cannot stay (None when it is faithful)."""
    if not sentence.text.strip():
        return "it is empty"
    cited = [facts.numbered[n] for n in sentence.cites if n in facts.numbered]
    if not cited:
        return f"it cites no event of the list (cites {sentence.cites})"
    found = injection_match(sentence.text)
    if found is not None:
        return f"it reads as instructions to a model ({found!r})"
    invented = invented_numbers(sentence.text, cited, extra=facts.kpi_texts(cited))
    if invented:
        return f"numbers not in the events it cites: {', '.join(dict.fromkeys(invented))}"
    return None


def problems(draft: UpdateOut, facts: Facts) -> list[str]:
    issues = []
    for part, index, sentence in draft.sentences():
        problem = sentence_problem(sentence, facts)
        if problem is not None:
            issues.append(f"{part}[{index}] {sentence.text[:80]!r}: {problem}")
    return issues


def without_bad_sentences(draft: UpdateOut, facts: Facts) -> UpdateOut:
    kept: dict[str, list[SentenceOut]] = {}
    for part, _, sentence in draft.sentences():
        problem = sentence_problem(sentence, facts)
        if problem is None:
            kept.setdefault(part, []).append(sentence)
        else:
            facts.removed.append(f"removed {part} sentence {sentence.text[:80]!r}: {problem}")
    return UpdateOut.model_validate({k: [s.model_dump() for s in v] for k, v in kept.items()})


def to_draft(out: UpdateOut, numbered: dict[int, SignificantEvent]) -> UpdateDraft:
    def lines(items: list[SentenceOut]) -> list[Line]:
        return [
            Line(
                text=" ".join(s.text.split()),
                refs=[numbered[n].id for n in s.cites if n in numbered],
            )
            for s in items
        ]

    return UpdateDraft(
        summary=lines(out.summary),
        highlights=lines(out.highlights),
        lowlights=lines(out.lowlights),
        sections=[(title, lines(getattr(out, part))) for part, title in SECTION_OF.items()],
    )


class LLMComposer(EmailComposer):
    """Drafts the update's prose with an LLM, checked sentence by sentence against the
    facts; falls back to the template composer when nothing faithful is left."""

    def __init__(
        self, model: Model, *, name: str, options: LLMOptions, fallback: EmailComposer
    ) -> None:
        self.name = name
        self.fallback = fallback
        self.usage = Usage()
        self.last_problems: list[str] = []
        self._options = options
        self._meter = meter_of(model)
        self._loop = LoopThread(f"sago-{name}-email", 1)
        self._agent: Agent[Facts, UpdateOut] = Agent(
            model,
            output_type=NativeOutput(UpdateOut, name="investor_update"),
            deps_type=Facts,
            instructions=load_prompt(PROMPT_VERSION),
            model_settings=options.model_settings(),
            # One re-ask: a draft with bad sentences gets one chance to fix them.
            retries={"output": 1},
            name="sago-email",
        )
        self._agent.output_validator(self._check)

    @staticmethod
    def _check(ctx: RunContext[Facts], draft: UpdateOut) -> UpdateOut:
        issues = problems(draft, ctx.deps)
        if not issues:
            return draft
        if ctx.retry < ctx.max_retries:
            raise ModelRetry(
                "These sentences break the rules: " + "; ".join(issues) + ". Rewrite them: "
                "cite the `n` of the events each states, and use only numbers those events "
                "carry, copied exactly."
            )
        return without_bad_sentences(draft, ctx.deps)

    async def _draft(self, facts: Facts) -> UpdateOut:
        # Entered per draft (one per run): the HTTP client is closed even if nobody calls close().
        try:
            async with self._agent:
                run = await self._agent.run(render_facts(facts.facts, facts.numbered), deps=facts)
        finally:
            # Every request the provider received counts, a failed draft's too.
            if self._meter is not None:
                self.usage = self._meter.usage
        if self._meter is None:
            self.usage = self.usage + usage_of(run.usage, run.all_messages(), self._options)
        return run.output

    def _fallback(self, facts: UpdateFacts, why: list[str]) -> UpdateDraft:
        self.last_problems = why
        written = self.fallback.draft(facts)
        notes = [*why, f"written by {self.fallback.name} instead of {self.name}"]
        return written.model_copy(update={"composer": self.fallback.name, "notes": notes})

    def draft(self, facts: UpdateFacts) -> UpdateDraft:
        safe = [e for e in facts.events if injection_match(_shown(e)) is None]
        withheld = [
            f"event {e.id} kept from the model: it reads as instructions"
            for e in facts.events
            if e not in safe
        ]
        for reason in withheld:
            log.warning("%s: %s", self.name, reason)
        shown = facts.model_copy(update={"events": safe})
        if not safe:
            return self._fallback(shown, withheld)
        numbered = dict(enumerate(safe[:MAX_EVENTS], start=1))
        deps = Facts(shown, numbered)
        try:
            out = self._loop.run(self._draft(deps))
        except AgentRunError as exc:
            log.warning(
                "%s: update draft failed (%s); using %s", self.name, exc, self.fallback.name
            )
            return self._fallback(shown, [*withheld, f"{type(exc).__name__}: {exc}"])
        out = without_bad_sentences(out, deps)  # the validator ran; this guards refactors
        self.last_problems = [*withheld, *deps.removed]
        written = to_draft(out, numbered)
        if not written.lines():
            return self._fallback(shown, [*self.last_problems, "no faithful sentence left"])
        return written.model_copy(update={"asks": ask_lines(facts), "notes": self.last_problems})

    def close(self) -> None:
        self._loop.close()


def _shown(event: SignificantEvent) -> str:
    return "\n".join([event.title, event.description, event.impact, *event.stakeholders])
