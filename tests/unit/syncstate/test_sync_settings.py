"""Sync secrets come from the environment or a 0600 file, and a missing one is one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from sago import bootstrap
from sago.config import Settings
from sago.syncstate.sqlite import SqliteSyncState


def test_the_token_file_must_be_private(tmp_path: Path) -> None:
    token = tmp_path / "token"
    token.write_text("xoxb-from-file\n")
    token.chmod(0o640)
    settings = Settings(slack_token_file=token)
    with pytest.raises(ValueError, match=r"readable by others \(mode 640\); run chmod 600"):
        settings.slack_bot_token()
    token.chmod(0o600)
    found = settings.slack_bot_token()
    assert found is not None
    assert found.get_secret_value() == "xoxb-from-file"
    assert "xoxb" not in repr(settings)


def test_the_environment_token_wins_under_either_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-env")
    token = Settings().slack_bot_token()
    assert token is not None
    assert token.get_secret_value() == "xoxb-env"
    monkeypatch.delenv("SLACK_BOT_TOKEN")
    monkeypatch.setenv("SAGO_SLACK_TOKEN", "xoxb-sago")
    token = Settings().slack_bot_token()
    assert token is not None
    assert token.get_secret_value() == "xoxb-sago"


@pytest.mark.parametrize(
    ("kind", "setting"), [("slack", "SLACK_BOT_TOKEN"), ("gmail", "SAGO_GMAIL_CREDENTIALS")]
)
def test_a_sync_without_its_secret_names_the_setting(
    kind: str, setting: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("SLACK_BOT_TOKEN", "SAGO_SLACK_TOKEN", "SAGO_GMAIL_CREDENTIALS"):
        monkeypatch.delenv(name, raising=False)
    state = SqliteSyncState(tmp_path / "messages.sqlite3")
    try:
        with pytest.raises(ValueError, match=setting):
            bootstrap.build_sync(Settings(data_dir=tmp_path), kind, state)
    finally:
        state.close()
