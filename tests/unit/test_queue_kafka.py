"""The Kafka adapter without a broker: a dead address fails fast and says what to fix."""

from __future__ import annotations

import socket
import time

import pytest

from sago.errors import ServiceUnavailableError

kafka = pytest.importorskip("sago.queue.kafka")


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_unreachable_broker_fails_within_seconds_naming_the_setting() -> None:
    started = time.monotonic()
    with pytest.raises(ServiceUnavailableError, match="SAGO_KAFKA_BOOTSTRAP") as caught:
        kafka.KafkaQueue(f"127.0.0.1:{closed_port()}", connect_timeout=2.0)
    assert time.monotonic() - started < 6
    assert "cannot reach Kafka" in str(caught.value)
