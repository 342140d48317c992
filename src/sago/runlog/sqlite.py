"""Run summaries in the embedded SQLite file (beside the events, by default)."""

from __future__ import annotations

from pathlib import Path

from sago.domain.run import RunSummary
from sago.runlog.base import RunLog
from sago.sqldb.sqlite import SqliteDatabase, shared

# The table as the event store created it before runs had their own port.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id TEXT NOT NULL,
    body TEXT NOT NULL
);
"""


class SqliteRunLog(RunLog):
    """One JSON row per run; `seq` orders them."""

    def __init__(self, where: Path | SqliteDatabase) -> None:
        self._db = shared(where, _SCHEMA)

    def save(self, summary: RunSummary) -> None:
        self._db.execute(
            "INSERT INTO runs (company_id, body) VALUES (?, ?)",
            (summary.company_id, summary.model_dump_json()),
        )

    def recent(self, company_id: str | None = None, limit: int = 100) -> list[RunSummary]:
        query = "SELECT body FROM runs"
        params: list[object] = []
        if company_id is not None:
            query += " WHERE company_id = ?"
            params.append(company_id)
        rows = self._db.rows(query + " ORDER BY seq DESC LIMIT ?", [*params, limit])
        return [RunSummary.model_validate_json(body) for (body,) in rows]

    def flush(self) -> None:
        self._db.execute("DELETE FROM runs")

    def close(self) -> None:
        self._db.release()
