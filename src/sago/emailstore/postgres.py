"""Investor emails in PostgreSQL, shared by every worker and the dashboard."""

from __future__ import annotations

from typing import Any

from sago.domain.email import InvestorEmail
from sago.emailstore.base import EmailStore
from sago.errors import missing_extra
from sago.sqldb.postgres import PostgresDatabase, shared

try:
    from psycopg.types.json import Jsonb
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise missing_extra("psycopg", "postgres") from exc

# The table as the event store's first migration created it, so a database from before
# emails had their own port is already in shape.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS investor_emails (
    seq        BIGSERIAL PRIMARY KEY,
    company_id TEXT NOT NULL,
    approved   BOOLEAN NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    body       JSONB NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_emails_company ON investor_emails (company_id, approved, seq);
"""


class PostgresEmailStore(EmailStore):
    """One JSONB row per saved version; `seq` orders them."""

    def __init__(self, where: str | PostgresDatabase, *, schema: str | None = None) -> None:
        self._db = shared(where, schema=schema, tables=_SCHEMA)

    def save(self, email: InvestorEmail) -> None:
        with self._db.connection() as conn:
            conn.execute(
                "INSERT INTO investor_emails (company_id, approved, created_at, body)"
                " VALUES (%s, %s, %s, %s)",
                (email.company_id, email.approved, email.created_at, Jsonb(_json(email))),
            )

    def latest(self, company_id: str, *, approved: bool | None = None) -> InvestorEmail | None:
        query = "SELECT body FROM investor_emails WHERE company_id = %s"
        params: list[Any] = [company_id]
        if approved is not None:
            query += " AND approved = %s"
            params.append(approved)
        with self._db.connection() as conn:
            row = conn.execute(query + " ORDER BY seq DESC LIMIT 1", params).fetchone()
        return None if row is None else InvestorEmail.model_validate(row[0])

    def companies(self) -> list[str]:
        with self._db.connection() as conn:
            rows = conn.execute(
                "SELECT DISTINCT company_id FROM investor_emails ORDER BY company_id"
            ).fetchall()
        return [str(company) for (company,) in rows]

    def flush(self) -> None:
        with self._db.connection() as conn:
            conn.execute("DELETE FROM investor_emails")

    def close(self) -> None:
        self._db.release()


def _json(model: InvestorEmail) -> Any:
    return model.model_dump(mode="json")
