"""PostgreSQL from Debian's packages: a fresh cluster per `up`, durability off, loopback only."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from servers.common import HOST, TIMEOUTS, Service, ServiceError, apt_install, free_ports, log_tail
from servers.process import discard, launch, wait_ready, with_bind_retries

DATABASE = "sago_test"
SUPERUSER = "postgres"


def bindir() -> Path | None:
    """The newest installed server's bin folder (Debian keeps one per major version)."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/postgres"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if candidates:
        return candidates[-1].parent
    found = shutil.which("postgres")
    return Path(found).resolve().parent if found else None


def server_command(binaries: Path, pgdata: Path, port: int) -> list[str]:
    return [
        str(binaries / "postgres"), "-D", str(pgdata), "-p", str(port),
        "-c", f"listen_addresses={HOST}", "-c", "unix_socket_directories=",
        # Throwaway test data: durability off for speed.
        "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
        "-c", "max_connections=200", "-c", "shared_buffers=128MB",
    ]  # fmt: skip


def _connect(port: int, host: str) -> Any:
    import psycopg

    try:
        return psycopg.connect(
            host=host, port=port, user=SUPERUSER, dbname="postgres", connect_timeout=5,
            autocommit=True,
        )  # fmt: skip
    except psycopg.Error as exc:
        raise ConnectionError(f"PostgreSQL connection failed: {exc}") from exc


def ping(port: int, host: str = HOST) -> str:
    """`SELECT 1` through psycopg; returns the server's version."""
    import psycopg

    with _connect(port, host) as conn:
        try:
            conn.execute("SELECT 1").fetchone()
        except psycopg.Error as exc:
            raise ConnectionError(f"PostgreSQL SELECT 1 failed: {exc}") from exc
        return str(conn.info.parameter_status("server_version") or "?").split()[0]


def ensure_database(port: int, host: str = HOST) -> None:
    """Create the tests' database (they make their own schemas inside it) if it is missing."""
    import psycopg
    from psycopg import sql

    with _connect(port, host) as conn:
        query = "SELECT 1 FROM pg_database WHERE datname = %s"
        try:
            if conn.execute(query, (DATABASE,)).fetchone() is None:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))
        except psycopg.Error as exc:
            raise ConnectionError(f"creating database {DATABASE} failed: {exc}") from exc


def _traversable_by_others(path: Path) -> bool:
    return all(p.stat().st_mode & stat.S_IXOTH for p in [path, *path.parents])


def _data_dir(root: Path, user: str | None) -> Path:
    parent = root / "data"
    parent.mkdir(parents=True, exist_ok=True)
    if user and not _traversable_by_others(parent):
        # The postgres account must reach its data dir; process.remove_data removes this too.
        parent = Path(tempfile.mkdtemp(prefix="sago-pg-"))
        parent.chmod(0o755)
    data = Path(tempfile.mkdtemp(prefix="postgres-", dir=parent))
    if user:
        shutil.chown(data, user, user)
    return data


def start(root: Path, log: Path) -> Service:
    apt_install("postgresql", lambda: bindir() is not None, root / "logs" / "apt.log")
    binaries = bindir()
    if binaries is None:
        raise ServiceError("PostgreSQL binaries not found after install")
    # PostgreSQL refuses to run as root: run it directly as the `postgres` account.
    user = SUPERUSER if os.geteuid() == 0 else None

    def attempt() -> Service:
        (port,) = free_ports(1)
        data = _data_dir(root, user)
        dsn = f"postgresql://{SUPERUSER}@{HOST}:{port}/{DATABASE}"
        svc = Service("postgres", dsn, port=port, log=str(log), data_dir=str(data))
        svc.ports = {"postgres": port}
        pgdata = data / "pgdata"
        started = time.monotonic()
        with log.open("ab") as out:
            init = subprocess.run(
                [str(binaries / "initdb"), "-D", str(pgdata), "-U", SUPERUSER, "-A", "trust",
                 "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"],
                stdout=out, stderr=subprocess.STDOUT, cwd=data, user=user, group=user,
                extra_groups=[] if user else None, check=False,
            )  # fmt: skip
        if init.returncode != 0:
            discard(svc)
            raise ServiceError(f"initdb failed; log {log}:\n{log_tail(log)}")
        proc = launch(svc, server_command(binaries, pgdata, port), cwd=data, user=user)

        def probe() -> str:
            version = ping(port)
            ensure_database(port)
            return version

        wait_ready(
            svc, proc=proc, ready_line="ready to accept connections", probe=probe,
            timeout=TIMEOUTS["postgres"], started=started,
        )  # fmt: skip
        return svc

    return with_bind_retries(attempt)
