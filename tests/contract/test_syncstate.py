"""The sync-state contract: every adapter keeps one replaceable document per key."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sago.syncstate.base import SyncState


@pytest.fixture(
    params=[pytest.param("sqlite"), pytest.param("cassandra", marks=pytest.mark.cassandra)]
)
def syncstate(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SyncState]:
    state: SyncState
    if request.param == "sqlite":
        from sago.syncstate.sqlite import SqliteSyncState

        state = SqliteSyncState(tmp_path / "messages.sqlite3")
    else:
        from sago.syncstate.cassandra import CassandraSyncState

        state = CassandraSyncState(
            request.getfixturevalue("cassandra_hosts"),
            keyspace=request.getfixturevalue("cassandra_keyspace"),
        )
    yield state
    state.clear()
    state.close()


def test_a_saved_state_is_loaded_and_replaced(syncstate: SyncState) -> None:
    assert syncstate.load("acme", "slack", "C1") is None
    syncstate.save("acme", "slack", "C1", {"latest": "1.5", "window": {"1.5": None}})
    syncstate.save("acme", "slack", "C1", {"latest": "2.5", "window": {}})
    assert syncstate.load("acme", "slack", "C1") == {"latest": "2.5", "window": {}}


def test_keys_are_per_company_and_source(syncstate: SyncState) -> None:
    syncstate.save("acme", "slack", "C2", {"n": 1})
    syncstate.save("acme", "slack", "C1", {"n": 2})
    syncstate.save("acme", "gmail", "me", {"historyId": "7"})
    syncstate.save("globex", "slack", "C9", {"n": 3})
    assert syncstate.keys("acme", "slack") == ["C1", "C2"]
    assert syncstate.keys("acme", "gmail") == ["me"]
    assert syncstate.load("globex", "slack", "C1") is None


def test_state_survives_a_new_connection(syncstate: SyncState, tmp_path: Path) -> None:
    syncstate.save("acme", "gmail", "me", {"historyId": "42"})
    if type(syncstate).__name__ == "SqliteSyncState":
        from sago.syncstate.sqlite import SqliteSyncState

        again: SyncState = SqliteSyncState(tmp_path / "messages.sqlite3")
        try:
            assert again.load("acme", "gmail", "me") == {"historyId": "42"}
        finally:
            again.close()
    else:
        assert syncstate.load("acme", "gmail", "me") == {"historyId": "42"}
