"""The replay cache in SQLite, next to the embedded stores (SAGO_DATA_DIR/llm_cache.sqlite3).

Each worker of the scale path keeps its own file: a miss costs one model call, never a
wrong answer, so the cache needs no sharing to be correct.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from sago.llm.cache import ReplayCache


class SqliteReplayCache(ReplayCache):
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # One connection used from the LLM loop threads, serialised by a lock.
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, answer BLOB NOT NULL, "
            "created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)"
        )
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            row = self._db.execute("SELECT answer FROM answers WHERE key = ?", (key,)).fetchone()
        return bytes(row[0]) if row else None

    def put(self, key: str, answer: bytes) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO answers (key, answer) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET answer = excluded.answer",
                (key, answer),
            )

    def close(self) -> None:
        with self._lock:
            self._db.close()
