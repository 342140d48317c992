"""The eval command's tables: per-type scores for one set, one row per set for several."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from sago.cli.eval_cmds import render_report, summary_table
from sago.domain.event import EventType, SignificantEvent, event_id
from sago.pipeline.eval_suite import LabelledSet
from sago.pipeline.evaluate import ExpectedEvent, Trap, evaluate


def _found(kind: EventType, source: int) -> SignificantEvent:
    return SignificantEvent(
        id=event_id("c", kind, f"{kind}-{source}"),
        company_id="c",
        event_type=kind,
        title="An event title",
        source_message_ids=[str(source)],
    )


def test_render_report_is_a_table_with_a_micro_row_and_trap_caption() -> None:
    report = evaluate(
        [_found(EventType.FUNDING, 1), _found(EventType.FUNDING, 4)],
        [ExpectedEvent(event_type=EventType.FUNDING, source_ids=[1])],
        [Trap(id="4", kind="third_party")],
    )
    table = render_report(report)
    assert isinstance(table, Table)
    console = Console(width=120, record=True)
    console.print(table)
    text = console.export_text()
    assert "micro" in text
    assert "0.500" in text
    assert "traps violated: 1/1 (third_party 1)" in text


def test_the_suite_table_never_cuts_a_set_name_even_at_80_columns() -> None:
    report = evaluate([_found(EventType.FUNDING, 1)], [gold_funding(1)])
    name = "fresh_consumer_and_more"
    labelled = LabelledSet(name=name, messages=Path("m.json"), expected=Path("e.json"), traps=None)
    console = Console(width=80, record=True)
    console.print(summary_table([(labelled, report)]))
    assert name in console.export_text()


def gold_funding(source: int) -> ExpectedEvent:
    return ExpectedEvent(event_type=EventType.FUNDING, source_ids=[source])
