"""An update draft as the Markdown body founders edit and send, with its footnotes.

The shape follows YC's and Visible's investor-update templates: a short summary,
Highlights, Lowlights, a KPI table (this period, the one before, the change), customers,
product and team, asks, thanks. Every sentence and bullet ends with the marks of what it
cites; the list at the end names each mark's event and messages. Sections with nothing in
them are left out.
"""

from __future__ import annotations

from collections.abc import Iterable

from sago.domain.email import Footnote, InvestorEmail
from sago.domain.message import DEFAULT_COMPANY_ID
from sago.domain.presentation import format_metric
from sago.domain.update import MESSAGE_REF, Line, UpdateDraft, UpdateFacts

ASKS_PLACEHOLDER = "_[Add your asks here: intros, hires, advice. Nothing in the messages asked.]_"
THANKS = "Thank you for your support. Reply to this email if you can help with any of the above."
MAX_SOURCES_NAMED = 3
_ESCAPED = set("\\`*_[]<>|")


def md_text(text: str) -> str:
    """Message-derived text as Markdown that renders as itself: no links, emphasis or
    table breaks, one line."""
    flat = " ".join(text.split())
    return "".join("\\" + ch if ch in _ESCAPED else ch for ch in flat)


class Marks:
    """Footnote marks, numbered in order of first citation."""

    def __init__(self, facts: UpdateFacts) -> None:
        self.facts = facts
        self.numbers: dict[str, int] = {}
        self.known = facts.known_refs()

    def of(self, refs: Iterable[str]) -> str:
        marks = []
        for ref in dict.fromkeys(refs):
            if ref not in self.known:
                continue
            if ref not in self.numbers:
                self.numbers[ref] = len(self.numbers) + 1
            marks.append(f"[{self.numbers[ref]}]")
        return "".join(marks)

    def line(self, line: Line) -> str:
        marks = self.of(line.refs)
        return f"{md_text(line.text)} {marks}" if marks else md_text(line.text)

    def footnotes(self) -> list[Footnote]:
        notes = []
        for ref, mark in sorted(self.numbers.items(), key=lambda item: item[1]):
            if ref.startswith(MESSAGE_REF):
                ask = next(a for a in self.facts.asks if a.ref == ref)
                notes.append(Footnote(mark=mark, title="Message", sources=[ask.source]))
                continue
            event = self.facts.event(ref)
            if event is None:
                continue
            sources = self.facts.sources.get(ref, [])
            notes.append(Footnote(mark=mark, event_id=ref, title=event.title, sources=sources))
        return notes


def _names(facts: UpdateFacts) -> tuple[str, str]:
    """How the subject opens and who signs; the id of a user who never set one names nobody."""
    if not facts.company_name and facts.company_id == DEFAULT_COMPANY_ID:
        return "Investor update", "The team"
    name = facts.company_name or facts.company_id
    return f"{name} investor update", f"The {name} team"


def _kpi_table(facts: UpdateFacts, marks: Marks) -> list[str]:
    if not facts.kpis:
        return []
    before = facts.period.previous().label
    lines = [
        "## KPIs",
        "",
        f"| Metric | {facts.period.label} | {before} | Change |",
        "|---|---:|---:|---:|",
    ]
    for row in facts.kpis:
        now = f"{md_text(format_metric(row.current.metric))} {marks.of([row.current.event_id])}"
        if row.previous is None:
            then = "–"
        else:
            then = f"{md_text(format_metric(row.previous.metric))}"
            if row.previous_from:
                then += f" ({row.previous_from})"
            then += f" {marks.of([row.previous.event_id])}"
        lines.append(f"| {md_text(row.label)} | {now} | {then} | {row.change or '–'} |")
    return [*lines, ""]


def _footnote_lines(footnotes: list[Footnote]) -> list[str]:
    if not footnotes:
        return []
    lines = ["---", "", "Sources", ""]
    for note in footnotes:
        named = "; ".join(md_text(s.label) for s in note.sources[:MAX_SOURCES_NAMED])
        more = len(note.sources) - MAX_SOURCES_NAMED
        if more > 0:
            named += f"; and {more} more"
        lines.append(f"- [{note.mark}] {md_text(note.title)}: {named or 'no stored message'}")
    return [*lines, ""]


def render(facts: UpdateFacts, draft: UpdateDraft, composer: str) -> InvestorEmail:
    """The email: subject, Markdown body, footnotes and the fields reports read."""
    heading, team = _names(facts)
    marks = Marks(facts)
    body = ["Hi all,", ""]
    if draft.summary:
        body += [" ".join(marks.line(line) for line in draft.summary), ""]
    for title, lines in [("Highlights", draft.highlights), ("Lowlights", draft.lowlights)]:
        if lines:
            body += [f"## {title}", "", *(f"- {marks.line(line)}" for line in lines), ""]
    body += _kpi_table(facts, marks)
    for title, lines in draft.sections:
        if lines:
            body += [f"## {title}", "", *(f"- {marks.line(line)}" for line in lines), ""]
    body += ["## Asks", ""]
    body += [f"- {marks.line(line)}" for line in draft.asks] or [ASKS_PLACEHOLDER]
    # Two trailing spaces: a line break in Markdown, so the signature stays on its own line.
    body += ["", "## Thank you", "", THANKS, "", "Best,  ", team, ""]
    footnotes = marks.footnotes()
    body += _footnote_lines(footnotes)
    return InvestorEmail(
        company_id=facts.company_id,
        subject=_subject(facts, draft, heading)[:300],
        body="\n".join(body),
        highlights=[line.text for line in draft.highlights],
        key_metrics=[row.current.metric for row in facts.kpis],
        event_ids=[n.event_id for n in footnotes if n.event_id],
        composer=composer,
        period_start=facts.period.start,
        period_end=facts.period.end,
        period_label=facts.period.label,
        footnotes=footnotes,
        withheld=facts.withheld,
        notes=draft.notes,
    )


def _subject(facts: UpdateFacts, draft: UpdateDraft, heading: str) -> str:
    subject = f"{heading}, {facts.period.label}"
    if facts.kpis:
        row = facts.kpis[0]
        change = f" ({row.change})" if row.change else ""
        return f"{subject}: {row.label} {format_metric(row.current.metric)}{change}"
    lead = next((facts.event(r) for line in draft.highlights for r in line.refs), None)
    if lead is not None:
        return f"{subject}: {' '.join(lead.title.split())}"
    return subject
