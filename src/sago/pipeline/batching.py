"""Consume: store each delivered message, hand it to the batcher, then commit the offsets."""

from __future__ import annotations

from typing import cast

from sago.batching.base import Batcher
from sago.domain.batch import DeadLetter
from sago.domain.message import Message, MessageStatus
from sago.pipeline.summary import RunSummary, timed
from sago.queue.base import Delivery, MessageQueue
from sago.rawstore.base import RawStore


def handle_deliveries(
    deliveries: list[Delivery],
    *,
    queue: MessageQueue,
    rawstore: RawStore,
    batcher: Batcher,
    summary: RunSummary,
) -> None:
    """At-least-once: offsets are committed only after the message is stored and batched.

    Over guarded ports (`pipeline.guarded`) each write rides out an outage on its own:
    the deliveries stay in hand, uncommitted, while the call that failed is retried.
    """
    messages: list[Message] = []
    payloads: list[str | None] = []
    for delivery in deliveries:
        if delivery.message is not None:
            messages.append(delivery.message)
            payloads.append(delivery.payload)
        elif delivery.rejection is not None:
            rejection = delivery.rejection
            summary.reject(str(rejection))
            dead = DeadLetter.of_rejection(rejection, summary.company_id)
            rawstore.add_dead_letter(dead)
    if messages:
        summary.consumed += len(messages)
        with timed(summary, "store"):
            # Serialised once: the records' own JSON when every one of them carried it.
            bodies = None if None in payloads else cast(list[str], payloads)
            statuses = rawstore.store(messages, bodies)
        fresh = [m for m in messages if statuses.get(m.id) == MessageStatus.STORED]
        pending = [
            m
            for m in messages
            if statuses.get(m.id) in (MessageStatus.STORED, MessageStatus.BATCHED)
        ]
        summary.stored_new += len(fresh)
        summary.already_stored += len(messages) - len(fresh)
        with timed(summary, "batch"):
            batcher.add(pending)
        # A memory batcher dies with the process: its messages stay `stored` until they
        # are extracted (what a restart would find), so the raw store is not written twice.
        if batcher.durable:
            with timed(summary, "store"):
                for company_id in {m.company_id for m in fresh}:
                    mine = [m for m in fresh if m.company_id == company_id]
                    rawstore.set_status(
                        company_id,
                        [m.id for m in mine],
                        MessageStatus.BATCHED,
                        versions={m.id: m.version for m in mine},
                    )
    with timed(summary, "commit"):
        queue.commit(deliveries)


def recover(rawstore: RawStore, batcher: Batcher, company_id: str | None) -> int:
    """Re-batch everything stored but not extracted: the batcher may have died with a process.

    A message given twice (a guarded stream started again after an outage) is harmless:
    add() skips what the batcher holds and counts only what is new.
    """
    recovered = 0
    chunk: list[Message] = []
    for message in rawstore.unfinished(company_id):
        chunk.append(message)
        if len(chunk) >= 1000:
            recovered += batcher.add(chunk)
            chunk = []
    if chunk:
        recovered += batcher.add(chunk)
    return recovered
