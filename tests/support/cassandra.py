"""Test isolation on a shared Cassandra node: a keyspace per test session, dropped after.

Creating a keyspace and its tables is a schema change every node must agree on, so the
tests share one keyspace and each test truncates it (`store.flush()`) when it ends.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from cassandra import ProtocolVersion
from cassandra.cluster import EXEC_PROFILE_DEFAULT, Cluster, ExecutionProfile
from cassandra.policies import DCAwareRoundRobinPolicy, TokenAwarePolicy

from sago.rawstore.cassandra_session import parse_hosts


@contextmanager
def connect(hosts: str) -> Iterator[Any]:
    """A driver session of its own, for what the store does not expose."""
    profile = ExecutionProfile(
        load_balancing_policy=TokenAwarePolicy(DCAwareRoundRobinPolicy()), request_timeout=30
    )
    cluster = Cluster(
        contact_points=parse_hosts(hosts),
        protocol_version=ProtocolVersion.V5,
        execution_profiles={EXEC_PROFILE_DEFAULT: profile},
        connect_timeout=5,
    )
    try:
        yield cluster.connect()
    finally:
        cluster.shutdown()


def run_cql(hosts: str, *statements: str) -> list[list[Any]]:
    """Run statements on a fresh connection; their rows."""
    with connect(hosts) as session:
        return [list(session.execute(statement)) for statement in statements]


def drop_keyspace(hosts: str, keyspace: str) -> None:
    run_cql(hosts, f"DROP KEYSPACE IF EXISTS {keyspace}")
