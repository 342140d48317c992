"""The eval command's table: per-type scores, a micro row, traps in the caption."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from sago.cli.eval_cmds import render_report
from sago.domain.event import EventType, SignificantEvent, event_id
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
