"""`SqliteRawStore.messages` streams in chunks: every message once, in (time, id) order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sago.rawstore import sqlite
from sago.rawstore.sqlite import SqliteRawStore
from support.factories import T0, message


def test_chunks_split_inside_a_tie_of_timestamps_lose_and_double_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite, "_CHUNK", 3)  # chunks of 3 over runs of 4 equal timestamps
    store = SqliteRawStore(tmp_path / "raw.db")
    stored = [message(n, minutes=n // 4) for n in range(1, 15)]
    stored.append(message(99, company="other"))
    store.store(stored)
    read = list(store.messages("acme"))
    expected = sorted(
        (m for m in stored if m.company_id == "acme"), key=lambda m: (m.timestamp, m.id)
    )
    assert [m.id for m in read] == [m.id for m in expected]
    window = list(
        store.messages("acme", T0 + dt.timedelta(minutes=1), T0 + dt.timedelta(minutes=3))
    )
    assert [m.id for m in window] == [
        m.id for m in expected if 1 <= (m.timestamp - T0).seconds // 60 < 3
    ]
    assert len(window) == 8
