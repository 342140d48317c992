"""Run summaries in PostgreSQL, shared by every worker and the dashboard."""

from __future__ import annotations

from typing import Any

from sago.domain.run import RunSummary
from sago.errors import missing_extra
from sago.runlog.base import RunLog
from sago.sqldb.postgres import PostgresDatabase, shared

try:
    from psycopg.types.json import Jsonb
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise missing_extra("psycopg", "postgres") from exc

# The table as the event store's first migration created it, so a database from before
# runs had their own port is already in shape.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    seq        BIGSERIAL PRIMARY KEY,
    company_id TEXT NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    body       JSONB NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_runs_company ON runs (company_id, seq);
"""


class PostgresRunLog(RunLog):
    """One JSONB row per run; `seq` orders them."""

    def __init__(self, where: str | PostgresDatabase, *, schema: str | None = None) -> None:
        self._db = shared(where, schema=schema, tables=_SCHEMA)

    def save(self, summary: RunSummary) -> None:
        with self._db.connection() as conn:
            conn.execute(
                "INSERT INTO runs (company_id, started_at, body) VALUES (%s, %s, %s)",
                (summary.company_id, summary.started_at, Jsonb(summary.model_dump(mode="json"))),
            )

    def recent(self, company_id: str | None = None, limit: int = 100) -> list[RunSummary]:
        query = "SELECT body FROM runs"
        params: list[Any] = []
        if company_id is not None:
            query += " WHERE company_id = %s"
            params.append(company_id)
        with self._db.connection() as conn:
            rows = conn.execute(query + " ORDER BY seq DESC LIMIT %s", [*params, limit]).fetchall()
        return [RunSummary.model_validate(body) for (body,) in rows]

    def flush(self) -> None:
        with self._db.connection() as conn:
            conn.execute("DELETE FROM runs")

    def close(self) -> None:
        self._db.release()
