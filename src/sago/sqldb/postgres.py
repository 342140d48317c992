"""One PostgreSQL connection pool, shared by the stores kept in the same database."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sago.errors import ServiceUnavailableError, SetupError, missing_extra

try:
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import conninfo_to_dict
    from psycopg_pool import ConnectionPool
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise missing_extra("psycopg", "postgres") from exc

Connection = psycopg.Connection[tuple[Any, ...]]
# Serialises schema set-up of concurrently starting workers: two sessions running
# CREATE TABLE IF NOT EXISTS at once can still collide on the catalog's unique indexes.
_SETUP_LOCK = 0x5A90_E7E5
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")


class PostgresDatabase:
    """A pool on one database (and optionally one schema, the stores' search_path).

    Stores that share it call `share()` when they take it and `release()` when they close;
    the pool closes with the last of them. A server that cannot be reached, or drops us,
    surfaces as `ServiceUnavailableError` naming SAGO_POSTGRES_DSN, never with the password.
    """

    def __init__(
        self,
        dsn: str,
        *,
        schema: str | None = None,
        min_size: int = 1,
        max_size: int = 4,
        connect_timeout: float = 5.0,
    ) -> None:
        if schema is not None and not _IDENTIFIER.fullmatch(schema):
            raise ValueError(f"invalid PostgreSQL schema name {schema!r}")
        self.schema = schema
        kwargs: dict[str, Any] = {
            # libpq counts whole seconds and treats anything below 2 as 2.
            "connect_timeout": max(2, round(connect_timeout)),
            "application_name": "sago",
        }
        if schema is not None:
            kwargs["options"] = f"-c search_path={schema}"
        self._dsn = dsn
        self._connect_kwargs = kwargs
        # How long one call waits for a pooled connection: as long as connecting may take.
        # During an outage the call then fails with ServiceUnavailableError, and the
        # pipeline logs it, backs off and retries.
        self._wait = connect_timeout
        self._holders = 0
        self._pool: ConnectionPool[Connection] = ConnectionPool(
            dsn,
            min_size=min_size,
            max_size=max_size,
            kwargs=kwargs,
            open=False,
            check=ConnectionPool.check_connection,
            name="sago-stores",
            # The pool's own reconnect backoff doubles without a cap (for 5 minutes by
            # default), so after an outage it could stay asleep for a minute with the
            # server back. Giving up early lets the next request start a fresh attempt.
            reconnect_timeout=self._wait,
        )
        self._opened = False
        self._connect_timeout = connect_timeout

    def share(self) -> PostgresDatabase:
        self._holders += 1
        return self

    def release(self) -> None:
        self._holders -= 1
        if self._holders <= 0:
            self._pool.close()

    def set_up(self, step: Callable[[Connection], None]) -> None:
        """Run a store's schema step once at start, under a database-wide lock, in the
        schema (created if missing); then open the pool if it is not open yet."""
        try:
            conn = psycopg.connect(self._dsn, **self._connect_kwargs)
        except psycopg.OperationalError as exc:
            raise self.unavailable(exc) from exc
        try:
            with conn, conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SETUP_LOCK,))
                if self.schema is not None:
                    make = sql.SQL("CREATE SCHEMA IF NOT EXISTS {}")
                    conn.execute(make.format(sql.Identifier(self.schema)))
                step(conn)
        except psycopg.errors.InvalidSchemaName as exc:
            # A search_path in the DSN's options that names no existing schema: we do not
            # create a schema the user only named, we say which setting to fix.
            raise SetupError(
                "PostgreSQL has no schema to create the tables in (the search_path in "
                "SAGO_POSTGRES_DSN names none that exists): create it or fix the DSN"
            ) from exc
        if not self._opened:
            try:
                self._pool.open(wait=True, timeout=self._connect_timeout + 1)
            except Exception as exc:
                self._pool.close()
                raise self.unavailable(exc) from exc
            self._opened = True

    def unavailable(self, exc: Exception) -> ServiceUnavailableError:
        detail = str(exc).strip() or type(exc).__name__
        try:
            params = conninfo_to_dict(self._dsn)
        except psycopg.ProgrammingError:
            params = {}
        password = params.get("password")
        if password:  # libpq does not echo it, but never risk a secret in a log line
            detail = detail.replace(str(password), "***")
        where = f"{params.get('host', 'localhost')}:{params.get('port', 5432)}"
        return ServiceUnavailableError("PostgreSQL", "SAGO_POSTGRES_DSN", f"{where}: {detail}")

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        try:
            with self._pool.connection(timeout=self._wait) as conn:
                yield conn
        except psycopg.OperationalError as exc:
            if not lost_server(exc):
                raise  # e.g. a deadlock or a cancelled query: the server is fine
            raise self.unavailable(exc) from exc


def lost_server(exc: psycopg.OperationalError) -> bool:
    """No server answered (no SQLSTATE: refused, pool timeout), or it dropped us (08xxx,
    shutdown). Deadlocks and serialisation failures are OperationalErrors too, but retryable."""
    state = exc.sqlstate
    return state is None or state.startswith("08") or state in {"57P01", "57P02", "57P03"}


def shared(
    where: str | PostgresDatabase, *, schema: str | None = None, tables: str
) -> PostgresDatabase:
    """The database a store keeps its tables in (the one given, or its own pool on the
    DSN `where`, in `schema`), with `tables` (idempotent DDL) created if missing."""
    database = (
        where if isinstance(where, PostgresDatabase) else PostgresDatabase(where, schema=schema)
    ).share()
    try:
        database.set_up(lambda conn: _execute(conn, tables))
    except BaseException:
        database.release()
        raise
    return database


def _execute(conn: Connection, statements: str) -> None:
    conn.execute(statements.encode())
