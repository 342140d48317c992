"""What the harness tests share."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture
def clean_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No SAGO_* from the shell (CI exports server addresses), no config.yaml or .env."""
    for name in list(os.environ):
        if name.startswith("SAGO_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("SAGO_CONFIG", str(tmp_path / "absent.yaml"))
    monkeypatch.chdir(tmp_path)
