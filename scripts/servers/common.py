"""What every server shares: names, the state folder, free ports, logs and Debian packages."""

from __future__ import annotations

import contextlib
import fcntl
import importlib.util
import json
import os
import shlex
import socket
import subprocess
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

SERVICES = ("kafka", "redis", "postgres", "cassandra")
ENV_VARS = {
    "kafka": "SAGO_KAFKA_BOOTSTRAP",
    "redis": "SAGO_REDIS_URL",
    "postgres": "SAGO_POSTGRES_DSN",
    "cassandra": "SAGO_CASSANDRA_HOSTS",
}
DEFAULT_PORTS = {"kafka": 9092, "redis": 6379, "postgres": 5432, "cassandra": 9042}
# The client library each readiness probe speaks through: import name, then PyPI name.
CLIENTS = {
    "kafka": ("confluent_kafka", "confluent-kafka"),
    "redis": ("redis", "redis"),
    "postgres": ("psycopg", "psycopg"),
    "cassandra": ("cassandra", "cassandra-driver"),
}
HOST = "127.0.0.1"
REPO = Path(__file__).resolve().parents[2]
# Seconds to wait for readiness after the process starts.
TIMEOUTS = {"kafka": 120.0, "redis": 30.0, "postgres": 60.0, "cassandra": 180.0}


class ServiceError(RuntimeError):
    """A server could not be installed, started or reached; the message holds its log tail."""


class BindRaceError(ServiceError):
    """The port picked as free was taken before the server bound it."""


@dataclass
class Service:
    """One running (or external) server as recorded in state.json."""

    name: str
    value: str  # what the SAGO_* variable holds
    port: int = 0
    pid: int = 0
    pgid: int = 0
    ports: dict[str, int] = field(default_factory=dict)
    log: str = ""
    data_dir: str = ""
    version: str = ""
    startup_s: float = 0.0  # launch (incl. format/initdb) until ready
    install_s: float = 0.0  # apt / Maven work before that (0 when cached)
    started_at: float = 0.0
    external: bool = False

    @property
    def env_var(self) -> str:
        return ENV_VARS[self.name]


# --------------------------------------------------------------------------- client libraries


def missing_clients(names: Iterable[str]) -> list[str]:
    """PyPI names of the probe clients these servers need that this Python cannot import."""
    wanted = dict.fromkeys(CLIENTS[n] for n in names)
    return [pypi for module, pypi in wanted if importlib.util.find_spec(module) is None]


def require_clients(names: Iterable[str]) -> None:
    missing = missing_clients(names)
    if missing:
        raise ServiceError(
            f"{', '.join(missing)} not importable by this Python: run it with the project's "
            ".venv/bin/python scripts/services.py (or make services-up)"
        )


# --------------------------------------------------------------------------- state folder


def state_dir() -> Path:
    return Path(os.environ.get("SAGO_SERVICES_DIR") or REPO / ".services").resolve()


@contextlib.contextmanager
def locked() -> Iterator[Path]:
    """Hold the state dir's lock: concurrent `up`/`down` (or pytest workers) take turns."""
    root = state_dir()
    root.mkdir(parents=True, exist_ok=True)
    with (root / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield root
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def load(root: Path) -> dict[str, Service]:
    path = root / "state.json"
    if not path.exists():
        return {}
    raw = json.loads(path.read_text())
    return {name: Service(**rec) for name, rec in raw.get("services", {}).items()}


def env_file_text(services: Iterable[Service]) -> str:
    """services.env: `SAGO_*=value` lines, sorted, as `set -a; . services.env` reads them."""
    return "".join(sorted(f"{s.env_var}={s.value}\n" for s in services))


def export_lines(services: Iterable[Service]) -> list[str]:
    """What `services.py env` prints for `eval`: shell-quoted exports, sorted by variable."""
    ordered = sorted(services, key=lambda s: s.env_var)
    return [f"export {s.env_var}={shlex.quote(s.value)}" for s in ordered]


def save(root: Path, services: dict[str, Service]) -> None:
    data = {"services": {n: asdict(s) for n, s in sorted(services.items())}}
    tmp = root / "state.json.tmp"
    tmp.write_text(json.dumps(data, indent=2) + "\n")
    tmp.replace(root / "state.json")
    (root / "services.env").write_text(env_file_text(services.values()))


def fresh_dir(root: Path, name: str) -> Path:
    path = root / "data" / f"{name}-{uuid.uuid4().hex[:8]}"
    path.mkdir(parents=True)
    return path


def log_tail(path: str | Path, limit: int = 6000) -> str:
    try:
        text = Path(path).read_text(errors="replace")
    except OSError:
        return "(no log)"
    return text[-limit:]


# --------------------------------------------------------------------------- ports


def free_ports(count: int) -> list[int]:
    """Distinct loopback ports free right now (held together so they cannot repeat)."""
    socks = []
    try:
        for _ in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind((HOST, 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def tcp_open(port: int, host: str = HOST, timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def external_addr(name: str, value: str) -> tuple[str, int] | None:
    """Host and port of the first server named by a SAGO_* value (URL or host[:port] list)."""
    first = value.split(",", maxsplit=1)[0].strip()
    try:
        if "://" in first:
            url = urlsplit(first)
            return (url.hostname or HOST, url.port or DEFAULT_PORTS[name])
        host, _, port = first.rpartition(":") if ":" in first else (first, "", "")
        return (host.strip("[]") or HOST, int(port) if port else DEFAULT_PORTS[name])
    except ValueError:
        return None


# --------------------------------------------------------------------------- Debian packages

_APT_LOCK = threading.Lock()


def apt_install(package: str, present: Callable[[], bool], log: Path) -> None:
    """Install a Debian package unless `present()` (as root; otherwise say what to do)."""
    if present():
        return
    with _APT_LOCK:
        if present():  # another thread installed it meanwhile
            return
        if os.geteuid() != 0:
            raise ServiceError(
                f"missing {package}: install it (apt-get install -y {package}) "
                "or point the SAGO_* variables at running servers"
            )
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        apt = ["apt-get", "-o", "DPkg::Lock::Timeout=300"]
        with log.open("ab") as out:
            for cmd in ([*apt, "update"], [*apt, "install", "-y", package]):
                rc = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, check=False)
                if rc.returncode != 0:
                    raise ServiceError(f"{' '.join(cmd)} failed:\n{log_tail(log)}")
