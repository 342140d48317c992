"""SQLite raw message store: the embedded default (one file under SAGO_DATA_DIR)."""

from __future__ import annotations

import sqlite3
import threading
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path

from sago.domain.batch import DeadLetter
from sago.domain.message import Message, MessageStatus
from sago.rawstore.base import RawStore
from sago.rawstore.sqlite_schema import migrate

_CHUNK = 500
_RANK = {status: rank for rank, status in enumerate(MessageStatus)}


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


class SqliteRawStore(RawStore):
    """Messages as JSON rows keyed by (company, id), statuses beside them (`sqlite_schema`);
    WAL so readers don't block the writer."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = _connect(path)
        self._lock = threading.RLock()
        migrate(self._db)

    def store(
        self, messages: Sequence[Message], bodies: Sequence[str] | None = None
    ) -> dict[str, MessageStatus]:
        if not messages:
            return {}
        texts = bodies if bodies is not None else [m.model_dump_json() for m in messages]
        rows = [
            (m.company_id, m.id, m.source, m.timestamp.timestamp(), m.version, body)
            for m, body in zip(messages, texts, strict=True)
        ]
        with self._lock:
            self._db.execute("BEGIN")
            try:
                inserted = self._db.executemany(
                    "INSERT OR IGNORE INTO messages (company_id, id, source, ts, version, body)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    rows,
                ).rowcount
                self._db.executemany(
                    "INSERT OR IGNORE INTO message_status (company_id, id, version, status)"
                    f" VALUES (?, ?, ?, '{MessageStatus.STORED.value}')",
                    [(*row[:2], row[4]) for row in rows],
                )
                if inserted < len(rows):
                    self._replace_versions([m for m in messages if m.version > 0])
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        if inserted == len(rows):
            # Every row was new (a repeated id would have been ignored): no read-back needed.
            return {m.id: MessageStatus.STORED for m in messages}
        result: dict[str, MessageStatus] = {}
        by_company: dict[str, list[str]] = {}
        for m in messages:
            by_company.setdefault(m.company_id, []).append(m.id)
        for company_id, ids in by_company.items():
            result.update(self.statuses(company_id, ids))
        return result

    def _replace_versions(self, changed: Sequence[Message]) -> None:
        """A newer version of a stored message replaces it and is extracted again (status
        back to stored); the text it replaces is kept in message_versions."""
        for m in sorted(changed, key=lambda m: m.version):
            key = (m.company_id, m.id)
            row = self._db.execute(
                "SELECT version, body FROM messages WHERE company_id = ? AND id = ?", key
            ).fetchone()
            if row is None or row[0] >= m.version:
                continue
            body = m.model_dump_json()
            self._db.executemany(
                "INSERT OR IGNORE INTO message_versions (company_id, id, version, body)"
                " VALUES (?, ?, ?, ?)",
                [(*key, row[0], row[1]), (*key, m.version, body)],
            )
            self._db.execute(
                "UPDATE messages SET source = ?, ts = ?, version = ?, body = ?"
                " WHERE company_id = ? AND id = ?",
                (m.source.value, m.timestamp.timestamp(), m.version, body, *key),
            )
            self._db.execute(
                "UPDATE message_status SET status = ?, version = ? WHERE company_id = ? AND id = ?",
                (MessageStatus.STORED.value, m.version, *key),
            )

    def versions(self, company_id: str, message_id: str) -> list[Message]:
        with self._lock:
            rows = self._db.execute(
                "SELECT body FROM message_versions WHERE company_id = ? AND id = ?"
                " ORDER BY version",
                (company_id, message_id),
            ).fetchall()
        if rows:
            return [Message.model_validate_json(body) for (body,) in rows]
        return self.get(company_id, [message_id])

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
        yield from self._stream(
            "SELECT body FROM messages WHERE company_id = ? AND ts >= ? AND ts < ? ORDER BY ts, id",
            (company_id, low, high),
        )

    def set_status(
        self,
        company_id: str,
        ids: Sequence[str],
        status: MessageStatus,
        versions: Mapping[str, int] | None = None,
    ) -> None:
        # Forward only: the CASE keeps a later status when an old worker reports an earlier one.
        lower = [s.value for s in MessageStatus if _RANK[s] < _RANK[status]]
        terminal = (MessageStatus.EXTRACTED.value, MessageStatus.DEAD_LETTERED.value)
        lower = [s for s in lower if s not in terminal]
        if not lower:
            return
        # With versions, only rows still at the version the caller handled move: a newer
        # version stored meanwhile stays `stored`, to be extracted in its turn.
        by_version: dict[int | None, list[str]] = defaultdict(list)
        for message_id in ids:
            version = None if versions is None else versions.get(message_id, 0)
            by_version[version].append(message_id)
        allowed = ",".join("?" * len(lower))
        with self._lock:
            self._db.execute("BEGIN")
            try:
                for version, group in by_version.items():
                    same = "" if version is None else " AND version = ?"
                    tail = () if version is None else (version,)
                    for chunk in _chunks(group):
                        marks = ",".join("?" * len(chunk))
                        self._db.execute(
                            f"UPDATE message_status SET status = ? WHERE company_id = ?"
                            f" AND id IN ({marks}) AND status IN ({allowed}){same}",
                            (status.value, company_id, *chunk, *lower, *tail),
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
                    f"SELECT id, status FROM message_status"
                    f" WHERE company_id = ? AND id IN ({marks})",
                    (company_id, *chunk),
                ):
                    result[msg_id] = MessageStatus(status)
        return result

    def unfinished(self, company_id: str | None = None) -> Iterator[Message]:
        # The partial index's own condition, so SQLite can use it.
        query = (
            "SELECT m.body FROM message_status s JOIN messages m"
            " ON m.company_id = s.company_id AND m.id = s.id"
            " WHERE s.status IN ('stored', 'batched')"
        )
        params: tuple[str, ...] = ()
        if company_id is not None:
            query += " AND s.company_id = ?"
            params = (company_id,)
        yield from self._stream(query + " ORDER BY m.company_id, m.ts, m.id", params)

    def _stream(self, query: str, params: tuple[object, ...]) -> Iterator[Message]:
        """The messages a `SELECT body …` names, read from a connection of its own (a WAL
        snapshot) a chunk at a time: a million of them are never held at once, and the
        store stays writable while the caller works through them."""
        reader = _connect(self.path)
        try:
            cursor = reader.execute(query, params)
            while rows := cursor.fetchmany(_CHUNK):
                for (body,) in rows:
                    yield Message.model_validate_json(body)
        finally:
            reader.close()

    def count(self, company_id: str, status: MessageStatus | None = None) -> int:
        query = "SELECT COUNT(*) FROM messages WHERE company_id = ?"
        params: tuple[str, ...] = (company_id,)
        if status is not None:
            query = "SELECT COUNT(*) FROM message_status WHERE company_id = ? AND status = ?"
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
            self._db.execute("DELETE FROM message_status")
            self._db.execute("DELETE FROM message_versions")
            self._db.execute("DELETE FROM dead_letters")

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA busy_timeout=10000")
    return db
