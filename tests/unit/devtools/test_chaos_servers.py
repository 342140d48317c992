"""`sago chaos` finds the scale path's servers in Settings, not in os.environ."""

from __future__ import annotations

import pytest

from sago.config import Settings
from sago.devtools.chaos.procs import ChaosError
from sago.devtools.chaos.stack import ENV_VARS, Servers, Stack, settings_of

ADDRESSES = {
    "SAGO_KAFKA_BOOTSTRAP": "10.0.0.1:9092",
    "SAGO_REDIS_URL": "redis://10.0.0.2:6379/0",
    "SAGO_POSTGRES_DSN": "postgresql://u:p@10.0.0.3:5432/db",
    "SAGO_CASSANDRA_HOSTS": "10.0.0.4:9042",
}

# No SAGO_* from the shell, no config.yaml or .env (the conftest fixture).
pytestmark = pytest.mark.usefixtures("clean_settings")


def test_the_servers_come_from_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in ADDRESSES.items():
        monkeypatch.setenv(name, value)
    servers = Servers.from_settings(Settings())
    assert {ENV_VARS[s]: a for s, a in servers.addresses.items()} == ADDRESSES
    assert servers.endpoint("postgres") == ("10.0.0.3", 5432)


def test_a_default_address_is_not_a_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAGO_KAFKA_BOOTSTRAP", ADDRESSES["SAGO_KAFKA_BOOTSTRAP"])
    monkeypatch.setenv("SAGO_REDIS_URL", "")
    with pytest.raises(ChaosError) as error:
        Servers.from_settings(Settings())
    message = str(error.value)
    assert "SAGO_REDIS_URL" in message  # set, but empty
    assert "SAGO_POSTGRES_DSN" in message
    assert "SAGO_CASSANDRA_HOSTS" in message
    assert "SAGO_KAFKA_BOOTSTRAP" not in message


def test_the_view_loads_what_the_workers_load() -> None:
    servers = Servers({s: ADDRESSES[v] for s, v in ENV_VARS.items()})
    stack = Stack(servers, "acme", keyspace="ks")
    settings = stack.settings()
    assert settings == settings_of(stack.env())
    assert (settings.queue, settings.batcher, settings.rawstore) == ("kafka", "redis", "cassandra")
    assert settings.kafka_topic_slack == f"{stack.name}-slack"
    assert settings.redis_prefix == stack.name
    assert settings.cassandra_keyspace == "ks"
    assert "search_path" in settings.postgres_dsn.get_secret_value()
    assert settings.batch_lease == 10
