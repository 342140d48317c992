"""The CLI end to end on generated data, as a user runs it."""

from __future__ import annotations

import csv
import json
import re
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

from support.cli import clean_env, sago

ROWS = 1000
FIELDS = {
    "id",
    "event_type",
    "title",
    "description",
    "metrics",
    "severity",
    "date",
    "source_message_ids",
    "evidence",
    "extractor",
}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("cli")
    env = clean_env(work / ".sago")
    done = sago(
        "generate", "--rows", ROWS, "--seed", 42, "-o", "data/full_data.csv", cwd=work, env=env
    )
    assert done.returncode == 0, done.stderr
    return work


@pytest.fixture(scope="module")
def first_run(workdir: Path) -> dict[str, object]:
    # Off a terminal (stderr is a pipe here): a progress line at every chunk with interval 0.
    env = clean_env(workdir / ".sago", SAGO_PROGRESS_INTERVAL="0")
    done = sago(
        "run", "data/full_data.csv", "--company", "acme", "--out", "output", cwd=workdir, env=env
    )
    assert done.returncode == 0, done.stderr
    events = json.loads((workdir / "output" / "events.json").read_text())
    return {"stdout": done.stdout, "stderr": done.stderr, "events": events}


def test_progress_off_a_terminal_is_plain_lines(first_run: dict[str, object]) -> None:
    lines = [line for line in str(first_run["stderr"]).splitlines() if line.startswith("progress:")]
    assert len(lines) >= 2
    assert all("\x1b" not in line for line in lines)  # no terminal codes in a log
    assert f"/{ROWS:,} messages" in lines[0]
    assert all("msg/s" in line and "ETA" in line for line in lines)
    assert lines[-1].startswith(f"progress: {ROWS:,}/{ROWS:,} messages (100%)")
    assert lines[-1].endswith("; done")


