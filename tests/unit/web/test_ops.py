"""/healthz and /metrics over the configured stores."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from sago import bootstrap
from sago.config import Settings
from sago.domain.batch import DeadLetter
from sago.domain.run import RunSummary, Usage
from sago.email.template import TemplateComposer
from sago.emailstore.sqlite import SqliteEmailStore
from sago.eventstore.sqlite import SqliteEventStore
from sago.rawstore.sqlite import SqliteRawStore
from sago.runlog.sqlite import SqliteRunLog
from sago.web import ops
from sago.web.app import create_app
from sago.web.deps import WebStores
from support.factories import shared_redactor
from support.web import LOCAL, dashboard, seed, settings_for


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    settings = settings_for(tmp_path)
    seed(settings)
    runs = SqliteRunLog(settings.events_db)
    raw = SqliteRawStore(settings.messages_db)
    try:
        for seconds in (1.5, 2.5):
            runs.save(
                RunSummary(
                    company_id="acme",
                    records_read=10,
                    rejected=1,
                    batches=2,
                    batch_failures=1,
                    usage=Usage(requests=3, input_tokens=1000, output_tokens=200),
                    stage_seconds={"ingest": seconds, "extract": 2 * seconds},
                )
            )
        raw.add_dead_letter(DeadLetter(company_id="acme", kind="record", reason="bad row"))
        raw.add_dead_letter(DeadLetter(company_id="acme", kind="batch", reason="failed 8 times"))
    finally:
        runs.close()
        raw.close()
    return settings


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with dashboard(settings) as client:
        yield client


def test_healthz_reports_each_backend(client: TestClient) -> None:
    answer = client.get("/healthz")
    assert answer.status_code == 200
    body = answer.json()
    assert body["ok"] is True
    assert set(body["backends"]) == {"rawstore", "eventstore", "queue", "batcher"}
    assert body["backends"]["rawstore"] == {"backend": "sqlite", "ok": True, "detail": "4 messages"}
    assert body["backends"]["queue"]["backend"] == "embedded"


class BrokenRunLog(SqliteRunLog):
    def recent(self, company_id: str | None = None, limit: int = 100) -> list[RunSummary]:
        raise RuntimeError("database disk image is malformed")


def test_healthz_is_503_when_a_store_fails(settings: Settings) -> None:
    stores = WebStores(
        SqliteRawStore(settings.messages_db),
        SqliteEventStore(settings.events_db),
        SqliteEmailStore(settings.events_db),
        BrokenRunLog(settings.events_db),
        TemplateComposer(),
        shared_redactor(),
    )
    try:
        with TestClient(create_app(settings, backends=stores), base_url=LOCAL) as client:
            answer = client.get("/healthz")
            metrics = client.get("/metrics")
    finally:
        stores.close()
    assert answer.status_code == 503
    body = answer.json()
    assert body["ok"] is False
    assert body["backends"]["rawstore"]["ok"] is True
    assert body["backends"]["eventstore"] == {
        "backend": "sqlite",
        "ok": False,
        "detail": "RuntimeError: database disk image is malformed",
    }
    # /metrics still answers, and says which store failed.
    up = {s.labels["store"]: s.value for s in _family(metrics.text, "sago_store_up").samples}
    assert up == {"rawstore": 1.0, "eventstore": 0.0}


class _Unreachable:
    def backlog(self) -> int:
        raise ConnectionError("cannot reach Apache Kafka (127.0.0.1:1); check SAGO_KAFKA_BOOTSTRAP")

    def close(self) -> None:
        pass


def test_networked_queue_is_probed_afresh(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bootstrap, "build_queue", lambda *_a, **_k: _Unreachable())
    kafka = settings.model_copy(update={"queue": "kafka"})
    with dashboard(kafka) as client:
        answer = client.get("/healthz")
    assert answer.status_code == 503
    queue = answer.json()["backends"]["queue"]
    assert queue["backend"] == "kafka"
    assert "SAGO_KAFKA_BOOTSTRAP" in queue["detail"]


def test_a_hung_probe_fails_after_the_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ops, "PROBE_TIMEOUT", 0.2)
    started = time.monotonic()
    results = ops.run_probes(
        {"slow": ("redis", lambda: time.sleep(1) or "late"), "fine": ("x", lambda: "ok")}
    )
    assert time.monotonic() - started < 0.9
    assert results["slow"].ok is False
    assert "no answer" in results["slow"].detail
    assert results["fine"].ok is True


def _family(text: str, name: str) -> Any:
    for family in text_string_to_metric_families(text):
        if family.name == name:
            return family
    raise AssertionError(f"{name} not exported")


def _value(text: str, sample_name: str, **labels: str) -> float:
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == sample_name and sample.labels == labels:
                return float(sample.value)
    raise AssertionError(f"{sample_name}{labels} not exported")


def test_metrics_in_prometheus_text_format(client: TestClient) -> None:
    answer = client.get("/metrics")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain")
    text = answer.text
    assert _value(text, "sago_messages", status="stored") == 4
    assert _value(text, "sago_dead_letters", kind="record") == 1
    assert _value(text, "sago_dead_letters", kind="batch") == 1
    assert _value(text, "sago_events", event_type="revenue_milestone") == 2
    assert _value(text, "sago_events", event_type="hiring") == 0
    assert _value(text, "sago_runs_total") == 2
    assert _value(text, "sago_records_read_total") == 20
    assert _value(text, "sago_records_rejected_total") == 2
    assert _value(text, "sago_batches_total") == 4
    assert _value(text, "sago_llm_requests_total") == 6
    assert _value(text, "sago_llm_tokens_total", direction="input") == 2000
    assert _value(text, "sago_llm_tokens_total", direction="output") == 400
    assert _value(text, "sago_stage_seconds_count", stage="ingest") == 2
    assert _value(text, "sago_stage_seconds_sum", stage="ingest") == 4.0
    assert _value(text, "sago_stage_seconds_sum", stage="extract") == 8.0
    assert _family(text, "sago_stage_seconds").type == "summary"


def test_metrics_stay_out_of_the_global_registry(client: TestClient) -> None:
    from prometheus_client import REGISTRY, generate_latest

    client.get("/metrics")
    assert b"sago_" not in generate_latest(REGISTRY)
