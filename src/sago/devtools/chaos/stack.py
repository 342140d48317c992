"""The scale path's servers, and one scenario's private corner of them.

A scenario gets its own Kafka topics and consumer group, Redis key prefix, PostgreSQL
schema and Cassandra keyspace (or the caller's, emptied afterwards), so it never sees
another run's records, batches or events.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import quote, urlsplit, urlunsplit

from pydantic import SecretStr

from sago import bootstrap
from sago.bootstrap.harness import drop_cassandra_keyspace, kafka_client_config
from sago.config import Settings
from sago.devtools.chaos.procs import ChaosError
from sago.devtools.chaos.state import Snapshot

Service = Literal["kafka", "redis", "postgres", "cassandra"]
SERVICES: tuple[Service, ...] = ("postgres", "redis", "kafka", "cassandra")
# The Settings field naming each server, and the variable a user sets it with.
FIELDS: dict[Service, str] = {
    "kafka": "kafka_bootstrap",
    "redis": "redis_url",
    "postgres": "postgres_dsn",
    "cassandra": "cassandra_hosts",
}
ENV_VARS: dict[Service, str] = {service: f"SAGO_{name.upper()}" for service, name in FIELDS.items()}


@dataclass(frozen=True)
class Servers:
    """Where the four servers listen, as the settings (their SAGO_* variables) give them."""

    addresses: dict[Service, str]

    @classmethod
    def from_settings(cls, settings: Settings) -> Servers:
        """The servers the settings name. A default address is not a server someone
        started, so each must be set (environment, .env or config.yaml) and non-empty."""
        addresses = {service: _address(settings, name) for service, name in FIELDS.items()}
        missing = [
            ENV_VARS[service]
            for service, name in FIELDS.items()
            if name not in settings.model_fields_set or not addresses[service]
        ]
        if missing:
            raise ChaosError(
                f"the scale path needs {', '.join(missing)}: run `make services-up` and "
                '`eval "$(python3 scripts/services.py env)"` first'
            )
        return cls(addresses)

    def endpoint(self, service: Service) -> tuple[str, int]:
        """The (host, port) a TCP proxy must forward to."""
        value = self.addresses[service]
        if service in ("redis", "postgres"):
            parts = urlsplit(value)
            return parts.hostname or "127.0.0.1", parts.port or _DEFAULT_PORTS[service]
        first = value.split(",")[0].strip()
        host, _, port = first.rpartition(":")
        return host.strip("[]") or "127.0.0.1", int(port)

    def via(self, service: Service, port: int) -> Servers:
        """The same servers, but `service` reached through 127.0.0.1:`port` (a proxy)."""
        value = self.addresses[service]
        if service in ("redis", "postgres"):
            parts = urlsplit(value)
            auth = parts.netloc.rpartition("@")[0]
            netloc = f"{auth}@127.0.0.1:{port}" if auth else f"127.0.0.1:{port}"
            value = urlunsplit(parts._replace(netloc=netloc))
        else:
            value = f"127.0.0.1:{port}"
        return Servers({**self.addresses, service: value})


_DEFAULT_PORTS = {"redis": 6379, "postgres": 5432}


def _address(settings: Settings, name: str) -> str:
    value = getattr(settings, name)
    return value.get_secret_value() if isinstance(value, SecretStr) else str(value)


def settings_of(env: Mapping[str, str]) -> Settings:
    """The settings a process started with `env` loads: these SAGO_* values over the
    rest of its environment (init values win over the environment in pydantic-settings)."""
    values: dict[str, Any] = {
        name.removeprefix("SAGO_").lower(): value
        for name, value in env.items()
        if name.startswith("SAGO_")
    }
    return Settings(**values)


@dataclass
class Stack:
    """One scenario's names on the shared servers; `env()` is what its processes get."""

    servers: Servers
    company_id: str
    keyspace: str | None = None  # None: a keyspace of its own, dropped by `close()`
    name: str = field(default_factory=lambda: f"chaos{uuid.uuid4().hex[:10]}")

    def __post_init__(self) -> None:
        self.own_keyspace = self.keyspace is None
        self.keyspace = self.keyspace or self.name

    def env(self, servers: Servers | None = None, **extra: str) -> dict[str, str]:
        servers = servers or self.servers
        dsn = servers.addresses["postgres"]
        separator = "&" if "?" in dsn else "?"
        return {
            "SAGO_COMPANY_ID": self.company_id,
            "SAGO_QUEUE": "kafka",
            "SAGO_KAFKA_BOOTSTRAP": servers.addresses["kafka"],
            "SAGO_KAFKA_TOPIC_SLACK": f"{self.name}-slack",
            "SAGO_KAFKA_TOPIC_GMAIL": f"{self.name}-gmail",
            "SAGO_KAFKA_GROUP": self.name,
            "SAGO_BATCHER": "redis",
            "SAGO_REDIS_URL": servers.addresses["redis"],
            "SAGO_REDIS_PREFIX": self.name,
            "SAGO_EVENTSTORE": "postgres",
            "SAGO_POSTGRES_DSN": f"{dsn}{separator}options={quote(f'-csearch_path={self.name}')}",
            "SAGO_RAWSTORE": "cassandra",
            "SAGO_CASSANDRA_HOSTS": servers.addresses["cassandra"],
            "SAGO_CASSANDRA_KEYSPACE": str(self.keyspace),
            # Workers never see an end of input: a source's last partial batch goes after
            # this wait. A killed worker's claimed batch is claimable again after the lease.
            "SAGO_BATCH_MAX_WAIT": "1",
            "SAGO_BATCH_LEASE": "10",
            **extra,
        }

    def settings(self) -> Settings:
        """What the scenario's processes load from `env()`: the orchestrator opens the
        same stores through bootstrap as they do."""
        return settings_of(self.env())

    # -- reading the shared state ------------------------------------------------------------

    def make_schema(self) -> None:
        """The scenario's PostgreSQL schema: its workers' DSN names it and expects it."""
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.servers.addresses["postgres"], autocommit=True) as conn:
            make = sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(self.name))
            conn.execute(make)

    def open(self) -> StackView:
        """The scenario's stores (its schema made first)."""
        self.make_schema()
        return StackView(self)

    def close(self) -> None:
        """Remove what the scenario left on the servers."""
        import psycopg
        from psycopg import sql

        batcher = bootstrap.build_batcher(self.settings())
        batcher.clear()
        batcher.close()
        with psycopg.connect(self.servers.addresses["postgres"], autocommit=True) as conn:
            drop = sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(self.name))
            conn.execute(drop)
        if self.own_keyspace:
            drop_keyspace(self.servers.addresses["cassandra"], str(self.keyspace))
        else:
            view = self.open()
            view.raw.flush()
            view.close()
        _delete_topics(self.settings(), self.name)


