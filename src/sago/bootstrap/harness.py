"""What the dev harness (`sago.devtools`: bench, chaos) needs from the wiring.

The harness measures and breaks the pipeline from outside, so it reaches a few things no
pipeline run asks for: the embedded stores of a given data dir, a CSV reader without
format detection, the Kafka client settings `KafkaQueue` uses (for the bench's bare
confluent-kafka reference), and dropping a scratch Cassandra keyspace. They are built here
so that `bootstrap` stays the only place that picks concrete adapters; adapters are
imported lazily, as in `sago.bootstrap`, so the embedded path needs no optional driver.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sago.config import Settings
from sago.sources.base import MessageSource

__all__ = [
    "build_csv_source",
    "drop_cassandra_keyspace",
    "embedded_settings",
    "kafka_client_config",
    "kafka_consumer_config",
    "kafka_producer_config",
]


def embedded_settings(data_dir: Path, company_id: str) -> Settings:
    """Settings for the embedded backends in `data_dir`, whatever the environment names:
    the files a `sago run` with SAGO_DATA_DIR=`data_dir` writes, opened from outside."""
    return Settings(
        data_dir=data_dir,
        company_id=company_id,
        queue="embedded",
        rawstore="sqlite",
        batcher="memory",
        eventstore="sqlite",
    )


def build_csv_source(settings: Settings, path: Path) -> MessageSource:
    """The CSV reader on `path`, with no detection: the bench always feeds it a CSV."""
    from sago.sources.csv import CsvSource

    return CsvSource(path, settings.company_id, max_chars=settings.max_message_chars)


def kafka_client_config(settings: Settings, logger: logging.Logger) -> dict[str, Any]:
    """What every confluent-kafka client needs: the broker, and a logger, since librdkafka
    prints to stderr otherwise and its chatter is not a result."""
    return {"bootstrap.servers": settings.kafka_bootstrap, "logger": logger}


def kafka_producer_config(settings: Settings, logger: logging.Logger) -> dict[str, Any]:
    """A producer configured as `KafkaQueue`'s is (idempotent, acks=all, lz4, linger)."""
    from sago.queue.kafka import PRODUCER_SETTINGS

    return {**kafka_client_config(settings, logger), **PRODUCER_SETTINGS}


def kafka_consumer_config(settings: Settings, group: str, logger: logging.Logger) -> dict[str, Any]:
    """A group consumer configured as `KafkaQueue`'s is (round robin, manual commits)."""
    from sago.queue.kafka import consumer_settings

    return {
        **kafka_client_config(settings, logger),
        **consumer_settings(group, settings.kafka_session_timeout_ms),
    }


def drop_cassandra_keyspace(hosts: str, keyspace: str) -> None:
    """Drop a scratch keyspace (a chaos run's). ONE is enough: nothing reads it afterwards."""
    from sago.rawstore.cassandra_session import make_cluster

    cluster = make_cluster(
        hosts, datacenter=None, consistency="ONE", connect_timeout=5, request_timeout=60
    )
    try:
        cluster.connect().execute(f"DROP KEYSPACE IF EXISTS {keyspace}")
    finally:
        cluster.shutdown()
