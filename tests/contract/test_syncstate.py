"""The sync-state contract: every adapter keeps one replaceable document per key."""

from __future__ import annotations

from sago import bootstrap
from sago.config import Settings
from sago.syncstate.base import SyncState


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


def test_state_survives_a_new_connection(
    syncstate: SyncState, syncstate_settings: Settings
) -> None:
    syncstate.save("acme", "gmail", "me", {"historyId": "42"})
    again = bootstrap.build_syncstate(syncstate_settings)
    try:
        assert again.load("acme", "gmail", "me") == {"historyId": "42"}
    finally:
        again.close()
