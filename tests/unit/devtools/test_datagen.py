"""The synthetic data generator: format, determinism, gold files, and how rules score on it."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
import time
from pathlib import Path

import pytest

from sago.devtools.datagen import COLUMNS, generate, sidecar, write_dataset
from sago.domain.event import EventType
from sago.domain.message import Message
from sago.extractors.rules import RulesExtractor
from sago.pipeline.evaluate import evaluate, extract_all, load_expected, load_traps
from sago.sources.csv import CsvSource

TRAP_KINDS = {
    "negated", "delayed", "speculative", "conditional", "goal", "draft", "template", "joke",
    "historical", "third_party", "spam", "injection", "rumour",
}  # fmt: skip


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gen") / "full_data.csv"
    assert write_dataset(path, 1000, 42) == sidecar(path, "expected")
    return path


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_writes_csv_and_sidecars_next_to_it(dataset: Path) -> None:
    assert dataset.name == "full_data.csv"
    assert sidecar(dataset, "expected") == dataset.with_name("full_data.expected.json")
    assert sidecar(dataset, "expected").exists()
    assert sidecar(dataset, "traps").exists()


def test_rows_follow_the_seed_format(dataset: Path) -> None:
    with dataset.open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == list(COLUMNS)
    rows = _rows(dataset)
    assert [int(r["id"]) for r in rows] == list(range(1, 1001))
    stamps = [dt.datetime.fromisoformat(r["timestamp"]) for r in rows]
    assert stamps == sorted(stamps)
    for row in rows:
        assert row["is_chat"] in {"True", "False"}
        if row["is_chat"] == "True":
            assert row["chat_sender"]
            assert not row["email_sender"]
        else:
            assert "@" in row["email_sender"]
            assert not row["chat_sender"]
            assert row["content"].startswith("Subject: ")
            assert "\n\n" in row["content"]


def test_about_85_percent_chat(dataset: Path) -> None:
    rows = _rows(dataset)
    share = sum(r["is_chat"] == "True" for r in rows) / len(rows)
    assert 0.80 <= share <= 0.90


def test_the_project_reader_accepts_every_row(dataset: Path) -> None:
    records = list(CsvSource(dataset, "default").read())
    assert len(records) == 1000
    assert all(isinstance(r, Message) for r in records)


def test_expected_events_use_the_devset_format(dataset: Path) -> None:
    raw = json.loads(sidecar(dataset, "expected").read_text(encoding="utf-8"))
    rows = {r["id"]: r for r in _rows(dataset)}
    assert raw
    for item in raw:
        assert set(item) == {
            "event_type",
            "title",
            "source_ids",
            "key_metrics",
            "severity",
            "date",
            "polarity",
        }
        assert item["polarity"] in {"positive", "negative"}
        assert EventType(item["event_type"])
        assert item["severity"] in {"high", "medium", "low"}
        assert 5 <= len(item["title"]) <= 200
        assert all(isinstance(i, int) for i in item["source_ids"])
        assert item["source_ids"] == sorted(set(item["source_ids"]))
        first = rows[str(item["source_ids"][0])]
        assert item["date"] == first["timestamp"][:10]
        assert all(isinstance(v, int | float) for v in item["key_metrics"].values())
    assert len(load_expected(sidecar(dataset, "expected"))) == len(raw)


def test_traps_use_the_devset_format(dataset: Path) -> None:
    traps = load_traps(sidecar(dataset, "traps"))
    ids = {r["id"] for r in _rows(dataset)}
    assert traps
    assert {t.kind for t in traps} <= TRAP_KINDS
    assert len({t.kind for t in traps}) >= 10
    assert all(t.id in ids for t in traps)


def test_many_event_types_at_1000_rows() -> None:
    for seed in (1, 2, 3, 42):
        dataset = generate(1000, seed)
        for _ in dataset:
            pass
        assert len({e.event_type for e in dataset.events}) >= 12


def test_event_density_scales_with_rows() -> None:
    counts = []
    for rows in (1000, 4000):
        dataset = generate(rows, 5)
        for _ in dataset:
            pass
        counts.append(len(dataset.events))
    assert 1000 / 45 <= counts[0] <= 1000 / 20
    assert 3.0 <= counts[1] / counts[0] <= 5.0


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    first, second, other = (tmp_path / name / "d.csv" for name in "abc")
    write_dataset(first, 300, 7)
    write_dataset(second, 300, 7)
    write_dataset(other, 300, 8)
    for kind in ("expected", "traps"):
        assert sidecar(first, kind).read_bytes() == sidecar(second, kind).read_bytes()
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() != other.read_bytes()


def test_generation_streams() -> None:
    started = time.perf_counter()
    head = list(itertools.islice(generate(1_000_000, 3), 50))
    assert [row.id for row in head] == list(range(1, 51))
    assert time.perf_counter() - started < 1.0


def test_zero_rows_is_an_empty_dataset(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    write_dataset(path, 0, 1)
    assert _rows(path) == []
    assert json.loads(sidecar(path, "expected").read_text()) == []


def test_negative_rows_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        generate(-1, 1)


def test_rules_extractor_scores_well_on_the_generated_ground_truth(dataset: Path) -> None:
    messages = [m for m in CsvSource(dataset, "default").read() if isinstance(m, Message)]
    events = extract_all(messages, RulesExtractor(), batch_size=200)
    report = evaluate(
        events, load_expected(sidecar(dataset, "expected")), load_traps(sidecar(dataset, "traps"))
    )
    assert report.micro.f1 >= 0.95
    assert report.micro.precision >= 0.95
    assert report.traps_violated <= 1
    assert len(report.missed) <= 2
