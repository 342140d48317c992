"""`sago bench` against a real broker: both Kafka phases run, count every message, report
the ratio, and leave no topic behind. No timing is asserted."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from sago.config import Settings
from sago.devtools.bench.runner import BenchOptions, run_bench

pytestmark = pytest.mark.kafka

ROWS = 400


@pytest.fixture(autouse=True)
def _clean_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith("SAGO_") and name != "SAGO_KAFKA_BOOTSTRAP":
            monkeypatch.delenv(name)
    monkeypatch.setenv("SAGO_CONFIG", str(tmp_path / "absent.yaml"))
    monkeypatch.chdir(tmp_path)


def _bench_topics(bootstrap: str) -> set[str]:
    from confluent_kafka.admin import AdminClient

    metadata = AdminClient({"bootstrap.servers": bootstrap}).list_topics(timeout=10)
    return {t for t in metadata.topics if t.startswith("sago-bench-")}


def test_kafka_phases_and_ratio(kafka_bootstrap: str) -> None:
    before = _bench_topics(kafka_bootstrap)
    settings = Settings(kafka_bootstrap=kafka_bootstrap)
    report = run_bench(BenchOptions(rows=ROWS, batch_size=100, kafka=True), settings)
    raw, sago = report.phase("kafka-raw"), report.phase("kafka")
    assert raw is not None
    assert sago is not None
    assert raw.messages == raw.counts["produced"] == ROWS
    assert sago.messages == sago.counts["consumed"] == sago.counts["stored_new"] == ROWS
    assert sago.counts["backlog"] == 0
    assert sago.isolated
    assert raw.isolated
    for phase in (raw, sago):
        assert phase.extra_seconds["group_join"] >= 0
        assert phase.peak_rss_mib > 0
    assert report.kafka_ratio is not None
    assert report.kafka_ratio > 0
    assert report.kafka_cpu_ratio is not None
    assert report.kafka_cpu_ratio > 0
    assert _bench_topics(kafka_bootstrap) <= before  # its fresh topics were deleted


def test_baseline_uses_the_queues_producer_settings(kafka_bootstrap: str) -> None:
    """The ratio compares like with like only while these stay the same."""
    from confluent_kafka.admin import AdminClient

    from sago.domain.message import Source
    from sago.queue.kafka import PRODUCER_SETTINGS as PRODUCER
    from sago.queue.kafka import KafkaQueue

    name = f"sago-bench-check-{uuid.uuid4().hex[:8]}"
    topics = {Source.SLACK: f"{name}-slack", Source.GMAIL: f"{name}-gmail"}
    queue = KafkaQueue(kafka_bootstrap, topics=topics, consume=False, partitions=1)
    try:
        assert {k: queue.producer_config[k] for k in PRODUCER} == PRODUCER
    finally:
        queue.close()
        made = [*topics.values(), *(KafkaQueue.dlq(t) for t in topics.values())]
        admin = AdminClient({"bootstrap.servers": kafka_bootstrap})
        for future in admin.delete_topics(made).values():
            future.result(timeout=20)
