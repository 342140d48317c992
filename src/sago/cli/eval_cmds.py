"""`sago eval`: score an extractor against hand-labelled sets, one or several side by side."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from sago import bootstrap
from sago.cli.common import CompanyOpt, app, components, console, fail, load_settings
from sago.cli.run_cmds import NoCacheOpt
from sago.config import Settings
from sago.domain.event import SignificantEvent
from sago.errors import RunStoppedError
from sago.pipeline.eval_suite import LabelledSet
from sago.pipeline.evaluate import EvalReport, EvalRun, TypeScore
from sago.sources.base import SourceError
from sago.sources.detect import open_source


def render_report(report: EvalReport, title: str = "Extraction quality") -> Table:
    """Per-type precision/recall/F1 with a micro row; trap violations in the caption."""
    table = Table(title=title, show_footer=False)
    for name in ("event type", "TP", "FP", "FN", "precision", "recall", "F1"):
        table.add_column(name, justify="left" if name == "event type" else "right")
    for score in [*report.per_type, report.micro]:
        table.add_row(
            score.event_type,
            *_score_cells(score),
            style="bold" if score.event_type == "micro" else None,
        )
    lines = []
    if report.traps_total:
        kinds = ", ".join(f"{k} {v}" for k, v in report.violations_by_kind.items()) or "none"
        lines.append(f"traps violated: {report.traps_violated}/{report.traps_total} ({kinds})")
    if report.metric_accuracy is not None:
        lines.append(
            f"metric values right: {report.metric_values_right}/{report.metric_values}"
            f" ({report.metric_accuracy:.0%})"
        )
    if report.polarity_accuracy is not None:
        lines.append(
            f"polarity right: {report.polarity_right}/{report.polarity_checked}"
            f" ({report.polarity_accuracy:.0%})"
        )
    if report.run is not None:
        lines.append(report.run.line())
    table.caption = "\n".join(lines) or None
    return table


def _score_cells(score: TypeScore) -> tuple[str, ...]:
    """TP, FP, FN, precision, recall, F1: the cells both tables show for a score."""
    return (
        str(score.true_positives),
        str(score.false_positives),
        str(score.false_negatives),
        f"{score.precision:.3f}",
        f"{score.recall:.3f}",
        f"{score.f1:.3f}",
    )


def _share(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def summary_table(rows: list[tuple[LabelledSet, EvalReport]]) -> Table:
    """One row per set: the micro scores, traps, metric-value and polarity accuracy."""
    table = Table(title="Extraction quality by labelled set")
    # The set's name is what a row is read by: never cut it to fit the width.
    table.add_column("set", no_wrap=True)
    for name in ("TP", "FP", "FN", "P", "R", "F1", "traps violated", "metric values", "polarity"):
        table.add_column(name, justify="right")
    for labelled, report in rows:
        traps = f"{report.traps_violated}/{report.traps_total}" if report.traps_total else "–"
        table.add_row(
            labelled.name,
            *_score_cells(report.micro),
            traps,
            _share(report.metric_accuracy),
            _share(report.polarity_accuracy),
        )
    return table


def innermost(extractor: object) -> object:
    """The extractor under its wrappers (redaction wraps the LLM extractor)."""
    while hasattr(extractor, "inner"):
        extractor = extractor.inner
    return extractor


def extract_in_scratch(base: Settings, path: Path) -> tuple[list[SignificantEvent], EvalRun]:
    """The events the configured extractor finds in PATH, run as `sago run` runs it, in a
    scratch store that is removed afterwards, and what producing them cost."""
    source = open_source(path, base.company_id, base.max_message_chars)
    with tempfile.TemporaryDirectory(prefix="sago-eval-") as scratch:
        settings = base.model_copy(
            update={
                "data_dir": Path(scratch),
                "queue": "embedded",
                "rawstore": "sqlite",
                "batcher": "memory",
                "eventstore": "sqlite",
                # The replay cache outlives the scratch store: a second eval costs no call.
                "llm_cache_path": base.llm_cache_db,
                # Scoring needs the events, not an investor email.
                "email_composer": "template",
            }
        )
        with components(settings) as parts:
            pipeline = bootstrap.build_pipeline(settings, parts)
            try:
                summary = pipeline.run([(str(path), source.read())])
            except RunStoppedError as exc:
                fail(str(exc))
            stats = getattr(innermost(parts.extractor), "prompt_stats", None)
            events = parts.eventstore.events(settings.company_id)
    return events, EvalRun.of(settings.llm, summary, stats)


@app.command(name="eval")
def evaluate_command(
    path: Annotated[Path | None, typer.Argument(help="Messages to extract from.")] = None,
    expected: Annotated[
        list[Path] | None,
        typer.Option("--expected", "-e", help="expected_events.json (repeat to add gold files)"),
    ] = None,
    traps: Annotated[Path | None, typer.Option(help="traps.json (optional)")] = None,
    suite: Annotated[
        list[Path] | None,
        typer.Option(
            help="A labelled folder (messages.csv, expected_events.json, traps.json) or a "
            "folder of them; repeat to compare sets side by side, e.g. the dev set and fresh sets."
        ),
    ] = None,
    company: CompanyOpt = None,
    batch_size: Annotated[int | None, typer.Option(min=1)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    llm: Annotated[
        str | None, typer.Option("--llm", help="Extractor to score (default SAGO_LLM).")
    ] = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Run extraction in a scratch store and score it against gold events: one set (PATH
    with --expected) in detail, or several (--suite) in one table."""
    from sago.pipeline.eval_suite import find_sets
    from sago.pipeline.evaluate import (
        evaluate,
        load_expected,
        load_traps,
    )

    base = load_settings(
        company_id=company, batch_size=batch_size, llm=llm, llm_cache=False if no_cache else None
    )
    sets: list[LabelledSet] = []
    if path is not None:
        if not expected:
            fail("eval PATH needs --expected (or use --suite FOLDER)")
        sets.append(LabelledSet(path.name, path, expected[0], traps))
    for folder in suite or []:
        if not folder.is_dir():
            fail(f"{folder}: not a folder of labelled sets")
        found = find_sets(folder)
        if not found:
            fail(f"{folder}: no messages.csv with expected_events.json in it or its sub-folders")
        sets.extend(found)
    if not sets:
        fail("nothing to score: give PATH --expected FILE, or --suite FOLDER")
    rows: list[tuple[LabelledSet, EvalReport]] = []
    for labelled in sets:
        try:
            extra = expected[1:] if labelled.messages == path and expected else []
            gold = [e for f in (labelled.expected, *extra) for e in load_expected(f)]
            trap_list = load_traps(labelled.traps) if labelled.traps else None
            extracted, run = extract_in_scratch(base, labelled.messages)
        except (OSError, ValueError, SourceError) as exc:
            fail(str(exc))
        report = evaluate(extracted, gold, trap_list)
        report.run = run
        rows.append((labelled, report))
    if as_json:
        payload = {s.name: json.loads(r.model_dump_json()) for s, r in rows}
        sys.stdout.write(
            json.dumps(payload if len(rows) > 1 else payload[rows[0][0].name], indent=2) + "\n"
        )
    elif len(rows) == 1 and not suite:
        console.print(render_report(rows[0][1]))
    else:
        console.print(summary_table(rows))
