"""Sync state in the embedded raw store's SQLite file (its own table)."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

from sago.syncstate.base import State, SyncState

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sync_state (
    company_id TEXT NOT NULL,
    source TEXT NOT NULL,
    key TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (company_id, source, key)
) WITHOUT ROWID;
"""


class SqliteSyncState(SyncState):
    """One row per key; WAL like the raw store sharing the file."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA busy_timeout=10000")
        self._db.executescript(_SCHEMA)

    def load(self, company_id: str, source: str, key: str) -> State | None:
        with self._lock:
            row = self._db.execute(
                "SELECT body FROM sync_state WHERE company_id = ? AND source = ? AND key = ?",
                (company_id, source, key),
            ).fetchone()
        if row is None:
            return None
        found: State = json.loads(row[0])
        return found

    def save(self, company_id: str, source: str, key: str, state: State) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO sync_state (company_id, source, key, body) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (company_id, source, key) DO UPDATE SET body = excluded.body",
                (company_id, source, key, json.dumps(state, sort_keys=True)),
            )

    def keys(self, company_id: str, source: str) -> list[str]:
        with self._lock:
            rows = self._db.execute(
                "SELECT key FROM sync_state WHERE company_id = ? AND source = ? ORDER BY key",
                (company_id, source),
            ).fetchall()
        return [key for (key,) in rows]

    def clear(self) -> None:
        with self._lock:
            self._db.execute("DELETE FROM sync_state")

    def close(self) -> None:
        with self._lock:
            self._db.close()
