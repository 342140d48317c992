"""The raw store contract: once per (company, id), statuses only move forward."""

from __future__ import annotations

from datetime import timedelta

from sago.domain.batch import DeadLetter
from sago.domain.message import Message, MessageStatus, Source
from sago.rawstore.base import RawStore
from support.factories import T0, message, messages, oversize_message


def test_storing_twice_keeps_one_copy(rawstore: RawStore) -> None:
    batch = messages(5)
    first = rawstore.store(batch)
    second = rawstore.store(batch)
    assert first == dict.fromkeys([m.id for m in batch], MessageStatus.STORED)
    assert second == first
    assert rawstore.count("acme") == 5


def test_payload_round_trips_exactly(rawstore: RawStore) -> None:
    original = message(1, text='naïve — 🎉 "quoted", commas\nand lines', source=Source.GMAIL)
    rawstore.store([original])
    [loaded] = rawstore.get("acme", ["1"])
    assert loaded == original
    assert loaded.raw["payload"]["headers"][0]["name"] == "From"


def test_bodies_given_by_the_caller_are_stored_as_the_messages(rawstore: RawStore) -> None:
    batch = [message(1), message(2, source=Source.GMAIL)]
    assert rawstore.store(batch, [m.model_dump_json() for m in batch]) == dict.fromkeys(
        ["1", "2"], MessageStatus.STORED
    )
    assert rawstore.get("acme", ["1", "2"]) == batch
    assert [m.id for m in rawstore.unfinished("acme")] == ["1", "2"]


def test_get_returns_the_requested_order_and_skips_unknown(rawstore: RawStore) -> None:
    rawstore.store(messages(3))
    assert [m.id for m in rawstore.get("acme", ["3", "nope", "1"])] == ["3", "1"]


def test_companies_are_isolated(rawstore: RawStore) -> None:
    rawstore.store([message(1, company="acme"), message(1, company="globex", text="other")])
    assert rawstore.count("acme") == 1
    assert rawstore.count("globex") == 1
    [globex] = rawstore.get("globex", ["1"])
    assert globex.text == "other"


def test_messages_in_time_order_within_range(rawstore: RawStore) -> None:
    rawstore.store([message(n, minutes=10 * (5 - n)) for n in range(1, 6)])
    everything = [m.id for m in rawstore.messages("acme")]
    assert everything == ["5", "4", "3", "2", "1"]
    window = rawstore.messages(
        "acme", since=T0 + timedelta(minutes=10), until=T0 + timedelta(minutes=30)
    )
    assert [m.id for m in window] == ["4", "3"]


def test_status_moves_forward_only(rawstore: RawStore) -> None:
    rawstore.store(messages(3))
    rawstore.set_status("acme", ["1", "2"], MessageStatus.BATCHED)
    rawstore.set_status("acme", ["1"], MessageStatus.EXTRACTED)
    rawstore.set_status("acme", ["1"], MessageStatus.BATCHED)
    assert rawstore.statuses("acme", ["1", "2", "3"]) == {
        "1": MessageStatus.EXTRACTED,
        "2": MessageStatus.BATCHED,
        "3": MessageStatus.STORED,
    }
    # Re-reading the input stores the message again: it must not reset its status.
    assert rawstore.store([message(1)])["1"] == MessageStatus.EXTRACTED


def test_unfinished_is_everything_not_extracted(rawstore: RawStore) -> None:
    rawstore.store(messages(4))
    rawstore.store([message(9, company="globex")])
    rawstore.set_status("acme", ["2"], MessageStatus.BATCHED)
    rawstore.set_status("acme", ["3"], MessageStatus.EXTRACTED)
    rawstore.set_status("acme", ["4"], MessageStatus.DEAD_LETTERED)
    assert sorted(m.id for m in rawstore.unfinished("acme")) == ["1", "2"]
    assert sorted((m.company_id, m.id) for m in rawstore.unfinished()) == [
        ("acme", "1"),
        ("acme", "2"),
        ("globex", "9"),
    ]
    assert rawstore.count("acme", MessageStatus.EXTRACTED) == 1


