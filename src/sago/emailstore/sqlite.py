"""Investor emails in the embedded SQLite file (beside the events, by default)."""

from __future__ import annotations

from pathlib import Path

from sago.domain.email import InvestorEmail
from sago.emailstore.base import EmailStore
from sago.sqldb.sqlite import SqliteDatabase, shared

# The table as the event store created it before emails had their own port, so a store
# from then is already in shape.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS investor_emails (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id TEXT NOT NULL,
    approved INTEGER NOT NULL,
    body TEXT NOT NULL
);
"""


class SqliteEmailStore(EmailStore):
    """One JSON row per saved version; `seq` orders them."""

    def __init__(self, where: Path | SqliteDatabase) -> None:
        self._db = shared(where, _SCHEMA)

    def save(self, email: InvestorEmail) -> None:
        self._db.execute(
            "INSERT INTO investor_emails (company_id, approved, body) VALUES (?, ?, ?)",
            (email.company_id, int(email.approved), email.model_dump_json()),
        )

    def latest(self, company_id: str, *, approved: bool | None = None) -> InvestorEmail | None:
        query = "SELECT body FROM investor_emails WHERE company_id = ?"
        params: list[object] = [company_id]
        if approved is not None:
            query += " AND approved = ?"
            params.append(int(approved))
        rows = self._db.rows(query + " ORDER BY seq DESC LIMIT 1", params)
        return InvestorEmail.model_validate_json(rows[0][0]) if rows else None

    def companies(self) -> list[str]:
        rows = self._db.rows("SELECT DISTINCT company_id FROM investor_emails ORDER BY company_id")
        return [str(company) for (company,) in rows]

    def flush(self) -> None:
        self._db.execute("DELETE FROM investor_emails")

    def close(self) -> None:
        self._db.release()
