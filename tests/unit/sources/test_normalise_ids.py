"""The Slack payload's ids are computed fast, and still exactly as the stdlib computes them."""

from __future__ import annotations

import uuid

import pytest

from sago.sources.normalise import _NAMESPACE, client_msg_id


@pytest.mark.parametrize(
    ("company", "native"),
    [("acme", "1"), ("a c:me", "ünïcode ✓"), ("x" * 128, "9" * 512), ("", "")],
)
def test_client_msg_id_is_uuid5(company: str, native: str) -> None:
    assert client_msg_id(company, native) == str(uuid.uuid5(_NAMESPACE, f"{company}:{native}"))
