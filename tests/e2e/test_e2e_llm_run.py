"""`sago run` as a user runs it, with SAGO_LLM=gemini:… pointed at the local Gemini stub.

Two variables (SAGO_LLM and GOOGLE_API_KEY, plus the base URL for the stub) switch both the
extraction and the investor email to the model; the report shows its usage.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sago.devtools.llm_stub import LLMStub

ROWS = 45
BATCH = 10
CHATTER = [
    "Standup moved to 10:15 tomorrow.",
    "Can someone review PR 482 before lunch?",
    "The staging deploy is green again.",
    "Coffee machine on floor 3 is fixed.",
]
FACTS = {
    3: "We closed our Series A of $12M led by Atlas Ventures.",
    12: "MRR hit $120k this month.",
    27: "We might raise a Series B next year?",
    33: "Reminder for the deck: we closed our Series A of $12M last week.",
    40: "We signed the enterprise contract with Globex for 3 years.",
}


def write_csv(path: Path) -> None:
    lines = ["id,is_chat,chat_sender,email_sender,timestamp,content"]
    for n in range(1, ROWS + 1):
        text = FACTS.get(n, CHATTER[n % len(CHATTER)]).replace('"', '""')
        lines.append(f'{n},True,Maya,,2025-06-02T09:{n:02d}:00,"{text}"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def sago() -> list[str]:
    found = shutil.which("sago", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "sago.cli"]


@pytest.fixture
def stub() -> Iterator[LLMStub]:
    with LLMStub.running() as running:
        yield running


def test_sago_run_with_gemini_end_to_end(tmp_path: Path, stub: LLMStub) -> None:
    data = tmp_path / "messages.csv"
    write_csv(data)
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SAGO_") and k not in {"GOOGLE_API_KEY", "GEMINI_API_KEY"}
    }
    env |= {
        "SAGO_LLM": "gemini:gemini-2.5-flash",
        "SAGO_LLM_BASE_URL": stub.url,
        "GOOGLE_API_KEY": "test-key-not-real",
        "SAGO_DATA_DIR": str(tmp_path / "state"),
        "SAGO_CONFIG": str(tmp_path / "absent.yaml"),
        "SAGO_LLM_RETRY_INITIAL_DELAY": "0.01",
    }
    out = tmp_path / "out"
    done = subprocess.run(
        [
            *sago(),
            "run",
            str(data),
            "--company",
            "acme",
            "--batch-size",
            str(BATCH),
            "--out",
            str(out),
        ],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr

    extraction = [r for r in stub.requests if r.is_extraction]
    emails = [r for r in stub.requests if "BEGIN-FACTS" in r.prompt]
    assert len(extraction) == math.ceil(ROWS / BATCH)  # one call per batch, nothing split
    assert len(emails) == 1
    assert all(r.wire == "gemini" and r.model == "gemini-2.5-flash" for r in stub.requests)

    events = json.loads((out / "events.json").read_text(encoding="utf-8"))
    assert {e["extractor"] for e in events} == {"gemini:gemini-2.5-flash"}
    types = {e["event_type"] for e in events}
    assert {"funding", "revenue_milestone", "enterprise_deal"} <= types
    # The Series A is stated in two batches: one event citing both messages.
    [series_a] = [e for e in events if e["event_type"] == "funding"]
    assert len(series_a["source_message_ids"]) == 2
    # "might raise a Series B" is speculation and never became an event.
    assert not any("Series B" in e["title"] for e in events)

    email = (out / "investor_email.md").read_text(encoding="utf-8")
    # The model's prose (the stub restates titles), not the template's summary sentence.
    assert "The headlines for" not in email
    assert "## Highlights" in email
    report = (out / "pipeline_results.md").read_text(encoding="utf-8")
    # The run's usage counts every model call: the batches and the email.
    assert len(stub.requests) == len(extraction) + 1
    assert f"| LLM requests / input tokens / output tokens | {len(stub.requests)} / " in report
