"""A real model reads Sago's prompts: SmolLM2-135M on llama.cpp (`SAGO_LLM=local:smollm2`).

These assert only what any real model must satisfy, not what it finds: the request and
the answer round-trip, the answer fits the per-request schema (or its re-ask is handled),
every stored event is grounded with offsets that slice its quote out of its message, the
replay cache answers a re-run, and the token budget stops a run before a request is sent.
Temperature 0 and a fixed seed make it repeatable. One `sago run` makes the only model
call (the email is the template's), so the marker costs about one request and three
model loads (about a second each).

Needs `sago[local]` and `sago models fetch smollm2` (make test does both); without them the
tests skip, and under SAGO_REQUIRE_SERVICES=1 (CI) they fail.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from sago.domain.message import DEFAULT_COMPANY_ID
from sago.rawstore.sqlite import SqliteRawStore
from support.cli import clean_env, sago

pytestmark = pytest.mark.llm_real

MODEL = "local:smollm2"
INPUT = """id,is_chat,chat_sender,email_sender,timestamp,content
1,True,Maya,,2025-06-02T09:00:00,We closed our $2M seed round led by Acorn Ventures today.
2,True,Leo,,2025-06-02T09:05:00,Lunch is at noon.
3,True,Maya,,2025-06-03T10:00:00,Bluefin Sushi signed a 12-month contract worth $48k.
"""
# A small answer keeps the marker cheap; what is asserted holds for any length.
SMALL = {"SAGO_LLM_MAX_OUTPUT_TOKENS": "256", "SAGO_EMAIL_COMPOSER": "template"}


def _model_or_skip() -> None:
    problem = None
    try:
        import xllamacpp  # noqa: F401
    except ImportError:
        problem = "xllamacpp is not installed: pip install 'sago[local]'"
    if problem is None:
        from sago.llm.catalogue import catalogue, is_cached

        if not is_cached(catalogue()["smollm2"]):
            problem = "SmolLM2 weights are not cached: run `sago models fetch smollm2`"
    if problem is None:
        return
    if os.environ.get("SAGO_REQUIRE_SERVICES", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"SAGO_REQUIRE_SERVICES=1 but {problem}", pytrace=False)
    pytest.skip(problem)


def _events(out: Path) -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = json.loads((out / "events.json").read_text("utf-8"))
    return loaded


def _text(message_id: str) -> str:
    return INPUT.splitlines()[int(message_id)].split(",", 5)[5]


def test_sago_run_on_a_real_model(tmp_path: Path) -> None:
    """Budget stop → full run → flush → replayed run: the whole LLM path, one model call."""
    _model_or_skip()
    data = tmp_path / "in.csv"
    data.write_text(INPUT, encoding="utf-8")
    env = clean_env(tmp_path / "state", SAGO_LLM=MODEL, **SMALL)

    # A budget too small for the first request: one line, exit 2, nothing dead-lettered.
    stopped = sago(
        "run",
        data,
        "--out",
        tmp_path / "none",
        cwd=tmp_path,
        env={**env, "SAGO_LLM_TOKEN_BUDGET": "50"},
    )
    assert stopped.returncode == 2, stopped.stdout + stopped.stderr
    errors = [line for line in stopped.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert "SAGO_LLM_TOKEN_BUDGET" in errors[0]
    raw = SqliteRawStore(tmp_path / "state" / "messages.sqlite3")
    try:
        assert raw.dead_letters(DEFAULT_COMPANY_ID) == []
    finally:
        raw.close()

    # The next run, without the budget, extracts everything: the real round trip.
    first = sago("run", data, "--out", tmp_path / "one", cwd=tmp_path, env=env)
    assert first.returncode == 0, first.stdout + first.stderr
    report = (tmp_path / "one" / "pipeline_results.md").read_text("utf-8")
    # The answer parsed against the request's schema (a re-ask included): no batch failed.
    assert "| batches extracted (failures, dead-lettered) | 1 (0, 0) |" in report
    usage = report.split("| LLM requests / input tokens / output tokens | ")[1]
    assert int(usage.split()[0]) >= 1
    events = _events(tmp_path / "one")
    for event in events:  # whatever the model found is grounded, with offsets
        assert set(event["source_message_ids"]) <= {"1", "2", "3"}
        assert event["evidence"]
        for evidence in event["evidence"]:
            start, end = evidence["start"], evidence["end"]
            assert _text(evidence["message_id"])[start:end] == evidence["quote"]

    # After a flush the replay cache answers: no model call, the same events.
    assert sago("flush", "--yes", cwd=tmp_path, env=env).returncode == 0
    again = sago("run", data, "--out", tmp_path / "two", cwd=tmp_path, env=env)
    assert again.returncode == 0, again.stdout + again.stderr
    replayed = (tmp_path / "two" / "pipeline_results.md").read_text("utf-8")
    assert "| LLM requests / input tokens / output tokens | 0 / 0 / 0 |" in replayed
    keep = ("id", "event_type", "source_message_ids", "evidence", "metrics", "polarity", "stage")
    assert [{k: e[k] for k in keep} for e in _events(tmp_path / "two")] == [
        {k: e[k] for k in keep} for e in events
    ]
