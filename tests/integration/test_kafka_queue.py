"""The Kafka queue on a real Apache Kafka broker: redelivery, DLQ, lag, group membership."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest

from sago.domain.message import Source
from sago.queue.base import Delivery
from support.factories import message, messages

kafka = pytest.importorskip("sago.queue.kafka")
KafkaQueue = kafka.KafkaQueue

pytestmark = pytest.mark.kafka

QueueFactory = Callable[..., "kafka.KafkaQueue"]


@pytest.fixture
def make_queue(kafka_bootstrap: str, unique_name: str) -> Iterator[QueueFactory]:
    """Queues on this test's own topics; the same group unless told otherwise."""
    made: list[kafka.KafkaQueue] = []

    def factory(**kwargs: object) -> kafka.KafkaQueue:
        options: dict[str, object] = {
            "group": unique_name,
            "topics": {Source.SLACK: f"{unique_name}-slack", Source.GMAIL: f"{unique_name}-gmail"},
        }
        options.update(kwargs)
        queue = KafkaQueue(kafka_bootstrap, **options)
        made.append(queue)
        return queue

    yield factory
    for queue in made:
        queue.close()


def drain(queue: kafka.KafkaQueue, expected: int, seconds: float = 20.0) -> list[Delivery]:
    got: list[Delivery] = []
    deadline = time.monotonic() + seconds
    while len(got) < expected and time.monotonic() < deadline:
        got += queue.poll(100, 0.5)
    return got


def raw_consumer(bootstrap: str, topic: str) -> object:
    from confluent_kafka import Consumer

    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": f"{topic}-reader",
            "auto.offset.reset": "earliest",
            "enable.auto.commit": False,
        }
    )
    consumer.subscribe([topic])
    return consumer


def test_uncommitted_deliveries_come_back_to_the_next_member(make_queue: QueueFactory) -> None:
    first = make_queue()
    first.publish(messages(10))
    first.flush()
    got = drain(first, 10)
    assert len(got) == 10
    first.commit(got[:4])  # the rest was "in flight" when this worker died
    first.close()

    second = make_queue()
    again = drain(second, 6)
    assert sorted(int(d.message.id) for d in again) == list(range(5, 11))
    second.commit(again)
    assert second.backlog() == 0
    assert second.poll(100, 1.0) == []


def test_committed_deliveries_are_not_delivered_again(make_queue: QueueFactory) -> None:
    first = make_queue()
    first.publish(messages(5))
    first.flush()
    first.commit(drain(first, 5))
    first.close()

    second = make_queue()
    second.publish([message(6)])
    second.flush()
    got = drain(second, 1, seconds=10.0)
    assert [d.message.id for d in got] == ["6"]


def test_invalid_records_are_rejected_and_dead_lettered(
    make_queue: QueueFactory, kafka_bootstrap: str, unique_name: str
) -> None:
    queue = make_queue(max_record_bytes=2000)
    topic = f"{unique_name}-slack"
    producer = queue._producer
    producer.produce(topic, value=b"{not json", key=b"acme")
    producer.produce(topic, value=b'{"id": "x"}', key=b"acme")
    producer.produce(topic, value=b"x" * 3000, key=b"acme")
    producer.produce(topic, value=message(1).model_dump_json().encode(), key=b"acme")
    queue.flush()

    got = drain(queue, 4)
    assert len(got) == 4
    reasons = [d.rejection.reason for d in got if d.rejection is not None]
    assert reasons[0] == "not JSON"
    assert reasons[1].startswith("not a valid message (")
    assert "over the 2,000 limit" in reasons[2]
    assert [d.message.id for d in got if d.message is not None] == ["1"]
    queue.commit(got)  # covers the rejected records too
    assert queue.backlog() == 0

    dlq = raw_consumer(kafka_bootstrap, f"{topic}.dlq")
    parked = []
    deadline = time.monotonic() + 20
    while len(parked) < 3 and time.monotonic() < deadline:
        record = dlq.poll(0.5)  # type: ignore[attr-defined]
        if record is not None and record.error() is None:
            parked.append(record)
    dlq.close()  # type: ignore[attr-defined]
    assert [r.value() for r in parked[:2]] == [b"{not json", b'{"id": "x"}']
    headers = [dict(r.headers()) for r in parked]
    assert [h["reason"] for h in headers] == [r.encode() for r in reasons]
    assert headers[0]["origin"] == f"kafka:{topic}".encode()
    assert headers[0]["position"].startswith(b"partition ")


