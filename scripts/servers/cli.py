"""`up`, `down`, `status` and `env` over the state folder, and `ensure`/`stop_all` for pytest."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from servers import cassandra, kafka, postgres, redis
from servers.common import (
    ENV_VARS,
    SERVICES,
    Service,
    ServiceError,
    export_lines,
    external_addr,
    load,
    locked,
    log_tail,
    require_clients,
    save,
    tcp_open,
)
from servers.process import CHILDREN, is_ours, kill_group, rss_mb, stop

STARTERS: dict[str, Callable[[Path, Path], Service]] = {
    "kafka": kafka.start,
    "redis": redis.start,
    "postgres": postgres.start,
    "cassandra": cassandra.start,
}
# A real client request each: a Metadata request, PING, SELECT 1, a CQL query.
PINGS: dict[str, Callable[[int], object]] = {
    "kafka": kafka.ping,
    "redis": redis.ping,
    "postgres": postgres.ping,
    "cassandra": cassandra.release_version,
}
# Cassandra takes longest: start it first; Kafka and Cassandra run side by side.
START_ORDER = ("cassandra", "kafka", "postgres", "redis")


def _check_names(names: list[str]) -> None:
    unknown = [n for n in names if n not in SERVICES]
    if unknown:
        raise ServiceError(f"unknown service(s) {unknown}: choose from {', '.join(SERVICES)}")


def is_running(svc: Service) -> bool:
    if not is_ours(svc):
        return False
    try:
        PINGS[svc.name](svc.port)
    except (OSError, ValueError):
        return False
    return True


def _start_one(name: str, root: Path) -> Service:
    log = root / "logs" / f"{name}.log"
    if log.exists():
        log.replace(log.with_suffix(".log.1"))
    began = time.monotonic()
    svc = STARTERS[name](root, log)
    svc.started_at = time.time()
    svc.install_s = round(max(time.monotonic() - began - svc.startup_s, 0.0), 1)
    return svc


def _external(name: str, given: str) -> Service:
    addr = external_addr(name, given)
    if addr and not tcp_open(addr[1], addr[0], timeout=3):
        raise ServiceError(
            f"{ENV_VARS[name]}={given} is set but nothing answers there: "
            f"unset it to let services.py start {name}"
        )
    return Service(name, given, port=addr[1] if addr else 0, external=True)


def _start_all(
    order: list[str], root: Path, services: dict[str, Service], say: Callable[[str], None]
) -> list[str]:
    """Start `order` side by side, recording each as it comes up; return the failures."""
    failures: list[str] = []
    with ThreadPoolExecutor(max_workers=max(len(order), 1)) as pool:
        futures = {name: pool.submit(_start_one, name, root) for name in order}
        for name, future in futures.items():
            try:
                svc = future.result()
            except (ServiceError, OSError, subprocess.SubprocessError) as exc:
                log = root / "logs" / f"{name}.log"
                detail = str(exc) if isinstance(exc, ServiceError) else (
                    f"{type(exc).__name__}: {exc}; log {log}:\n{log_tail(log)}"
                )  # fmt: skip
                failures.append(f"--- {name} failed ---\n{detail}")
                continue
            services[name] = svc
            save(root, services)
            install = f" + {svc.install_s:.1f}s install" if svc.install_s >= 0.5 else ""
            say(f"{name:<10} {svc.value}  {svc.version}  ready in {svc.startup_s:.1f}s"
                f"{install} (pid {svc.pid}, log {svc.log})")  # fmt: skip
    return failures


def up(names: list[str] | None = None, *, quiet: bool = False) -> dict[str, Service]:
    """Start (or reuse) the named services; return every service in the state afterwards."""
    wanted = list(dict.fromkeys(names or SERVICES))
    _check_names(wanted)
    require_clients(n for n in wanted if not os.environ.get(ENV_VARS[n]))

    def say(msg: str) -> None:
        if not quiet:
            print(msg, flush=True)

    with locked() as root:
        (root / "logs").mkdir(exist_ok=True)
        services = load(root)
        to_start = []
        for name in wanted:
            given = os.environ.get(ENV_VARS[name])
            mine = services.get(name)
            if given and not (mine and not mine.external and mine.value == given):
                services[name] = _external(name, given)
                say(f"{name:<10} {given}  (from ${ENV_VARS[name]}, not started here)")
            elif mine and not mine.external and is_running(mine):
                say(f"{name:<10} {mine.value}  already running (pid {mine.pid})")
            else:
                if mine and not mine.external:
                    stop([mine])
                services.pop(name, None)
                to_start.append(name)
        save(root, services)
        order = sorted(to_start, key=START_ORDER.index)
        before = set(CHILDREN)
        try:
            failures = _start_all(order, root, services, say)
        except KeyboardInterrupt:
            # Interrupted: stop what this call started rather than leave untracked servers.
            for pid in set(CHILDREN) - before:
                kill_group(pid)
            for name in order:
                services.pop(name, None)
            save(root, services)
            raise
        save(root, services)
        if failures:
            raise ServiceError("\n".join(failures))
        say(f"env file: {root / 'services.env'}")
        return services


def down(names: list[str] | None = None, *, quiet: bool = False) -> None:
    """Stop the named services (default: all) and remove their data dirs."""
    with locked() as root:
        services = load(root)
        _check_names(names or [])
        chosen = [services[n] for n in (names or list(services)) if n in services]
        stop(chosen)
        for svc in chosen:
            services.pop(svc.name, None)
            if not quiet:
                print(f"{svc.name:<10} {'forgotten (external)' if svc.external else 'stopped'}")
        save(root, services)
        data = root / "data"
        if not names and data.is_dir():
            # Everything stopped: also sweep data dirs left behind by crashed or killed runs.
            shutil.rmtree(data, ignore_errors=True)


def ensure(names: list[str]) -> dict[str, str]:
    """Start the named services if needed; return their SAGO_* variables and values."""
    services = up(names, quiet=True)
    return {ENV_VARS[n]: services[n].value for n in names}


def stop_all() -> None:
    """Stop every service services.py started (external ones are left alone)."""
    down(quiet=True)


def status_lines(services: dict[str, Service]) -> list[str]:
    if not services:
        return ["no services (run: .venv/bin/python scripts/services.py up)"]
    require_clients(s.name for s in services.values() if not s.external)
    lines = []
    for name in SERVICES:
        svc = services.get(name)
        if svc is None:
            continue
        if svc.external:
            addr = external_addr(name, svc.value)
            state = "up" if addr and tcp_open(addr[1], addr[0]) else "down"
            lines.append(f"{name:<10} {state:<5} external       {svc.value}")
            continue
        running = is_running(svc)
        rss = f"{rss_mb(svc.pgid):.0f} MiB" if running else "-"
        lines.append(f"{name:<10} {'up' if running else 'down':<5} pid {svc.pid:<10} "
                     f"{svc.value}  {svc.version}  rss {rss}  log {svc.log}")  # fmt: skip
    return lines


def _read_state() -> dict[str, Service]:
    with locked() as root:
        return load(root)


def main(argv: list[str] | None = None, *, description: str | None = None) -> int:
    parser = argparse.ArgumentParser(prog="services.py", description=description)
    sub = parser.add_subparsers(dest="command", required=True)
    for cmd in ("up", "down"):
        p = sub.add_parser(cmd)
        p.add_argument("names", nargs="*", metavar="SERVICE", help=", ".join(SERVICES))
    sub.add_parser("status")
    sub.add_parser("env")
    args = parser.parse_args(argv)
    try:
        if args.command == "up":
            up(args.names or None)
        elif args.command == "down":
            down(args.names or None)
        elif args.command == "status":
            print("\n".join(status_lines(_read_state())))
        else:
            for line in export_lines(_read_state().values()):
                print(line)
    except ServiceError as exc:
        print(f"services.py {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"services.py {args.command}: interrupted", file=sys.stderr)
        return 130
    return 0
