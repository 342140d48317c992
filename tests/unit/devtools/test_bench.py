"""`sago bench` runs on small inputs and reports sane figures. No timing is asserted: it is a
benchmark, and these machines are shared."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sago.config import Settings
from sago.devtools.bench.model import BenchReport
from sago.devtools.bench.runner import BenchError, BenchOptions, plan, run_bench
from sago.devtools.llm_stub import LLMStub, no_events_responder

ROWS = 300

# No SAGO_* from the shell, no config.yaml or .env (the conftest fixture).
pytestmark = pytest.mark.usefixtures("clean_settings")


def test_plan_uses_scratch_folders_and_fresh_kafka_names(tmp_path: Path) -> None:
    settings = Settings()
    options = BenchOptions(rows=10, kafka=True, llm_stub=True, batch_size=50)
    specs = plan(options, settings, tmp_path / "in.csv", tmp_path / "scratch")
    names = [s.name for s in specs]
    assert names == [
        "reference",
        "read",
        "embedded",
        "rules",
        "extractor",
        "llm-stub",
        "kafka-raw",
        "kafka",
    ]
    assert all(s.data_dir.parent == tmp_path / "scratch" for s in specs)
    assert all(s.overrides["batch_size"] == 50 for s in specs)
    kafka = specs[-1].overrides
    assert kafka["kafka_topic_slack"] != settings.kafka_topic_slack
    assert kafka["kafka_group"] != settings.kafka_group
    raw = specs[-2]
    assert set(raw.raw_topics.values()).isdisjoint(
        {kafka["kafka_topic_slack"], kafka["kafka_topic_gmail"]}
    )
    again = plan(options, settings, tmp_path / "in.csv", tmp_path / "scratch")
    assert again[-1].overrides["kafka_group"] != kafka["kafka_group"]


def test_live_llm_needs_a_configured_model(tmp_path: Path) -> None:
    with pytest.raises(BenchError, match="SAGO_LLM"):
        plan(BenchOptions(llm_live=True), Settings(), tmp_path / "in.csv", tmp_path)


def test_in_process_run_counts_every_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAGO_DATA_DIR", str(tmp_path / "users-stores"))
    report = run_bench(
        BenchOptions(rows=ROWS, seed=3, batch_size=50, llm_stub=True, isolate=False), Settings()
    )
    names = ["reference", "read", "embedded", "rules", "extractor", "llm-stub"]
    assert [p.name for p in report.phases] == names
    for phase in report.phases:
        assert phase.messages == ROWS, phase.name
        assert phase.seconds > 0
        assert phase.messages_per_second > 0
        assert phase.peak_rss_mib >= phase.baseline_rss_mib > 0
        assert not phase.isolated
    embedded, rules, extractor, stub = report.phases[2:]
    # The extractor alone finds what the rules run finds (its store merges the same ids).
    assert extractor.events >= rules.events > 0
    assert extractor.counts["batches"] >= ROWS // 50
    for phase in (embedded, rules, stub):
        assert phase.counts["consumed"] == phase.counts["stored_new"] == ROWS
        assert phase.counts["backlog"] == 0
        assert {"ingest", "store", "extract", "ack", "email"} <= set(phase.stage_seconds)
        # The streamed reader's share is measured, and is part of the phase's time.
        assert 0 < phase.reader_seconds < phase.seconds
        assert phase.pipeline_messages_per_second > phase.messages_per_second
    # Every ratio this run could measure, against the reference of the same run.
    reference = report.phases[0]
    assert [r.name for r in report.ratios] == ["whole", "ingest", "run-no-extractor"]
    whole = report.ratio("whole")
    assert whole is not None
    assert whole.value == pytest.approx(rules.messages_per_second / reference.messages_per_second)
    assert whole.goal == 0.25
    ingest = report.ratio("ingest")
    assert ingest is not None
    assert ingest.sago_per_second == embedded.pipeline_messages_per_second
    other = report.non_extractor_us_per_message
    assert other == pytest.approx(embedded.seconds / ROWS * 1e6)
    budget = report.extractor_budget_us_per_message
    assert budget == pytest.approx(4e6 / reference.messages_per_second - other)
    assert embedded.events == 0  # the no-op extractor
    assert rules.events > 0
    assert rules.llm_calls == rules.tokens_per_1k == 0
    # One call per batch of 50 (per company and source, so partial batches add a few).
    assert stub.llm_calls >= ROWS // 50
    assert stub.input_tokens > 0
    assert stub.llm_calls_per_1k == pytest.approx(stub.llm_calls * 1000 / ROWS)
    assert report.kafka_ratio is None
    assert report.peak_rss_mib == max(p.peak_rss_mib for p in report.phases)
    assert BenchReport.model_validate_json(report.model_dump_json()) == report
    assert not (tmp_path / "users-stores").exists()  # only the scratch folder was written


def test_llm_rows_limits_the_llm_phase(tmp_path: Path) -> None:
    report = run_bench(
        BenchOptions(rows=ROWS, batch_size=50, llm_stub=True, llm_rows=120, isolate=False),
        Settings(),
    )
    stub = report.phase("llm-stub")
    assert stub is not None
    assert stub.messages == 120


def test_stub_counts_requests_and_tokens() -> None:
    import urllib.request

    with LLMStub.running(no_events_responder, record=False) as stub:
        request = urllib.request.Request(
            f"{stub.openai_url}/chat/completions",
            data=json.dumps(
                {"model": "m", "messages": [{"role": "user", "content": "x" * 400}]}
            ).encode(),
            headers={"content-type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            body = json.loads(answer.read())
    assert stub.calls == 1
    assert stub.requests == []  # counted, not kept
    assert body["usage"]["prompt_tokens"] == stub.prompt_tokens > 100
    assert json.loads(body["choices"][0]["message"]["content"]) == {"events": []}


def test_cli_json_with_a_process_per_phase(tmp_path: Path) -> None:
    sago = Path(sys.executable).with_name("sago")
    done = subprocess.run(
        [str(sago), "bench", "--rows", str(ROWS), "--batch-size", "50", "--no-kafka", "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["rows"] == ROWS
    assert report["batch_size"] == 50
    assert report["kafka_ratio"] is None
    assert report["kafka_cpu_ratio"] is None
    assert [p["name"] for p in report["phases"]] == [
        "reference",
        "read",
        "embedded",
        "rules",
        "extractor",
    ]
    for phase in report["phases"]:
        assert phase["isolated"] is True
        assert phase["messages"] == ROWS
        assert phase["messages_per_second"] > 0
        assert phase["peak_rss_mib"] > 0
    assert report["phases"][3]["llm_calls_per_1k"] == 0
    assert [r["name"] for r in report["ratios"]] == ["whole", "ingest", "run-no-extractor"]
    assert not (tmp_path / ".sago").exists()  # the default data dir (cwd) was not touched


def test_cli_table_names_the_phases(tmp_path: Path) -> None:
    sago = Path(sys.executable).with_name("sago")
    done = subprocess.run(
        [str(sago), "bench", "--rows", "50", "--no-kafka", "--in-process"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200"},
    )
    assert done.returncode == 0, done.stderr
    for word in ("reference", "read", "embedded", "rules", "msg/s", "peak RSS", "ratio", "≥ 0.5"):
        assert word in done.stdout
