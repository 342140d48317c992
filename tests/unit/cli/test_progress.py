"""What `sago run` shows while it works, on a terminal and off one. A fake clock drives the
plain lines: the tests assert what is said, never how long anything took."""

from __future__ import annotations

import io
import logging
from pathlib import Path

from rich.console import Console
from rich.progress import Progress

from sago.cli.progress import COLUMNS, BarProgress, LineProgress, Plan, plan_for, run_progress
from sago.sources.csv import CsvSource
from sago.sources.mbox import MboxSource


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_off_a_terminal_one_line_every_interval_with_counts_rate_and_eta() -> None:
    clock, out = FakeClock(), io.StringIO()
    shown = LineProgress(out, Plan(messages=2_000, batch_size=100, llm=True), 10, clock)
    shown.step("reading")
    shown.advanced("messages", 500)
    clock.now += 5
    shown.advanced("messages", 500)
    shown.advanced("batches", 5)
    shown.advanced("llm calls", 6)
    assert out.getvalue() == ""  # not yet ten seconds
    clock.now += 5
    shown.step("reading")
    [line] = out.getvalue().splitlines()
    assert line == (
        "progress: 1,000/2,000 messages (50%), 5/~20 batches, 6/~20 LLM calls, "
        "100 msg/s, ETA 0:00:10; reading"
    )
    clock.now += 10
    shown.advanced("messages", 1_000)
    shown.finished()
    lines = out.getvalue().splitlines()
    assert len(lines) == 3
    assert lines[1].startswith("progress: 2,000/2,000 messages (100%)")
    assert lines[2].endswith("ETA 0:00:00; done")


def test_without_a_count_it_measures_bytes_read_against_the_file_size() -> None:
    clock, out = FakeClock(), io.StringIO()
    plan = Plan(messages=None, batch_size=200, llm=False, position=lambda: (12_000_000, 48_000_000))
    shown = LineProgress(out, plan, 0, clock)
    clock.now += 30
    shown.advanced("messages", 3_000)
    assert out.getvalue().splitlines()[-1] == (
        "progress: 3,000 messages, 12.0 MB of 48.0 MB read (25%), 0 batches, 100 msg/s, "
        "ETA 0:01:30; starting"
    )


def test_nothing_known_says_so() -> None:
    out = io.StringIO()
    shown = LineProgress(out, Plan(messages=None, batch_size=200, llm=False), 0, FakeClock())
    shown.advanced("messages", 10)
    assert out.getvalue().splitlines()[-1].endswith("0 msg/s, ETA unknown; starting")


def test_on_a_terminal_bars_with_totals_rates_and_time_left() -> None:
    console = Console(file=io.StringIO(), force_terminal=True, width=160, color_system=None)
    with Progress(*COLUMNS, console=console, auto_refresh=False) as bar:
        shown = BarProgress(bar, Plan(messages=2_000, batch_size=100, llm=True))
        shown.step("reading")
        shown.advanced("messages", 1_000)
        shown.advanced("batches", 4)
        shown.advanced("llm calls", 4)
        bar.refresh()
        screen = console.file.getvalue()  # type: ignore[attr-defined]
    assert "reading " in screen
    assert "1,000/2,000" in screen
    assert "4/20" in screen
    assert "LLM calls" in screen
    assert "50%" in screen
    assert "-:--:--" in screen or "0:00:" in screen  # the time-left column


def test_on_a_terminal_a_byte_total_when_rows_cannot_be_counted() -> None:
    console = Console(file=io.StringIO(), force_terminal=True, width=160, color_system=None)
    plan = Plan(messages=None, batch_size=100, llm=False, position=lambda: (1_500_000, 3_000_000))
    with Progress(*COLUMNS, console=console, auto_refresh=False) as bar:
        shown = BarProgress(bar, plan)
        shown.step("reading")
        shown.advanced("messages", 700)
        bar.refresh()
        screen = console.file.getvalue()  # type: ignore[attr-defined]
    assert "reading (700 messages)" in screen
    assert "1.5/3.0 MB" in screen


def test_run_progress_picks_lines_off_a_terminal() -> None:
    console = Console(file=io.StringIO(), force_terminal=False)
    with run_progress(console, Plan(messages=5, batch_size=5, llm=False), 10) as shown:
        shown.advanced("messages", 5)
    assert (
        console.file.getvalue()
        .splitlines()[-1]
        .startswith(  # type: ignore[attr-defined]
            "progress: 5/5 messages (100%)"
        )
    )


def test_a_csv_is_counted_up_front_a_mailbox_is_measured_in_bytes(tmp_path: Path) -> None:
    data = tmp_path / "in.csv"
    data.write_text(
        "id,is_chat,chat_sender,email_sender,timestamp,content\n"
        '1,True,Maya,,2025-06-02T09:00:00,"two\nlines"\n'
        "2,True,Leo,,2025-06-02T09:01:00,hello\n"
    )
    assert plan_for([CsvSource(data, "acme")], 200, llm=False).messages == 2
    mail = tmp_path / "in.mbox"
    mail.write_bytes(
        b"From a@b Mon Jun  2 09:00:00 2025\nFrom: a@b\nSubject: hi\n\nbody one\n\n"
        b"From a@b Mon Jun  2 09:01:00 2025\nFrom: a@b\nSubject: re\n\nbody two\n"
    )
    source = MboxSource(mail, "acme")
    plan = plan_for([source], 200, llm=False)
    assert plan.messages is None
    assert plan.position() is None  # not opened yet
    records = source.read()
    next(records)
    read, size = plan.position() or (0, 0)
    assert size == mail.stat().st_size
    assert 0 < read <= size


def test_an_llm_sdk_retry_is_one_visible_line_without_verbose() -> None:
    from sago.cli.common import LLM_RETRY_LOGGER, show_llm_retries

    seen: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record.getMessage())

    root = logging.getLogger()
    level, keep = root.level, Keep()
    show_llm_retries()
    root.setLevel(logging.WARNING)  # what a user without -v runs with
    root.addHandler(keep)
    try:
        logging.getLogger(LLM_RETRY_LOGGER).info(
            "Retrying request in %f seconds (retry %i of %s)", 0.5, 1, 4
        )
        logging.getLogger("sago.some.module").info("chatter only -v shows")
    finally:
        root.removeHandler(keep)
        root.setLevel(level)
    assert seen == ["LLM provider: Retrying request in 0.500000 seconds (retry 1 of 4)"]
