"""SQLite raw message store: the embedded default (one file under SAGO_DATA_DIR)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path

from sago.domain.batch import DeadLetter
from sago.domain.message import Message, MessageStatus
from sago.rawstore.base import RawStore

_SCHEMA = """
CREATE TABLE IF NOT EXISTS messages (
    company_id TEXT NOT NULL,
    id TEXT NOT NULL,
    source TEXT NOT NULL,
    ts REAL NOT NULL,
    status TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (company_id, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS messages_by_time ON messages (company_id, ts);
CREATE INDEX IF NOT EXISTS messages_by_status ON messages (status, company_id);
CREATE TABLE IF NOT EXISTS dead_letters (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id TEXT NOT NULL,
    body TEXT NOT NULL
);
"""
_CHUNK = 500
_RANK = {status: rank for rank, status in enumerate(MessageStatus)}


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


class SqliteRawStore(RawStore):
    """Messages as JSON rows keyed by (company, id); WAL so readers don't block the writer."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._lock = threading.RLock()
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA busy_timeout=10000")
        self._db.executescript(_SCHEMA)

    def store(self, messages: Sequence[Message]) -> dict[str, MessageStatus]:
        if not messages:
            return {}
        rows = [
            (
                m.company_id,
                m.id,
                m.source.value,
                m.timestamp.timestamp(),
                MessageStatus.STORED.value,
                m.model_dump_json(),
            )
            for m in messages
        ]
        with self._lock:
            self._db.execute("BEGIN")
            try:
                self._db.executemany(
                    "INSERT OR IGNORE INTO messages (company_id, id, source, ts, status, body)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    rows,
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        result: dict[str, MessageStatus] = {}
        by_company: dict[str, list[str]] = {}
        for m in messages:
            by_company.setdefault(m.company_id, []).append(m.id)
        for company_id, ids in by_company.items():
            result.update(self.statuses(company_id, ids))
        return result

    def get(self, company_id: str, ids: Sequence[str]) -> list[Message]:
        found: dict[str, Message] = {}
        with self._lock:
            for chunk in _chunks(list(ids)):
                marks = ",".join("?" * len(chunk))
                for msg_id, body in self._db.execute(
                    f"SELECT id, body FROM messages WHERE company_id = ? AND id IN ({marks})",
                    (company_id, *chunk),
                ):
                    found[msg_id] = Message.model_validate_json(body)
        return [found[i] for i in ids if i in found]

    def messages(
        self, company_id: str, since: datetime | None = None, until: datetime | None = None
    ) -> Iterator[Message]:
        low = since.timestamp() if since else float("-inf")
        high = until.timestamp() if until else float("inf")
        with self._lock:
            rows = self._db.execute(
                "SELECT body FROM messages WHERE company_id = ? AND ts >= ? AND ts < ?"
                " ORDER BY ts, id",
                (company_id, low, high),
            ).fetchall()
        for (body,) in rows:
            yield Message.model_validate_json(body)

    def set_status(self, company_id: str, ids: Sequence[str], status: MessageStatus) -> None:
        # Forward only: the CASE keeps a later status when an old worker reports an earlier one.
        lower = [s.value for s in MessageStatus if _RANK[s] < _RANK[status]]
        terminal = (MessageStatus.EXTRACTED.value, MessageStatus.DEAD_LETTERED.value)
        lower = [s for s in lower if s not in terminal]
        if not lower:
            return
        with self._lock:
            self._db.execute("BEGIN")
            try:
                for chunk in _chunks(list(ids)):
                    marks = ",".join("?" * len(chunk))
                    allowed = ",".join("?" * len(lower))
                    self._db.execute(
                        f"UPDATE messages SET status = ? WHERE company_id = ? AND id IN ({marks})"
                        f" AND status IN ({allowed})",
                        (status.value, company_id, *chunk, *lower),
                    )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def statuses(self, company_id: str, ids: Sequence[str]) -> dict[str, MessageStatus]:
        result: dict[str, MessageStatus] = {}
        with self._lock:
            for chunk in _chunks(list(ids)):
                marks = ",".join("?" * len(chunk))
                for msg_id, status in self._db.execute(
                    f"SELECT id, status FROM messages WHERE company_id = ? AND id IN ({marks})",
                    (company_id, *chunk),
                ):
                    result[msg_id] = MessageStatus(status)
        return result

    def unfinished(self, company_id: str | None = None) -> Iterator[Message]:
        waiting = (MessageStatus.STORED.value, MessageStatus.BATCHED.value)
        query = "SELECT body FROM messages WHERE status IN (?, ?)"
        params: tuple[str, ...] = waiting
        if company_id is not None:
            query += " AND company_id = ?"
            params = (*waiting, company_id)
        with self._lock:
            rows = self._db.execute(query + " ORDER BY company_id, ts, id", params).fetchall()
        for (body,) in rows:
            yield Message.model_validate_json(body)

    def count(self, company_id: str, status: MessageStatus | None = None) -> int:
        query = "SELECT COUNT(*) FROM messages WHERE company_id = ?"
        params: tuple[str, ...] = (company_id,)
        if status is not None:
            query += " AND status = ?"
            params = (company_id, status.value)
        with self._lock:
            (total,) = self._db.execute(query, params).fetchone()
        return int(total)

    def add_dead_letter(self, dead: DeadLetter) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO dead_letters (company_id, body) VALUES (?, ?)",
                (dead.company_id, dead.model_dump_json()),
            )

    def dead_letters(self, company_id: str) -> list[DeadLetter]:
        with self._lock:
            rows = self._db.execute(
                "SELECT body FROM dead_letters WHERE company_id = ? ORDER BY seq", (company_id,)
            ).fetchall()
        return [DeadLetter.model_validate_json(body) for (body,) in rows]

    def flush(self) -> None:
        with self._lock:
            self._db.execute("DELETE FROM messages")
            self._db.execute("DELETE FROM dead_letters")

    def close(self) -> None:
        with self._lock:
            self._db.close()
