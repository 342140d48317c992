"""The Cassandra driver, configured once: connecting, running many statements, and errors
a user can act on. The raw store above it only speaks CQL."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sago.errors import ServiceUnavailableError, missing_extra

try:
    from cassandra import (
        ConsistencyLevel,
        OperationTimedOut,
        ProtocolVersion,
        Timeout,
        Unavailable,
        UnresolvableContactPoints,
    )
    from cassandra.cluster import (
        EXEC_PROFILE_DEFAULT,
        Cluster,
        ExecutionProfile,
        NoHostAvailable,
    )
    from cassandra.concurrent import execute_concurrent
    from cassandra.connection import ConnectionBusy, ConnectionException
    from cassandra.policies import (
        DCAwareRoundRobinPolicy,
        ExponentialReconnectionPolicy,
        TokenAwarePolicy,
    )
    from cassandra.pool import NoConnectionsAvailable
    from cassandra.query import tuple_factory
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise missing_extra("cassandra-driver", "cassandra") from exc

HOSTS_SETTING = "SAGO_CASSANDRA_HOSTS"
CONSISTENCY_SETTING = "SAGO_CASSANDRA_CONSISTENCY"
_UNREACHABLE = (NoHostAvailable, OperationTimedOut, UnresolvableContactPoints, ConnectionException)
_BUSY = (ConnectionBusy, NoConnectionsAvailable)
_BUSY_PATIENCE = 30.0  # seconds a connection may stay saturated before we give up
# The driver's default reconnection backoff grows to 10 minutes: after a long outage a
# worker would sit idle that long with the node back. 5 s keeps resumption prompt.
_RECONNECT_BASE, _RECONNECT_MAX = 0.5, 5.0


def parse_hosts(hosts: str, default_port: int = 9042) -> list[tuple[str, int]]:
    """`host:port[,host:port]` (IPv6 as `[::1]:9042`) into contact points."""
    points: list[tuple[str, int]] = []
    for part in (p.strip() for p in hosts.split(",")):
        if not part:
            continue
        host, sep, port = part.rpartition(":")
        if not sep or (host.count(":") and not host.startswith("[")):
            host, port = part, str(default_port)
        if not port.isdigit() or not host:
            raise ValueError(f"bad Cassandra host {part!r} in {HOSTS_SETTING}: use host:port")
        points.append((host.strip("[]"), int(port)))
    if not points:
        raise ValueError(f"{HOSTS_SETTING} is empty: give host:port[,host:port]")
    return points


def consistency_level(name: str) -> int:
    level = ConsistencyLevel.name_to_value.get(name.upper())
    if level is None:
        names = ", ".join(sorted(ConsistencyLevel.name_to_value))
        raise ValueError(
            f"unknown Cassandra consistency {name!r} in {CONSISTENCY_SETTING}: {names}"
        )
    return int(level)


def _connection_class() -> Any:
    # libev ships inside the driver's wheels and is its fastest reactor. The fallback is the
    # pure-python asyncio reactor, never asyncore: it is deprecated in 3.11 (a warning that
    # `filterwarnings = error` turns into a failure) and gone in 3.12.
    try:
        from cassandra.io.libevreactor import LibevConnection
    except ImportError:  # pragma: no cover - a driver built without libev
        from cassandra.io.asyncioreactor import AsyncioConnection

        return AsyncioConnection
    return LibevConnection


def make_cluster(
    hosts: str, *, datacenter: str | None, consistency: str, connect_timeout: float,
    request_timeout: float,
) -> Any:  # fmt: skip
    """A Cluster (not yet connected) with every choice made explicitly."""
    profile = ExecutionProfile(
        load_balancing_policy=TokenAwarePolicy(DCAwareRoundRobinPolicy(local_dc=datacenter)),
        consistency_level=consistency_level(consistency),
        request_timeout=request_timeout,
        row_factory=tuple_factory,
    )
    # Protocol v5 is what Cassandra 4.0+ speaks; naming it skips the downgrade dance.
    # Both timeouts bound the start: an unreachable node fails within connect_timeout.
    return Cluster(
        contact_points=parse_hosts(hosts),
        protocol_version=ProtocolVersion.V5,
        execution_profiles={EXEC_PROFILE_DEFAULT: profile},
        connection_class=_connection_class(),
        connect_timeout=connect_timeout,
        control_connection_timeout=connect_timeout,
        reconnection_policy=ExponentialReconnectionPolicy(_RECONNECT_BASE, _RECONNECT_MAX),
    )


def unreachable(exc: BaseException, hosts: str) -> ServiceUnavailableError | None:
    """The error to raise when connecting failed with `exc`, or None if it is not that."""
    if isinstance(exc, _UNREACHABLE):
        return ServiceUnavailableError("Cassandra", HOSTS_SETTING, f"{hosts}: {exc}")
    return None


def _causes(exc: BaseException) -> list[BaseException]:
    """NoHostAvailable wraps what each host answered; the others stand for themselves."""
    if isinstance(exc, NoHostAvailable) and exc.errors:
        return list(exc.errors.values())
    return [exc]


@contextmanager
def explained() -> Iterator[None]:
    """Errors a user can fix, and lost or timed-out connections, become
    ServiceUnavailableError naming the setting (the pipeline retries those mid-run)."""
    try:
        yield
    except (Unavailable, NoHostAvailable) as exc:
        for cause in _causes(exc):
            if isinstance(cause, Unavailable):
                level = ConsistencyLevel.value_to_name.get(cause.consistency, cause.consistency)
                detail = (
                    f"consistency {level} needs {cause.required_replicas} replicas,"
                    f" {cause.alive_replicas} alive; lower it or the keyspace's replication"
                    " factor"
                )
                raise ServiceUnavailableError("Cassandra", CONSISTENCY_SETTING, detail) from exc
        raise ServiceUnavailableError("Cassandra", HOSTS_SETTING, str(exc)) from exc
    except (*_UNREACHABLE, Timeout) as exc:
        # A connection dropped or a request timed out (client- or coordinator-side): every
        # statement here is idempotent, so the caller may run it again.
        detail = f"{type(exc).__name__}: {exc}"
        raise ServiceUnavailableError("Cassandra", HOSTS_SETTING, detail) from exc


def run_concurrently(session: Any, work: Sequence[tuple[Any, Any]], concurrency: int) -> list[Any]:
    """Execute (statement, params) pairs concurrently; the results in the given order.

    The driver refuses a request outright (ConnectionBusy) while a connection's socket
    buffer is full, which large batches sent side by side cause; with one node there is no
    other host to try. Such a request was never sent, so it is sent again after a pause.
    Every statement here is idempotent, so that is safe in any case.
    """
    results: list[Any] = [None] * len(work)
    pending = list(range(len(work)))
    deadline, pause = time.monotonic() + _BUSY_PATIENCE, 0.005
    while pending:
        outcomes = execute_concurrent(
            session,
            [work[i] for i in pending],
            concurrency=concurrency,
            raise_on_first_error=False,
        )
        busy = []
        for index, (ok, result) in zip(pending, outcomes, strict=True):
            if ok:
                results[index] = result
            elif all(isinstance(c, _BUSY) for c in _causes(result)) and time.monotonic() < deadline:
                busy.append(index)
            else:
                with explained():
                    raise result
        pending = busy
        if pending:
            time.sleep(pause)
            pause = min(pause * 2, 0.5)
    return results
