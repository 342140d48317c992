"""The sync-state port: a live sync's cursor per company, source and conversation.

Kept beside the raw store (the same SQLite file, the same Cassandra keyspace), and
written only after the messages it covers are stored, so a sync killed at any point
fetches again from its last saved place and the raw store drops what it already has.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

State = dict[str, Any]


class SyncState(ABC):
    """Small JSON documents by (company, source, key); a save replaces the previous one."""

    @abstractmethod
    def load(self, company_id: str, source: str, key: str) -> State | None:
        """The saved state, or None when this key was never synced."""

    @abstractmethod
    def save(self, company_id: str, source: str, key: str, state: State) -> None:
        """Replace the state of `key` (idempotent)."""

    @abstractmethod
    def keys(self, company_id: str, source: str) -> list[str]:
        """Every key saved for this company and source, sorted."""

    @abstractmethod
    def clear(self) -> None:
        """Forget every saved state (`sago flush`)."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections."""