class StackView:
    """The scenario's stores, lag and pending batches, read from the orchestrating process."""

    def __init__(self, stack: Stack) -> None:
        settings = stack.settings()
        self.company_id = stack.company_id
        self.raw = bootstrap.build_rawstore(settings)
        self.events = bootstrap.build_eventstore(settings)
        self.batcher = bootstrap.build_batcher(settings)
        # A producer only: the view reads the group's lag, it must not join the group.
        self.queue = bootstrap.build_queue(settings, consume=False)

    def extracted(self) -> int:
        from sago.domain.message import MessageStatus

        return self.raw.count(self.company_id, MessageStatus.EXTRACTED)

    def drained(self) -> bool:
        """No lag in the group and nothing queued or claimed in the batcher."""
        return self.queue.backlog() == 0 and self.batcher.pending() == 0

    def snapshot(self) -> Snapshot:
        return Snapshot.capture(self.company_id, self.raw, self.events)

    def close(self) -> None:
        for part in (self.queue, self.batcher, self.events, self.raw):
            part.close()


def drop_keyspace(hosts: str, keyspace: str) -> None:
    drop_cassandra_keyspace(hosts, keyspace)


def _delete_topics(settings: Settings, name: str) -> None:
    from confluent_kafka.admin import AdminClient

    admin = AdminClient(kafka_client_config(settings, logging.getLogger(__name__)))
    topics = [
        f"{name}-{source}{suffix}" for source in ("slack", "gmail") for suffix in ("", ".dlq")
    ]
    for future in admin.delete_topics(topics, request_timeout=10).values():
        # Tidying up: a topic that was never made is fine.
        with contextlib.suppress(Exception):
            future.result(timeout=20)
