"""The held-out sets in tests/data/ keep their format and stay in step with their build.py.

A wrong id, date or trap in a gold file silently skews every later measurement, so the
rules of the dev-set format (and of the redaction set) are checked here, and each set's
committed files must be exactly what its build.py writes.
"""

from __future__ import annotations

import json
import runpy
import shutil
from pathlib import Path
from typing import Any

import pytest

from support.labelled_sets import (
    EVENT_TYPES,
    FRESH_CONSUMER,
    FRESH_HEALTH,
    FRESH_LOGISTICS,
    FRESH_MARITIME,
    REDACTION,
    TRAP_KINDS,
    check_set,
)
from support.redaction_set import MESSAGES_FILE, TERMS_FILE, check_redaction_set

EXTRACTION_SETS = [FRESH_LOGISTICS, FRESH_CONSUMER, FRESH_HEALTH, FRESH_MARITIME]
SET_FILES = ["messages.csv", "expected_events.json", "traps.json"]


def _build_namespace(folder: Path) -> dict[str, Any]:
    return runpy.run_path(str(folder / "build.py"), run_name="labelled_set_build")


@pytest.mark.parametrize("folder", EXTRACTION_SETS, ids=lambda p: p.name)
def test_extraction_set_follows_the_dev_set_format(folder: Path) -> None:
    assert check_set(folder) == []


@pytest.mark.parametrize("folder", EXTRACTION_SETS, ids=lambda p: p.name)
def test_extraction_set_is_what_its_build_writes(folder: Path, tmp_path: Path) -> None:
    problems = _build_namespace(folder)["S"].write(tmp_path)
    assert problems == []
    for name in SET_FILES:
        assert (tmp_path / name).read_bytes() == (folder / name).read_bytes(), name


def test_the_large_set_covers_every_type_kind_and_bad_news() -> None:
    events = json.loads((FRESH_LOGISTICS / "expected_events.json").read_text(encoding="utf-8"))
    traps = json.loads((FRESH_LOGISTICS / "traps.json").read_text(encoding="utf-8"))
    assert {e["event_type"] for e in events} == set(EVENT_TYPES)
    assert {t["kind"] for t in traps} == set(TRAP_KINDS)
    assert sum(e["polarity"] == "negative" for e in events) >= 8


def test_a_moved_gold_date_is_reported(tmp_path: Path) -> None:
    for name in SET_FILES:
        shutil.copy(FRESH_CONSUMER / name, tmp_path / name)
    events = json.loads((tmp_path / "expected_events.json").read_text(encoding="utf-8"))
    events[0]["date"] = "1999-01-01"
    events[1]["source_ids"].append(10_000)
    (tmp_path / "expected_events.json").write_text(json.dumps(events), encoding="utf-8")
    problems = check_set(tmp_path)
    assert any("date 1999-01-01" in p for p in problems)
    assert any("unknown" in p for p in problems)


def test_redaction_set_is_consistent_and_what_its_build_writes(tmp_path: Path) -> None:
    assert check_redaction_set(REDACTION) == []
    namespace = runpy.run_path(str(REDACTION / "build.py"), run_name="redaction_build")
    assert namespace["write_set"](tmp_path, namespace["ITEMS"], namespace["TERMS"]) == []
    for name in (MESSAGES_FILE, TERMS_FILE):
        assert (tmp_path / name).read_bytes() == (REDACTION / name).read_bytes(), name


def test_an_unlabelled_confidential_term_is_reported(tmp_path: Path) -> None:
    data = json.loads((REDACTION / MESSAGES_FILE).read_text(encoding="utf-8"))
    clean = next(m for m in data["messages"] if not m["withhold"])
    clean["text"] += " (for Nordwerk)"
    (tmp_path / MESSAGES_FILE).write_text(json.dumps(data), encoding="utf-8")
    shutil.copy(REDACTION / TERMS_FILE, tmp_path / TERMS_FILE)
    problems = check_redaction_set(tmp_path)
    assert any("'Nordwerk' is not withheld" in p for p in problems)
