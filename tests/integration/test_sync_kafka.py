"""On the scale path a sync publishes to the Kafka topics (the workers do the rest) and
saves its place only after the producer flushed."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

import pytest

from sago import bootstrap
from sago.config import Settings
from sago.domain.message import Source
from sago.sources.slack_api import SlackSync, slack_client
from sago.syncstate.sqlite import SqliteSyncState
from support.fake_slack import TOKEN, Channel, FakeSlack, serve

kafka = pytest.importorskip("sago.queue.kafka")
pytestmark = pytest.mark.kafka


def test_a_slack_sync_publishes_to_the_slack_topic(
    kafka_bootstrap: str, unique_name: str, tmp_path: Path
) -> None:
    fake = FakeSlack(users=[{"id": "U1", "real_name": "Maya"}], channels=[Channel("C1", "general")])
    for n in range(3):
        fake.post("C1", f"170928000{n}.000100", f"We signed customer {n}")
    settings = Settings(
        data_dir=tmp_path,
        company_id="acme",
        queue="kafka",
        kafka_bootstrap=kafka_bootstrap,
        kafka_group=unique_name,
        kafka_topic_slack=f"{unique_name}-slack",
        kafka_topic_gmail=f"{unique_name}-gmail",
    )
    state = SqliteSyncState(settings.messages_db)
    parts = bootstrap.build(settings, consume=False)
    try:
        with serve(fake) as url:
            sync = SlackSync(slack_client(TOKEN, url), "acme", state, lookback=timedelta(0))
            summary = bootstrap.build_pipeline(settings, parts).produce(
                [("slack API", sync.read())]
            )
            sync.commit()
        assert summary.published == 3
        assert state.keys("acme", "slack") == ["C1"]
    finally:
        parts.close()
        state.close()
    reader = kafka.KafkaQueue(
        kafka_bootstrap,
        group=unique_name,
        topics={Source.SLACK: f"{unique_name}-slack", Source.GMAIL: f"{unique_name}-gmail"},
    )
    try:
        got: list[str] = []
        deadline = time.monotonic() + 30
        while len(got) < 3 and time.monotonic() < deadline:
            got += [d.message.id for d in reader.poll(100, 0.5) if d.message is not None]
        assert sorted(got) == [f"general/170928000{n}.000100" for n in range(3)]
    finally:
        reader.close()