def test_generate_writes_the_seed_columns_and_ground_truth(workdir: Path) -> None:
    with (workdir / "data/full_data.csv").open(newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == [
            "id",
            "is_chat",
            "chat_sender",
            "email_sender",
            "timestamp",
            "content",
        ]
        rows = list(reader)
    assert len(rows) == ROWS
    chat = sum(r["is_chat"] == "True" for r in rows)
    assert 0.80 < chat / ROWS < 0.90
    expected = json.loads((workdir / "data/full_data.expected.json").read_text())
    ids = {r["id"] for r in rows}
    assert expected
    assert all({str(i) for i in e["source_ids"]} <= ids for e in expected)


def test_run_writes_three_outputs(workdir: Path, first_run: dict[str, object]) -> None:
    out = workdir / "output"
    results = (out / "pipeline_results.md").read_text()
    email = (out / "investor_email.md").read_text()
    events = first_run["events"]
    assert isinstance(events, list)
    assert "## Run summary" in results
    assert "## Events" in results
    assert "## Investor email" in results
    types = {e["event_type"] for e in events}
    assert len(types) >= 10, types
    for event in events:
        assert event.keys() >= FIELDS
        assert event["extractor"] == "rules"
        assert all(isinstance(i, str) and i.isdigit() for i in event["source_message_ids"])
        assert event["evidence"]
        assert f"sources: {', '.join(event['source_message_ids'])}" in results.replace("\\", "")
    # The email cites stored events: every highlight opens with one of their titles and
    # ends with the mark of the footnote naming that event and its source messages.
    titles = {e["title"] for e in events}
    by_id = {e["id"]: e for e in events}
    highlights = email.split("## Highlights\n\n", 1)[1].split("\n\n")[0].splitlines()
    assert highlights
    footnotes = email.split("\nSources\n\n", 1)[1]
    for line in highlights:
        assert any(line[2:].startswith(t) for t in titles), line
        mark = re.search(r"\[(\d+)\]$", line)
        assert mark is not None, line
        [note] = [n for n in footnotes.splitlines() if n.startswith(f"- [{mark[1]}] ")]
        assert any(note.startswith(f"- [{mark[1]}] {by_id[i]['title']}") for i in by_id)


def test_evidence_is_quoted_verbatim_from_the_cited_rows(
    workdir: Path, first_run: dict[str, object]
) -> None:
    with (workdir / "data/full_data.csv").open(newline="") as handle:
        content = {r["id"]: r["content"] for r in csv.DictReader(handle)}
    events = first_run["events"]
    assert isinstance(events, list)
    for event in events:
        for quote in event["evidence"]:
            assert quote["message_id"] in event["source_message_ids"]
            assert quote["quote"] in content[quote["message_id"]]


def test_second_run_doubles_nothing(workdir: Path, first_run: dict[str, object]) -> None:
    env = clean_env(workdir / ".sago")
    done = sago(
        "run", "data/full_data.csv", "--company", "acme", "--out", "output2", cwd=workdir, env=env
    )
    assert done.returncode == 0, done.stderr
    again = json.loads((workdir / "output2" / "events.json").read_text())
    before = first_run["events"]
    assert isinstance(before, list)
    assert sorted((e["id"], tuple(e["source_message_ids"])) for e in again) == sorted(
        (e["id"], tuple(e["source_message_ids"])) for e in before
    )
    results = (workdir / "output2" / "pipeline_results.md").read_text()
    assert f"| messages in the store | {ROWS:,} |" in results
    assert f"| messages stored (new / already stored) | 0 / {ROWS:,} |" in results


def test_events_command_lists_what_is_stored(workdir: Path, first_run: dict[str, object]) -> None:
    env = clean_env(workdir / ".sago")
    done = sago("events", "--company", "acme", "--json", cwd=workdir, env=env)
    assert done.returncode == 0, done.stderr
    listed = json.loads(done.stdout)
    before = first_run["events"]
    assert isinstance(before, list)
    assert {e["id"] for e in listed} == {e["id"] for e in before}
    funding = sago(
        "events", "--company", "acme", "--type", "funding", "--json", cwd=workdir, env=env
    )
    assert {e["event_type"] for e in json.loads(funding.stdout)} == {"funding"}


def test_email_command_drafts_from_stored_events(
    workdir: Path, first_run: dict[str, object]
) -> None:
    env = clean_env(workdir / ".sago")
    done = sago("email", "--company", "acme", "--out", "mail.md", cwd=workdir, env=env)
    assert done.returncode == 0, done.stderr
    text = (workdir / "mail.md").read_text()
    assert text.startswith("# acme investor update")
    # The default is the last full month: the generated messages are older than that.
    assert "No significant events were recorded" in text
    assert "no events in" in done.stderr
    done = sago(
        "email", "-c", "acme", "--period", "2025-07", "-o", "july.eml", cwd=workdir, env=env
    )
    assert done.returncode == 0, done.stderr
    parsed = BytesParser(policy=policy.default).parsebytes((workdir / "july.eml").read_bytes())
    assert parsed["X-Sago-Period"] == "July 2025"
    plain = parsed.get_body(preferencelist=("plain",))
    assert plain is not None
    assert "## Highlights" in plain.get_content()
    assert "## KPIs" in plain.get_content()
    bad = sago("email", "--period", "July", cwd=workdir, env=env)
    assert bad.returncode == 2
    assert "2025-03" in bad.stderr


def test_eval_on_the_generators_ground_truth(workdir: Path) -> None:
    env = clean_env(workdir / "eval-scratch")
    done = sago(
        "eval",
        "data/full_data.csv",
        "--expected",
        "data/full_data.expected.json",
        "--json",
        cwd=workdir,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["micro"]["f1"] >= 0.8, report["micro"]


def test_eval_suite_scores_labelled_sets_side_by_side(workdir: Path) -> None:
    # Our own training sets and the held-out one, in the dev set's format.
    data = Path(__file__).resolve().parents[1] / "data"
    env = clean_env(workdir / "eval-suite")
    done = sago(
        "eval",
        "--suite",
        data / "rules_train",
        "--suite",
        data / "rules_holdout",
        "--json",
        cwd=workdir,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert set(report) == {"kasvia", "kestrel", "quillon", "tablewise", "verdant"}
    for scores in report.values():
        assert scores["micro"]["f1"] >= 0.75, scores["micro"]
        assert scores["metric_accuracy"] is not None
        assert scores["polarity_accuracy"] is not None
    table = sago("eval", "--suite", data / "rules_holdout", cwd=workdir, env=env)
    assert "verdant" in table.stdout
    assert "polarity" in table.stdout


def test_bad_rows_are_reported_and_good_rows_go_through(tmp_path: Path) -> None:
    data = tmp_path / "mixed.csv"
    data.write_bytes(
        b"id,is_chat,chat_sender,email_sender,timestamp,content\n"
        b"1,True,Maya,,2025-06-02T09:00:00,We closed our $4M seed round led by Atlas Ventures.\n"
        b"2,True,Leo,,not-a-time,hello\n"
        b",True,Leo,,2025-06-02T09:05:00,no id\n"
        b"4,perhaps,Leo,,2025-06-02T09:06:00,bad flag\n"
        b"5,True,Leo,,2025-06-02T09:07:00,caf\xe9\n"
        b"6,True,Sam,,2025-06-02T09:08:00,lunch?\n"
    )
    env = clean_env(tmp_path / ".sago")
    done = sago("run", data, "--company", "acme", "--out", "out", cwd=tmp_path, env=env)
    assert done.returncode == 1
    assert f"{data}:row 3: field 'timestamp'" in done.stderr
    assert f"{data}:row 4: field 'id'" in done.stderr
    assert f"{data}:row 5: field 'is_chat'" in done.stderr
    assert f"{data}:row 6: field 'content'" in done.stderr
    assert "Traceback" not in done.stderr
    results = (tmp_path / "out" / "pipeline_results.md").read_text()
    assert "| rejected records | 4 |" in results
    assert "| messages in the store | 2 |" in results
    events = json.loads((tmp_path / "out" / "events.json").read_text())
    assert [e["event_type"] for e in events] == ["funding"]


def test_missing_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    done = sago("run", "nope.csv", cwd=tmp_path, env=clean_env(tmp_path / ".sago"))
    assert done.returncode == 2
    assert "nope.csv: no such file or folder" in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_backend_typo_fails_at_start_naming_the_setting(tmp_path: Path) -> None:
    env = clean_env(tmp_path / ".sago", SAGO_QUEUE="kafak")
    done = sago("events", cwd=tmp_path, env=env)
    assert done.returncode == 2
    assert "queue" in done.stderr
    assert "Traceback" not in done.stderr


def test_flush_needs_yes_and_then_empties_everything(tmp_path: Path) -> None:
    data = tmp_path / "one.csv"
    data.write_text(
        "id,is_chat,chat_sender,email_sender,timestamp,content\n"
        "1,True,Maya,,2025-06-02T09:00:00,We closed our $4M seed round led by Atlas Ventures.\n"
    )
    env = clean_env(tmp_path / ".sago")
    assert sago("run", data, "--out", "out", cwd=tmp_path, env=env).returncode == 0
    refused = sago("flush", cwd=tmp_path, env=env)
    assert refused.returncode == 2
    assert "--yes" in refused.stderr
    assert json.loads(sago("events", "--json", cwd=tmp_path, env=env).stdout)
    assert sago("flush", "--yes", cwd=tmp_path, env=env).returncode == 0
    assert json.loads(sago("events", "--json", cwd=tmp_path, env=env).stdout) == []


def test_demo_from_an_empty_folder(tmp_path: Path) -> None:
    env = clean_env(tmp_path / ".sago")
    done = sago("demo", cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    for name in ("pipeline_results.md", "events.json", "investor_email.md"):
        assert (tmp_path / "output" / name).stat().st_size > 0
    assert (tmp_path / "data" / "full_data.csv").exists()
    events = json.loads((tmp_path / "output" / "events.json").read_text())
    assert len({e["event_type"] for e in events}) >= 10
