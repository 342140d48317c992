"""The batcher contract: threshold, max wait, final flush, atomic claim, lease, ack."""

from __future__ import annotations

import time
from collections.abc import Callable

from contract.conftest import LEASE, MAX_WAIT
from sago.batching.base import Batcher
from sago.domain.message import Source
from support.factories import message, messages

Factory = Callable[..., Batcher]


def test_nothing_is_ready_below_the_threshold(batcher_factory: Factory) -> None:
    batcher = batcher_factory(threshold=5)
    batcher.add(messages(4))
    assert batcher.claim() is None
    assert batcher.pending() == 4


def test_threshold_makes_a_batch_of_exactly_that_size(batcher_factory: Factory) -> None:
    batcher = batcher_factory(threshold=5)
    batcher.add(messages(12))
    batch = batcher.claim()
    assert batch is not None
    assert batch.message_ids == ["1", "2", "3", "4", "5"]
    second = batcher.claim()
    assert second is not None
    assert second.message_ids == ["6", "7", "8", "9", "10"]
    assert batcher.claim() is None  # two left, below the threshold


def test_final_flush_takes_a_partial_batch(batcher_factory: Factory) -> None:
    batcher = batcher_factory(threshold=5)
    batcher.add(messages(2))
    batch = batcher.claim(final=True)
    assert batch is not None
    assert batch.message_ids == ["1", "2"]
    assert batcher.claim(final=True) is None


def test_max_wait_releases_an_old_partial_batch(batcher_factory: Factory) -> None:
    batcher = batcher_factory(threshold=50)
    batcher.add(messages(3))
    assert batcher.claim() is None
    time.sleep(MAX_WAIT + 0.3)
    batch = batcher.claim()
    assert batch is not None
    assert len(batch.messages) == 3


def test_adding_the_same_message_twice_is_a_no_op(batcher_factory: Factory) -> None:
    batcher = batcher_factory(threshold=3)
    assert batcher.add(messages(2)) == 2
    assert batcher.add(messages(2)) == 0
    assert batcher.pending() == 2


def test_a_claimed_message_is_not_queued_again(batcher_factory: Factory) -> None:
    batcher = batcher_factory(threshold=2)
    batcher.add(messages(2))
    batch = batcher.claim()
    assert batch is not None
    assert batcher.add(messages(2)) == 0
    assert batcher.claim(final=True) is None


def test_ack_forgets_the_batch(batcher_factory: Factory) -> None:
    batcher = batcher_factory(threshold=2)
    batcher.add(messages(2))
    batch = batcher.claim()
    assert batch is not None
    batcher.ack(batch)
    assert batcher.pending() == 0
    assert batcher.claim(final=True) is None
    # After the ack the ids are free again (a later re-delivery is a new entry).
    assert batcher.add(messages(2)) == 2


def test_release_makes_the_batch_claimable_and_counts_attempts(batcher_factory: Factory) -> None:
    batcher = batcher_factory(threshold=2)
    batcher.add(messages(2))
    batch = batcher.claim()
    assert batch is not None
    assert batch.attempts == 0
    assert batcher.release(batch, "llm timeout") == 1
    again = batcher.claim()
    assert again is not None
    assert again.message_ids == batch.message_ids
    assert again.attempts == 1
    assert batcher.release(again, "llm timeout") == 2


def test_release_with_a_delay_waits_before_reclaim(batcher_factory: Factory) -> None:
    batcher = batcher_factory(threshold=2)
    batcher.add(messages(2))
    batch = batcher.claim()
    assert batch is not None
    batcher.release(batch, "429", retry_after=0.6)
    assert batcher.claim(final=True) is None
    time.sleep(0.8)
    again = batcher.claim(final=True)
    assert again is not None
    assert again.message_ids == batch.message_ids


def test_an_expired_lease_makes_the_batch_claimable(batcher_factory: Factory) -> None:
    batcher = batcher_factory(threshold=2)
    batcher.add(messages(2))
    batch = batcher.claim()
    assert batch is not None
    assert batcher.claim(final=True) is None  # leased: nobody else gets it
    time.sleep(LEASE + 0.3)
    again = batcher.claim(final=True)
    assert again is not None
    assert again.message_ids == batch.message_ids


def test_batches_never_mix_companies_or_sources(batcher_factory: Factory) -> None:
    batcher = batcher_factory(threshold=2)
    batcher.add(
        [
            message(1, company="acme"),
            message(2, company="globex"),
            message(3, company="acme", source=Source.GMAIL),
            message(4, company="acme"),
        ]
    )
    batch = batcher.claim()
    assert batch is not None
    assert (batch.company_id, batch.source, batch.message_ids) == ("acme", Source.SLACK, ["1", "4"])
    rest = []
    while (b := batcher.claim(final=True)) is not None:
        rest.append((b.company_id, b.source.value, b.message_ids))
        batcher.ack(b)
    assert sorted(rest) == [("acme", "gmail", ["3"]), ("globex", "slack", ["2"])]


def test_batch_carries_whole_messages(batcher_factory: Factory) -> None:
    batcher = batcher_factory(threshold=1)
    original = message(7, text="We closed the $4M seed round ✓", source=Source.GMAIL)
    batcher.add([original])
    batch = batcher.claim()
    assert batch is not None
    assert batch.messages == [original]
