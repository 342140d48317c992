"""A rejected record becomes the same dead letter on the in-process and the consumer path."""

from __future__ import annotations

from pathlib import Path

from sago.batching.memory import MemoryBatcher
from sago.domain.batch import DeadLetter
from sago.domain.message import Rejection
from sago.domain.run import RunSummary
from sago.pipeline.batching import handle_deliveries
from sago.pipeline.ingest import split_records
from sago.queue.base import Delivery
from sago.queue.embedded import EmbeddedQueue
from sago.rawstore.sqlite import SqliteRawStore

BAD = Rejection(
    file="export.csv", position="row 7", reason="not a date", field="sent_at", excerpt="x"
)


def _kept(store: SqliteRawStore) -> list[tuple[str, str, str, str]]:
    return [(d.kind, d.reason, d.location, d.excerpt) for d in store.dead_letters("co")]


def test_a_rejection_names_its_field_and_place() -> None:
    dead = DeadLetter.of_rejection(BAD, "co")
    assert (dead.kind, dead.reason, dead.location) == (
        "record",
        "sent_at: not a date",
        "export.csv:row 7",
    )
    no_field = DeadLetter.of_rejection(BAD.model_copy(update={"field": None}), "co")
    assert no_field.reason == "not a date"


def test_both_paths_keep_the_same_dead_letter(tmp_path: Path) -> None:
    read_in_process = SqliteRawStore(tmp_path / "a.db")
    split_records([BAD], "co", read_in_process, RunSummary(company_id="co"))

    consumed = SqliteRawStore(tmp_path / "b.db")
    handle_deliveries(
        [Delivery(token=0, rejection=BAD)],
        queue=EmbeddedQueue(),
        rawstore=consumed,
        batcher=MemoryBatcher(),
        summary=RunSummary(company_id="co"),
    )
    expected = [("record", "sent_at: not a date", "export.csv:row 7", "x")]
    assert _kept(read_in_process) == expected
    assert _kept(consumed) == expected