def test_producer_is_idempotent_and_records_carry_headers(
    make_queue: QueueFactory, kafka_bootstrap: str, unique_name: str
) -> None:
    queue = make_queue(consume=False)
    assert queue.producer_config["enable.idempotence"] is True
    assert queue.producer_config["acks"] == "all"
    with pytest.raises(RuntimeError, match="producing only"):
        queue.poll(1, 0.1)
    queue.publish([message(1, company="globex", source=Source.GMAIL)])
    queue.flush()

    reader = raw_consumer(kafka_bootstrap, f"{unique_name}-gmail")
    record = None
    deadline = time.monotonic() + 20
    while record is None and time.monotonic() < deadline:
        record = reader.poll(0.5)  # type: ignore[attr-defined]
    reader.close()  # type: ignore[attr-defined]
    assert record is not None
    assert record.key() == b"globex"
    headers = dict(record.headers())
    assert headers["source"] == b"gmail"
    assert headers["company"] == b"globex"
    assert headers["schema-version"] == b"1"


def test_backlog_is_the_groups_lag(make_queue: QueueFactory) -> None:
    producer = make_queue(consume=False)
    producer.publish(messages(7) + messages(3, company="globex", source=Source.GMAIL))
    producer.flush()
    assert producer.backlog() == 10  # nothing committed yet: everything from the start

    consumer = make_queue()
    got = drain(consumer, 10)
    assert consumer.backlog() == 10
    consumer.commit(got[:6])
    # Committing a later delivery covers the earlier ones of its partition only.
    assert consumer.backlog() == 4
    consumer.commit(got)
    assert producer.backlog() == 0
    assert make_queue(group="another-group").backlog() == 10


def wait_for_assignments(*queues: kafka.KafkaQueue, total: int = 6) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        owned = [q.assignment() for q in queues]
        if all(owned) and sum(len(o) for o in owned) == total:
            return
        for queue in queues:
            assert queue.poll(10, 0.2) == []
    raise AssertionError(f"no stable assignment: {[q.assignment() for q in queues]}")


def test_two_members_of_a_group_split_the_partitions(make_queue: QueueFactory) -> None:
    one, two = make_queue(), make_queue()
    wait_for_assignments(one, two)
    owned_one, owned_two = set(one.assignment()), set(two.assignment())
    assert owned_one.isdisjoint(owned_two)
    assert len(owned_one) == len(owned_two) == 3
    # Each member reads both sources, so a Slack-heavy load still spreads.
    for owned in (owned_one, owned_two):
        assert {topic.rsplit("-", 1)[1] for topic, _ in owned} == {"slack", "gmail"}

    companies = [f"company-{n}" for n in range(12)]
    sent = [message(n, company=c, source=s) for c in companies for s in Source for n in range(1, 4)]
    one.publish(sent)
    one.flush()
    got: dict[str, list[Delivery]] = {"one": [], "two": []}
    deadline = time.monotonic() + 30
    while len(got["one"]) + len(got["two"]) < len(sent) and time.monotonic() < deadline:
        for name, queue in (("one", one), ("two", two)):
            batch = queue.poll(100, 0.2)
            queue.commit(batch)
            got[name] += batch
    for name, queue in (("one", one), ("two", two)):
        assert got[name], f"{name} received nothing"
        origins = {(d.token.topic, d.token.partition) for d in got[name]}
        assert origins <= set(queue.assignment())
    ids = [(d.message.source, d.message.company_id, d.message.id) for d in got["one"] + got["two"]]
    assert sorted(ids) == sorted((m.source, m.company_id, m.id) for m in sent)
    assert one.backlog() == 0


def test_a_member_leaving_hands_its_partitions_over(make_queue: QueueFactory) -> None:
    one, two = make_queue(), make_queue()
    wait_for_assignments(one, two)
    one.close()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(two.assignment()) < 6:
        two.poll(10, 0.2)
    assert len(two.assignment()) == 6  # both topics, three partitions each
