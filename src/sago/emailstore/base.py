"""The email store port: every draft of the investor update, newest last."""

from __future__ import annotations

from abc import ABC, abstractmethod

from sago.domain.email import InvestorEmail


class EmailStore(ABC):
    """Keeps each saved version of a company's investor email; the newest one wins.

    The dashboard edits and approves drafts, `sago run` drafts them, and `sago update`
    reads the last approved one, so versions are appended, never overwritten."""

    @abstractmethod
    def save(self, email: InvestorEmail) -> None:
        """Keep a drafted (or approved) investor email as the company's newest."""

    @abstractmethod
    def latest(self, company_id: str, *, approved: bool | None = None) -> InvestorEmail | None:
        """The newest email of a company (optionally only approved / only drafts)."""

    @abstractmethod
    def companies(self) -> list[str]:
        """Every company with an email, sorted."""

    @abstractmethod
    def flush(self) -> None:
        """Delete every email."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections."""
