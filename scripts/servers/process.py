"""Server processes: each in its own process group, output to its log file, waited on until a
real client request succeeds, stopped with SIGTERM (or the server's own signal) then SIGKILL."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from servers.common import BindRaceError, Service, ServiceError, log_tail

STOP_GRACE_S = 30.0
BIND_RETRIES = 3
BIND_ERROR = re.compile(r"Address already in use|BindException|Failed to bind", re.IGNORECASE)
# A word each server's command line contains: a pid whose command line lacks it is not ours.
CMDLINE_MARK = {
    "kafka": "kafka.Kafka",
    "cassandra": "CassandraDaemon",
    "redis": "redis-server",
    "postgres": "postgres",
}
# PostgreSQL's fast shutdown is SIGINT (SIGTERM waits for every client to disconnect).
STOP_SIGNAL = {"postgres": signal.SIGINT}

# Popen objects of servers this Python process started: kept referenced so that none is
# garbage collected while its server runs (that would warn), and reaped by `stop`.
CHILDREN: dict[int, subprocess.Popen[bytes]] = {}


def launch(
    svc: Service, cmd: list[str], *, cwd: Path, user: str | None = None
) -> subprocess.Popen[bytes]:
    with Path(svc.log).open("ab") as out:
        proc = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, cwd=cwd,
            start_new_session=True, user=user, group=user, extra_groups=[] if user else None,
        )  # fmt: skip
    CHILDREN[proc.pid] = proc
    svc.pid = svc.pgid = proc.pid
    return proc


def pid_alive(pid: int, mark: str) -> bool:
    """True if pid runs and its command line names `mark` (guards against pid reuse)."""
    if pid <= 0:
        return False
    try:
        proc_stat = Path(f"/proc/{pid}/stat").read_text()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
    except OSError:
        return False
    if proc_stat.rsplit(")", 1)[-1].split()[0] == "Z":
        return False
    return mark.encode() in cmdline


def is_ours(svc: Service) -> bool:
    return pid_alive(svc.pid, CMDLINE_MARK[svc.name])


def _group_members(pgid: int) -> Iterable[tuple[Path, list[str]]]:
    """(/proc/<pid>, stat fields after the command name) of each process in the group."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[-1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:
            yield entry, fields


def group_alive(pgid: int) -> bool:
    """True while any non-zombie process is left in the process group."""
    return any(fields[0] != "Z" for _, fields in _group_members(pgid))


def rss_mb(pgid: int) -> float:
    """Resident memory of a whole process group, in MiB."""
    total = 0
    for entry, _ in _group_members(pgid):
        try:
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)
    proc = CHILDREN.pop(pgid, None)
    if proc is not None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(10)


def remove_data(svc: Service) -> None:
    if svc.data_dir and not svc.external:
        shutil.rmtree(svc.data_dir, ignore_errors=True)
        parent = Path(svc.data_dir).parent
        if parent.name.startswith("sago-pg-"):  # PostgreSQL's own temp parent (postgres.py)
            shutil.rmtree(parent, ignore_errors=True)


def discard(svc: Service) -> None:
    """Kill what is left of a failed start and delete its data dir."""
    if svc.pgid > 0:
        kill_group(svc.pgid)
    remove_data(svc)


def wait_ready(
    svc: Service,
    *,
    proc: subprocess.Popen[bytes],
    ready_line: str | None,
    probe: Callable[[], str],
    timeout: float,
    started: float,
) -> None:
    """Poll the log for the ready line, then probe; fail with the log tail if it exits.

    `probe` makes a real client request and returns the server's version; it raises
    ConnectionError (or another OSError) while the server cannot answer yet."""
    deadline = started + timeout
    last_error = "no probe yet"
    offset, seen = 0, ready_line is None
    log = Path(svc.log)
    while time.monotonic() < deadline:
        if not seen:
            with log.open("rb") as f:
                f.seek(max(offset - len(ready_line or "") - 1, 0))
                chunk = f.read().decode(errors="replace")
                offset = f.tell()
            seen = ready_line in chunk if ready_line else True
        if seen:
            try:
                svc.version = probe() or svc.version
            except (OSError, ValueError) as exc:
                last_error = f"{type(exc).__name__}: {exc}"
            else:
                svc.startup_s = round(time.monotonic() - started, 1)
                return
        if proc.poll() is not None:
            tail = log_tail(svc.log)
            discard(svc)
            err = BindRaceError if BIND_ERROR.search(tail) else ServiceError
            raise err(f"{svc.name} exited with code {proc.returncode}; log {svc.log}:\n{tail}")
        time.sleep(0.2)
    discard(svc)
    raise ServiceError(
        f"{svc.name} not ready after {timeout:.0f}s ({last_error}); log {svc.log}:\n"
        f"{log_tail(svc.log)}"
    )


def with_bind_retries(attempt: Callable[[], Service]) -> Service:
    """Run `attempt` again (with fresh ports) when another process took its port first."""
    for n in range(1, BIND_RETRIES + 1):
        try:
            return attempt()
        except BindRaceError:
            if n == BIND_RETRIES:
                raise
    raise AssertionError("unreachable")


def stop(services: list[Service]) -> None:
    """SIGTERM each group (PostgreSQL: SIGINT, its fast shutdown), SIGKILL after the grace."""
    alive = []
    for svc in services:
        if svc.external or svc.pgid <= 0 or not is_ours(svc):
            continue
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(svc.pgid, STOP_SIGNAL.get(svc.name, signal.SIGTERM))
            alive.append(svc)
    deadline = time.monotonic() + STOP_GRACE_S
    while alive and time.monotonic() < deadline:
        for svc in alive:
            proc = CHILDREN.get(svc.pid)
            if proc is not None:
                proc.poll()
        alive = [s for s in alive if group_alive(s.pgid)]
        time.sleep(0.2)
    for svc in alive:
        print(f"{svc.name}: still running after {STOP_GRACE_S:.0f}s, SIGKILL", file=sys.stderr)
        kill_group(svc.pgid)
    for svc in services:
        proc = CHILDREN.pop(svc.pid, None)
        if proc is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(5)
        remove_data(svc)
