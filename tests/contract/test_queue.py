"""The queue contract: what is published is delivered, in order per source, until committed."""

from __future__ import annotations

from sago.domain.message import Rejection, Source
from sago.queue.base import MessageQueue
from support.factories import message, messages


def drain(queue: MessageQueue, expected: int, rounds: int = 40) -> list:  # type: ignore[type-arg]
    got = []
    for _ in range(rounds):
        got += queue.poll(100, 0.5)
        if len(got) >= expected:
            break
    return got


def test_published_messages_are_delivered_in_order(queue: MessageQueue) -> None:
    sent = messages(20)
    assert queue.publish(sent) == 20
    queue.flush()
    got = drain(queue, 20)
    assert [d.message for d in got] == sent
    queue.commit(got)
    assert queue.backlog() == 0


def test_backlog_counts_until_commit(queue: MessageQueue) -> None:
    queue.publish(messages(3))
    queue.flush()
    got = drain(queue, 3)
    assert len(got) == 3
    assert queue.backlog() == 3
    queue.commit(got)
    assert queue.backlog() == 0


def test_both_sources_flow(queue: MessageQueue) -> None:
    sent = [message(1), message(2, source=Source.GMAIL), message(3)]
    queue.publish(sent)
    queue.flush()
    got = drain(queue, 3)
    assert sorted(d.message.id for d in got) == ["1", "2", "3"]
    slack = [d.message.id for d in got if d.message.source is Source.SLACK]
    assert slack == ["1", "3"]
    queue.commit(got)


def test_dead_letter_accepts_a_rejection(queue: MessageQueue) -> None:
    queue.dead_letter(Rejection(file="in.csv", position="row 3", reason="bad"), b"raw,row")
    queue.publish(messages(1))
    queue.flush()
    got = drain(queue, 1)
    assert [d.message.id for d in got] == ["1"]
    queue.commit(got)
