"""Every adapter of a port runs the same contract tests.

Each fixture is parametrised over the port's adapters: the embedded one always, the
real-server ones with their service marker (they skip, or fail under
SAGO_REQUIRE_SERVICES=1, when the server is absent). Every adapter is built the way
`sago run` builds it, by `sago.bootstrap` from Settings; a test's isolation (its own file,
keyspace, key prefix, schema or topics) is a setting like any user's.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from sago import bootstrap
from sago.batching.base import Batcher
from sago.config import Settings
from sago.emailstore.base import EmailStore
from sago.eventstore.base import EventStore
from sago.queue.base import MessageQueue
from sago.rawstore.base import RawStore
from sago.runlog.base import RunLog
from sago.syncstate.base import SyncState
from support.factories import settings

LEASE = 1.0
MAX_WAIT = 0.5


@pytest.fixture(
    params=[pytest.param("sqlite"), pytest.param("cassandra", marks=pytest.mark.cassandra)]
)
def rawstore(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RawStore]:
    fields: dict[str, Any] = {"data_dir": tmp_path, "rawstore": request.param}
    if request.param == "cassandra":
        # The session's keyspace, emptied by the flush below after each test.
        fields["cassandra_hosts"] = request.getfixturevalue("cassandra_hosts")
        fields["cassandra_keyspace"] = request.getfixturevalue("cassandra_keyspace")
    store = bootstrap.build_rawstore(settings(**fields))
    yield store
    store.flush()
    store.close()


@pytest.fixture(
    params=[pytest.param("sqlite"), pytest.param("cassandra", marks=pytest.mark.cassandra)]
)
def syncstate_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Live syncs keep their place beside the raw store: the same file or keyspace."""
    fields: dict[str, Any] = {"data_dir": tmp_path, "rawstore": request.param}
    if request.param == "cassandra":
        fields["cassandra_hosts"] = request.getfixturevalue("cassandra_hosts")
        fields["cassandra_keyspace"] = request.getfixturevalue("cassandra_keyspace")
    return settings(**fields)


@pytest.fixture
def syncstate(syncstate_settings: Settings) -> Iterator[SyncState]:
    state = bootstrap.build_syncstate(syncstate_settings)
    yield state
    state.clear()
    state.close()


def make_batcher(kind: str, request: pytest.FixtureRequest, threshold: int) -> Batcher:
    fields: dict[str, Any] = {
        "batcher": kind,
        "batch_size": threshold,
        "batch_max_wait": MAX_WAIT,
        "batch_lease": LEASE,
    }
    if kind == "redis":
        # A key prefix per batcher: each factory call starts empty, like a new MemoryBatcher;
        # the factory's teardown clears it.
        fields["redis_url"] = request.getfixturevalue("redis_url")
        fields["redis_prefix"] = f"sago-test:{uuid.uuid4().hex[:12]}"
    return bootstrap.build_batcher(settings(**fields))


@pytest.fixture(params=[pytest.param("memory"), pytest.param("redis", marks=pytest.mark.redis)])
def batcher_factory(request: pytest.FixtureRequest) -> Iterator[Callable[..., Batcher]]:
    made: list[Batcher] = []

    def factory(threshold: int = 5) -> Batcher:
        batcher = make_batcher(request.param, request, threshold)
        made.append(batcher)
        return batcher

    yield factory
    for batcher in made:
        batcher.clear()
        batcher.close()


@pytest.fixture(
    params=[pytest.param("sqlite"), pytest.param("postgres", marks=pytest.mark.postgres)]
)
def stores(
    request: pytest.FixtureRequest, tmp_path: Path, unique_name: str
) -> Iterator[bootstrap.Stores]:
    """The event store, email store and run log as `sago run` wires them: one database."""
    with ExitStack() as cleanup:
        fields: dict[str, Any] = {"data_dir": tmp_path, "eventstore": request.param}
        if request.param == "postgres":
            from support.postgres import schema_dsn

            # A schema per test, as a user would set it: the DSN's search_path. Dropped
            # afterwards.
            dsn = request.getfixturevalue("postgres_dsn")
            fields["postgres_dsn"] = cleanup.enter_context(schema_dsn(dsn, unique_name))
        made = bootstrap.build_stores(settings(**fields))
        yield made
        for store in (made.eventstore, made.emailstore, made.runlog):
            store.flush()
        made.close()


@pytest.fixture
def eventstore(stores: bootstrap.Stores) -> EventStore:
    return stores.eventstore


@pytest.fixture
def emailstore(stores: bootstrap.Stores) -> EmailStore:
    return stores.emailstore


@pytest.fixture
def runlog(stores: bootstrap.Stores) -> RunLog:
    return stores.runlog


@pytest.fixture(params=[pytest.param("embedded"), pytest.param("kafka", marks=pytest.mark.kafka)])
def queue(request: pytest.FixtureRequest, unique_name: str) -> Iterator[MessageQueue]:
    fields: dict[str, Any] = {"queue": request.param}
    if request.param == "kafka":
        # Own topics and group per test: no test sees another's records or offsets.
        fields |= {
            "kafka_bootstrap": request.getfixturevalue("kafka_bootstrap"),
            "kafka_group": unique_name,
            "kafka_topic_slack": f"{unique_name}-slack",
            "kafka_topic_gmail": f"{unique_name}-gmail",
        }
    q = bootstrap.build_queue(settings(**fields))
    yield q
    q.close()