def test_dead_letters_keep_reason_and_order(rawstore: RawStore) -> None:
    rawstore.add_dead_letter(
        DeadLetter(company_id="acme", kind="record", reason="bad", location="f:2")
    )
    rawstore.add_dead_letter(
        DeadLetter(company_id="acme", kind="batch", reason="llm down", message_ids=["1", "2"])
    )
    kept = rawstore.dead_letters("acme")
    assert [(d.kind, d.reason) for d in kept] == [("record", "bad"), ("batch", "llm down")]
    assert kept[1].message_ids == ["1", "2"]
    assert rawstore.dead_letters("globex") == []


def test_flush_empties_the_store(rawstore: RawStore) -> None:
    rawstore.store(messages(3))
    rawstore.add_dead_letter(DeadLetter(company_id="acme", kind="record", reason="bad"))
    rawstore.flush()
    assert rawstore.count("acme") == 0
    assert rawstore.dead_letters("acme") == []


def test_a_message_cut_at_the_size_limit_round_trips(rawstore: RawStore) -> None:
    # Oversize mail is stored truncated (issue 16): the store must take it whole and flagged.
    original = oversize_message()
    rawstore.store([original])
    [loaded] = rawstore.get("acme", [original.id])
    assert loaded == original
    assert loaded.truncated


def _edited(n: int, text: str, minutes: int, *, deleted: bool = False) -> Message:
    return message(n, text=text).model_copy(
        update={"edited_at": T0 + timedelta(minutes=minutes), "deleted": deleted}
    )


def test_a_newer_version_replaces_the_text_and_is_extracted_again(rawstore: RawStore) -> None:
    original = message(1, text="we closed the seed")
    rawstore.store([original, message(2)])
    rawstore.set_status("acme", ["1", "2"], MessageStatus.EXTRACTED)
    edited = _edited(1, "we did NOT close the seed", 90)
    assert rawstore.store([edited, message(2)]) == {
        "1": MessageStatus.STORED,
        "2": MessageStatus.EXTRACTED,
    }
    assert [m.text for m in rawstore.get("acme", ["1"])] == ["we did NOT close the seed"]
    assert [m.id for m in rawstore.unfinished("acme")] == ["1"]
    assert [m.text for m in rawstore.versions("acme", "1")] == [
        "we closed the seed",
        "we did NOT close the seed",
    ]
    assert [m.text for m in rawstore.versions("acme", "2")] == [message(2).text]
    # Re-importing either version again changes nothing: the newer one stands.
    assert rawstore.store([original, edited]) == {"1": MessageStatus.STORED}
    assert rawstore.get("acme", ["1"]) == [edited]
    assert rawstore.count("acme") == 2


def test_a_late_status_for_an_older_version_does_not_finish_the_newer(
    rawstore: RawStore,
) -> None:
    original = message(1, text="signed Harvest")
    rawstore.store([original])
    rawstore.set_status("acme", ["1"], MessageStatus.BATCHED, versions={"1": 0})
    deleted = _edited(1, "", 120, deleted=True)
    rawstore.store([deleted])
    # The worker that extracted the first version reports it done: the delete still waits.
    rawstore.set_status("acme", ["1"], MessageStatus.EXTRACTED, versions={"1": 0})
    assert rawstore.statuses("acme", ["1"]) == {"1": MessageStatus.STORED}
    assert [m.deleted for m in rawstore.unfinished("acme")] == [True]
    rawstore.set_status("acme", ["1"], MessageStatus.EXTRACTED, versions={"1": deleted.version})
    assert rawstore.statuses("acme", ["1"]) == {"1": MessageStatus.EXTRACTED}
    assert list(rawstore.unfinished("acme")) == []
    assert [m.deleted for m in rawstore.versions("acme", "1")] == [False, True]
