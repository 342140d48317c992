"""The reference the embedded ratios are measured against: the least a Python program can do
to get the same CSV into SQLite.

Each row is read with the csv module, turned into JSON (the row as a dict of its columns)
and inserted with `executemany`, one transaction per chunk of 500, into a table keyed by
the row id, on the raw store's journal settings (WAL, synchronous=NORMAL). No validation,
no raw payload, no statuses, no batching: what is left between it and Sago is what Sago
does per message.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
from pathlib import Path

CHUNK = 500  # the pipeline's INGEST_CHUNK


def csv_to_sqlite(source: Path, target: Path, chunk: int = CHUNK) -> int:
    """Copy every row of `source` into a fresh SQLite file; returns how many rows."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    db = sqlite3.connect(target, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("CREATE TABLE rows (id TEXT PRIMARY KEY, body TEXT NOT NULL)")
        insert = "INSERT OR IGNORE INTO rows (id, body) VALUES (?, ?)"
        count = 0
        with source.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            rows: list[tuple[str, str]] = []
            for row in reader:
                rows.append((row[0], json.dumps(dict(zip(header, row, strict=False)))))
                if len(rows) >= chunk:
                    count += _write(db, insert, rows)
                    rows = []
            count += _write(db, insert, rows)
        return count
    finally:
        db.close()


def _write(db: sqlite3.Connection, insert: str, rows: list[tuple[str, str]]) -> int:
    if not rows:
        return 0
    db.execute("BEGIN")
    db.executemany(insert, rows)
    db.execute("COMMIT")
    return len(rows)
