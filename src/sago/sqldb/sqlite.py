"""One SQLite file, one connection, shared by the stores kept in it."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any


class SqliteDatabase:
    """A WAL-mode connection with its lock. Stores that share the file share this object:
    each calls `share()` when it takes it and `release()` when it closes, and the
    connection closes with the last of them."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.connection = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.lock = threading.RLock()
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute("PRAGMA busy_timeout=10000")
        self._holders = 0

    def share(self) -> SqliteDatabase:
        with self.lock:
            self._holders += 1
        return self

    def release(self) -> None:
        with self.lock:
            self._holders -= 1
            if self._holders <= 0:
                self.connection.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing. BEGIN IMMEDIATE takes the write lock first, so no other writer
        (thread or process) can change what we read before we commit."""
        with self.lock:
            self.connection.execute("BEGIN IMMEDIATE")
            try:
                yield self.connection
                self.connection.execute("COMMIT")
            except BaseException:
                self.connection.execute("ROLLBACK")
                raise

    def rows(self, query: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self.lock:
            return self.connection.execute(query, params).fetchall()

    def execute(self, query: str, params: Sequence[Any] = ()) -> None:
        with self.lock:
            self.connection.execute(query, params)

    def script(self, script: str) -> None:
        """Create what is missing, in one transaction (statements that are idempotent)."""
        with self.transaction() as db:
            for statement in statements(script):
                db.execute(statement)


def statements(script: str) -> list[str]:
    """A script's statements, to run one by one inside a transaction (sqlite3's
    executescript would commit first)."""
    return [s.strip() for s in script.split(";") if s.strip()]


def shared(where: Path | SqliteDatabase, tables: str = "") -> SqliteDatabase:
    """The database a store keeps its tables in (the one given, or its own on `where`),
    with `tables` (idempotent DDL) created if missing."""
    database = (where if isinstance(where, SqliteDatabase) else SqliteDatabase(where)).share()
    try:
        if tables:
            database.script(tables)
    except BaseException:
        database.release()
        raise
    return database
