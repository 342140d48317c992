"""The Kafka adapter without a broker: a dead address fails fast and says what to fix."""

from __future__ import annotations

import socket
import time

import pytest

from sago.domain.message import Message, Source
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


def decode(value: bytes | None, headers: object = None, **limits: int) -> object:
    from sago.domain.message import Source
    from sago.queue import kafka_codec

    options = {"max_record_bytes": 10_000, "max_text_chars": 1_000, **limits}
    return kafka_codec.decode(value, headers, source=Source.SLACK, **options)  # type: ignore[arg-type]


def test_a_message_round_trips_through_the_wire_format() -> None:
    from sago.queue import kafka_codec
    from support.factories import message

    sent = message(1, company="globex")
    key, value, headers = kafka_codec.encode(sent)
    assert key == b"globex"
    assert kafka_codec.header(headers, "schema-version") == "1"
    assert decode(value, headers) == sent


def test_a_record_from_sago_is_the_json_the_raw_store_would_write() -> None:
    """Which is why the consumer stores its value as is instead of serialising again."""
    from sago.queue import kafka_codec
    from support.factories import message

    for sent in (message(1), message(2, text="naïve\x00 ✓", source=Source.GMAIL)):
        _, value, headers = kafka_codec.encode(sent)
        assert kafka_codec.from_sago(headers)
        received = kafka_codec.decode(
            value, headers, source=sent.source, max_record_bytes=10_000, max_text_chars=1_000
        )
        assert isinstance(received, Message)
        assert received.model_dump_json().encode() == value
    assert not kafka_codec.from_sago(None)
    assert not kafka_codec.from_sago([("content-type", b"application/json")])


@pytest.mark.parametrize(
    ("value", "headers", "reason"),
    [
        (None, None, "empty record"),
        (b"{oops", None, "not JSON"),
        (b'{"id": "1"}', None, "not a valid message (company_id: Field required)"),
        (b"x" * 20_000, None, "record of 20,000 bytes is over the 10,000 limit"),
        (b"{}", [("schema-version", b"2")], "unsupported schema version '2'"),
    ],
)
def test_refused_records_say_why(value: bytes | None, headers: object, reason: str) -> None:
    assert decode(value, headers) == reason


def test_a_message_on_the_wrong_topic_or_too_long_is_refused() -> None:
    from sago.domain.message import Source
    from sago.queue import kafka_codec
    from support.factories import message

    _, mail, _ = kafka_codec.encode(message(1, source=Source.GMAIL))
    assert decode(mail) == "a gmail message on the slack topic"
    _, long, _ = kafka_codec.encode(message(2, text="y" * 50))
    assert decode(long, max_text_chars=10) == "text of 50 chars is over 10"


def test_a_message_cut_at_the_size_limit_fits_a_record_and_is_accepted() -> None:
    # Oversize mail is stored truncated (issue 16), so the scale path must carry it too:
    # the text at the limit passes the codec's check and the payload's raw is cut as well.
    from sago.domain.message import Source
    from sago.queue import kafka_codec
    from support.factories import oversize_message

    cut = oversize_message(limit=50_000)
    _, value, headers = kafka_codec.encode(cut)
    assert len(value) < 1_000_000  # the queue's default max_record_bytes
    decoded = kafka_codec.decode(
        value, headers, source=Source.GMAIL, max_record_bytes=1_000_000, max_text_chars=50_000
    )
    assert decoded == cut
