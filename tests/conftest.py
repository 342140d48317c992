"""Suite-wide guards and service fixtures."""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from support import netguard


@pytest.fixture(autouse=True, scope="session")
def _no_external_network() -> Iterator[None]:
    """Any test that would reach a real provider (or any non-loopback host) fails."""
    netguard.install()
    try:
        yield
    finally:
        netguard.uninstall()


# -- real services ------------------------------------------------------------------------
# A server comes from its SAGO_* variable (as `scripts/services.py up` exports them), or is
# started on demand when SAGO_START_SERVICES=1. Otherwise its tests skip, naming the
# variable, unless SAGO_REQUIRE_SERVICES=1 (CI), where a missing server fails the run.

SERVICE_VARS = {
    "kafka": "SAGO_KAFKA_BOOTSTRAP",
    "redis": "SAGO_REDIS_URL",
    "postgres": "SAGO_POSTGRES_DSN",
    "cassandra": "SAGO_CASSANDRA_HOSTS",
}
_REPO = Path(__file__).resolve().parents[1]


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes"}


def service_value(name: str) -> str:
    """The address of a real server, or skip (fail under SAGO_REQUIRE_SERVICES=1)."""
    var = SERVICE_VARS[name]
    if os.environ.get(var):
        return os.environ[var]
    start = f"`.venv/bin/python scripts/services.py up {name}`"
    problem = f"{name} is not available: set {var} or run {start}"
    if _flag("SAGO_START_SERVICES") or _flag("SAGO_REQUIRE_SERVICES"):
        sys.path.insert(0, str(_REPO / "scripts"))
        try:
            import services  # type: ignore[import-not-found]

            value = str(services.ensure([name])[var])
            os.environ[var] = value
            return value
        except Exception as exc:  # noqa: BLE001 - any start-up failure becomes the skip reason
            problem = f"{problem} (starting it failed: {str(exc)[-2000:]})"
        finally:
            sys.path.remove(str(_REPO / "scripts"))
    if _flag("SAGO_REQUIRE_SERVICES"):
        pytest.fail(f"SAGO_REQUIRE_SERVICES=1 but {problem}", pytrace=False)
    pytest.skip(problem)


@pytest.fixture(scope="session")
def kafka_bootstrap() -> str:
    return service_value("kafka")


@pytest.fixture(scope="session")
def redis_url() -> str:
    return service_value("redis")


@pytest.fixture(scope="session")
def postgres_dsn() -> str:
    return service_value("postgres")


@pytest.fixture(scope="session")
def cassandra_hosts() -> str:
    return service_value("cassandra")


@pytest.fixture(scope="session")
def cassandra_keyspace(cassandra_hosts: str) -> Iterator[str]:
    """One keyspace for the whole run (creating one is a slow schema change), dropped at
    the end; each test empties it with `store.flush()`."""
    keyspace = f"sago_test_{uuid.uuid4().hex[:12]}"
    yield keyspace
    from support.cassandra import drop_keyspace

    drop_keyspace(cassandra_hosts, keyspace)


@pytest.fixture
def unique_name(request: pytest.FixtureRequest) -> str:
    """A name no other test (or test run) uses: keys, keyspaces, databases, topics."""
    return f"t{uuid.uuid4().hex[:12]}"
