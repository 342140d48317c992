"""Fixtures the live-sync tests share."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sago.syncstate.sqlite import SqliteSyncState


@pytest.fixture
def state(tmp_path: Path) -> Iterator[SqliteSyncState]:
    """An empty sync state in the raw store's SQLite file."""
    store = SqliteSyncState(tmp_path / "messages.sqlite3")
    yield store
    store.close()
