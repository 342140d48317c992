"""A raw store written by the layout before statuses moved to their own table is upgraded in
place: every message, status and dead letter survives, and it works as a new one does."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sago.domain.batch import DeadLetter
from sago.domain.message import MessageStatus
from sago.rawstore.sqlite import SqliteRawStore
from sago.rawstore.sqlite_schema import VERSION
from support.factories import message

# The layout as sago shipped it before version 2 (status inside the message row).
LEGACY = """
CREATE TABLE messages (
    company_id TEXT NOT NULL, id TEXT NOT NULL, source TEXT NOT NULL, ts REAL NOT NULL,
    status TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (company_id, id)
) WITHOUT ROWID;
CREATE INDEX messages_by_time ON messages (company_id, ts);
CREATE INDEX messages_by_status ON messages (status, company_id);
CREATE TABLE dead_letters (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, company_id TEXT NOT NULL, body TEXT NOT NULL
);
"""
STATUSES = {
    "1": MessageStatus.STORED,
    "2": MessageStatus.BATCHED,
    "3": MessageStatus.EXTRACTED,
    "4": MessageStatus.DEAD_LETTERED,
}


def legacy_store(path: Path) -> None:
    db = sqlite3.connect(path)
    db.executescript(LEGACY)
    for n, status in STATUSES.items():
        m = message(int(n))
        db.execute(
            "INSERT INTO messages VALUES (?, ?, ?, ?, ?, ?)",
            (m.company_id, m.id, m.source.value, m.timestamp.timestamp(), status.value,
             m.model_dump_json()),
        )  # fmt: skip
    dead = DeadLetter(company_id="acme", kind="record", reason="bad row", location="f.csv:9")
    db.execute("INSERT INTO dead_letters (company_id, body) VALUES (?, ?)",
               ("acme", dead.model_dump_json()))  # fmt: skip
    db.commit()
    db.close()


def test_a_legacy_store_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "messages.sqlite3"
    legacy_store(path)
    store = SqliteRawStore(path)
    assert store.statuses("acme", list(STATUSES)) == STATUSES
    assert [m.id for m in store.get("acme", ["4", "1"])] == ["4", "1"]
    assert store.get("acme", ["2"]) == [message(2)]
    assert sorted(m.id for m in store.unfinished("acme")) == ["1", "2"]
    assert store.count("acme") == 4
    assert store.count("acme", MessageStatus.EXTRACTED) == 1
    assert [d.reason for d in store.dead_letters("acme")] == ["bad row"]
    # It goes on as a new store: re-storing keeps statuses, new messages start stored.
    assert store.store([message(3), message(5)]) == {
        "3": MessageStatus.EXTRACTED,
        "5": MessageStatus.STORED,
    }
    store.set_status("acme", ["1", "5"], MessageStatus.BATCHED)
    assert store.statuses("acme", ["1", "5"]) == dict.fromkeys(["1", "5"], MessageStatus.BATCHED)
    store.close()


def test_opening_an_upgraded_store_again_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "messages.sqlite3"
    legacy_store(path)
    SqliteRawStore(path).close()
    store = SqliteRawStore(path)
    assert store.statuses("acme", list(STATUSES)) == STATUSES
    store.close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone() == (VERSION,)
    columns = {row[1] for row in db.execute("PRAGMA table_info(messages)")}
    assert "status" not in columns
    db.close()
