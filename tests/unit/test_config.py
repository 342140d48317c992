"""Settings: environment, .env, config.yaml with the seed's keys, and clear failures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pydantic import ValidationError

from sago.config import Settings


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith("SAGO_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def test_defaults_are_the_embedded_stack() -> None:
    settings = Settings()
    assert (settings.queue, settings.rawstore, settings.batcher, settings.eventstore) == (
        "embedded",
        "sqlite",
        "memory",
        "sqlite",
    )
    assert settings.batch_size == 200
    assert settings.llm == "rules"
    assert settings.data_dir == Path(".sago")


def test_config_yaml_accepts_the_seeds_keys(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text(
        "application:\n"
        "  cache_trigger_threshold: 150\n"
        "  data_file_path: data/other.csv\n"
        "  company_id: acme\n"
        "redis:\n"
        "  ttl: 3600\n"
    )
    settings = Settings()
    assert settings.batch_size == 150
    assert settings.data_file_path == Path("data/other.csv")
    assert settings.company_id == "acme"
    assert settings.redis_ttl == 3600


def test_environment_beats_config_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "config.yaml").write_text("company_id: from-yaml\nbatch_size: 10\n")
    monkeypatch.setenv("SAGO_COMPANY_ID", "from-env")
    settings = Settings()
    assert settings.company_id == "from-env"
    assert settings.batch_size == 10


def test_dotenv_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("SAGO_COMPANY_ID=dotenv-co\n")
    assert Settings().company_id == "dotenv-co"


def test_config_path_from_sago_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = tmp_path / "elsewhere.yaml"
    other.write_text("company_id: elsewhere\n")
    monkeypatch.setenv("SAGO_CONFIG", str(other))
    assert Settings().company_id == "elsewhere"


def test_a_backend_typo_fails_naming_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAGO_BATCHER", "redsi")
    with pytest.raises(ValidationError) as caught:
        Settings()
    assert caught.value.errors()[0]["loc"] == ("batcher",)


@pytest.mark.parametrize("value", ["claude", "gemini", "openai:"])
def test_llm_names_are_checked(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAGO_LLM", value)
    with pytest.raises(ValidationError):
        Settings()


def test_secrets_do_not_show_in_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAGO_POSTGRES_DSN", "postgresql://u:hunter2@db/x")
    assert "hunter2" not in repr(Settings())
