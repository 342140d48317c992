#!/usr/bin/env python3
"""Install, cache, start and stop the real servers the integration tests use.

No Docker runs here: Kafka and Cassandra run from Maven Central jars (cached in
``~/.cache/sago/jars``), PostgreSQL and Redis from Debian packages. Every server listens on
free loopback ports, runs in its own process group and logs to a file in the state dir.

    python scripts/services.py up [kafka redis postgres cassandra]   # default: all four
    python scripts/services.py status
    eval "$(python scripts/services.py env)"
    python scripts/services.py down

State lives in ``$SAGO_SERVICES_DIR`` (default ``<repo>/.services/``): ``state.json`` (pids,
ports, logs, data dirs) and ``services.env`` (``SAGO_*`` lines). A server already given by the
environment (``SAGO_KAFKA_BOOTSTRAP``, ``SAGO_REDIS_URL``, ``SAGO_POSTGRES_DSN``,
``SAGO_CASSANDRA_HOSTS``) is used instead of starting one.

For pytest session fixtures: ``ensure(["kafka"])`` starts what is missing and returns the
``SAGO_*`` values; ``stop_all()`` stops everything. Standard library only.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import fcntl
import functools
import hashlib
import json
import os
import re
import shlex
import shutil
import signal
import socket
import stat
import struct
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

SERVICES = ("kafka", "redis", "postgres", "cassandra")
ENV_VARS = {
    "kafka": "SAGO_KAFKA_BOOTSTRAP",
    "redis": "SAGO_REDIS_URL",
    "postgres": "SAGO_POSTGRES_DSN",
    "cassandra": "SAGO_CASSANDRA_HOSTS",
}
HOST = "127.0.0.1"
PG_DATABASE = "sago_test"
REPO = Path(__file__).resolve().parent.parent
POM = REPO / "scripts" / "servers-pom.xml"
MVN_DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1"
# Seconds to wait for readiness after the process starts.
TIMEOUTS = {"kafka": 120.0, "redis": 30.0, "postgres": 60.0, "cassandra": 180.0}
STOP_GRACE_S = 30.0
BIND_RETRIES = 3
BIND_ERROR = re.compile(r"Address already in use|BindException|Failed to bind", re.IGNORECASE)
CACHE_MARKER = ".sago-complete.json"
# The main class each Java server runs: a pid whose command line lacks it is not ours.
CMDLINE_MARK = {
    "kafka": "kafka.Kafka",
    "cassandra": "CassandraDaemon",
    "redis": "redis-server",
    "postgres": "postgres",
}


class ServiceError(RuntimeError):
    """A server could not be installed, started or reached; the message holds its log tail."""


class _BindRaceError(ServiceError):
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


# --------------------------------------------------------------------------- paths, state


def state_dir() -> Path:
    return Path(os.environ.get("SAGO_SERVICES_DIR") or REPO / ".services").resolve()


def jar_cache() -> Path:
    if os.environ.get("SAGO_JAR_CACHE"):
        return Path(os.environ["SAGO_JAR_CACHE"])
    cache_home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache_home) / "sago" / "jars"


@contextlib.contextmanager
def _locked() -> Iterator[Path]:
    """Hold the state dir's lock: concurrent `up`/`down` (or pytest workers) take turns."""
    root = state_dir()
    root.mkdir(parents=True, exist_ok=True)
    with (root / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield root
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _load(root: Path) -> dict[str, Service]:
    path = root / "state.json"
    if not path.exists():
        return {}
    raw = json.loads(path.read_text())
    return {name: Service(**rec) for name, rec in raw.get("services", {}).items()}


def _save(root: Path, services: dict[str, Service]) -> None:
    data = {"services": {n: asdict(s) for n, s in sorted(services.items())}}
    tmp = root / "state.json.tmp"
    tmp.write_text(json.dumps(data, indent=2) + "\n")
    tmp.replace(root / "state.json")
    lines = [f"{s.env_var}={s.value}\n" for s in services.values()]
    (root / "services.env").write_text("".join(sorted(lines)))


# --------------------------------------------------------------------------- small helpers


def _log_tail(path: str | Path, limit: int = 6000) -> str:
    try:
        text = Path(path).read_text(errors="replace")
    except OSError:
        return "(no log)"
    return text[-limit:]


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


def _recv_exact(sock: socket.socket, size: int) -> bytes:
    buf = bytearray()
    while len(buf) < size:
        chunk = sock.recv(size - len(buf))
        if not chunk:
            raise ConnectionError("connection closed by server")
        buf += chunk
    return bytes(buf)


def _tcp_open(port: int, host: str = HOST, timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def _pid_alive(pid: int, mark: str) -> bool:
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


def _group_alive(pgid: int) -> bool:
    """True while any non-zombie process is left in the process group."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[-1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


def _rss_mb(pgid: int) -> float:
    """Resident memory of a whole process group, in MiB."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[-1].split()
            if int(fields[2]) != pgid:
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


# Popen objects of servers this Python process started: kept referenced so that none is
# garbage collected while its server runs (that would warn), and reaped by stop_all().
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}


# --------------------------------------------------------------------------- installing

_APT_LOCK = threading.Lock()
_MVN_LOCK = threading.Lock()


def _pg_bindir() -> Path | None:
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/postgres"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if candidates:
        return candidates[-1].parent
    found = shutil.which("postgres")
    return Path(found).resolve().parent if found else None


def _apt_install(packages: list[str], log: Path) -> None:
    if all(_apt_binary_present(p) for p in packages):
        return
    with _APT_LOCK:
        missing = [p for p in packages if not _apt_binary_present(p)]
        if not missing:
            return
        if os.geteuid() != 0:
            raise ServiceError(
                f"missing {' '.join(missing)}: install them (apt-get install -y "
                f"{' '.join(missing)}) or point the SAGO_* variables at running servers"
            )
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        apt = ["apt-get", "-o", "DPkg::Lock::Timeout=300"]
        with log.open("ab") as out:
            for cmd in ([*apt, "update"], [*apt, "install", "-y", *missing]):
                rc = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, check=False)
                if rc.returncode != 0:
                    raise ServiceError(f"{' '.join(cmd)} failed:\n{_log_tail(log)}")


def _apt_binary_present(package: str) -> bool:
    if package == "postgresql":
        return _pg_bindir() is not None
    if package == "redis-server":
        return shutil.which("redis-server") is not None
    return False


def _pom_digest(profile: str) -> str:
    return hashlib.sha256(POM.read_bytes() + profile.encode()).hexdigest()


def _cache_complete(folder: Path, profile: str) -> bool:
    marker = folder / CACHE_MARKER
    try:
        meta = json.loads(marker.read_text())
    except (OSError, ValueError):
        return False
    return meta.get("pom") == _pom_digest(profile) and all(
        (folder / name).is_file() for name in meta.get("files", ["-"])
    )


def _copy_dependencies(cmd: list[str], folder: Path, profile: str, log: Path) -> bool:
    """Copy into a temp folder, write the marker, then swap it in: never half a cache."""
    tmp = Path(tempfile.mkdtemp(prefix=f".{profile}-", dir=folder.parent))
    with log.open("ab") as out:
        rc = subprocess.run(
            [*cmd, f"-DoutputDirectory={tmp}"], stdout=out, stderr=subprocess.STDOUT, check=False
        ).returncode
    files = sorted(p.name for p in tmp.glob("*.jar"))
    if rc != 0 or not files:
        shutil.rmtree(tmp, ignore_errors=True)
        return False
    meta = {"pom": _pom_digest(profile), "files": files, "at": time.time()}
    (tmp / CACHE_MARKER).write_text(json.dumps(meta, indent=1))
    shutil.rmtree(folder, ignore_errors=True)
    tmp.replace(folder)
    return True


def ensure_jars(profile: str, log: Path) -> Path:
    """The cache folder holding the profile's runtime classpath, downloading it if needed."""
    folder = jar_cache() / profile
    if _cache_complete(folder, profile):
        return folder
    if not shutil.which("mvn"):
        raise ServiceError("mvn not found: install Maven (apt-get install -y maven)")
    folder.parent.mkdir(parents=True, exist_ok=True)
    cmd = [
        "mvn", "-B", "-q", "-f", str(POM), "-P", profile,
        f"{MVN_DEPENDENCY_PLUGIN}:copy-dependencies", "-DincludeScope=runtime",
    ]  # fmt: skip
    if _copy_dependencies(cmd, folder, profile, log):
        return folder
    # Two Maven runs sharing ~/.m2 can trip over each other: retry once, alone.
    with _MVN_LOCK:
        if _copy_dependencies(cmd, folder, profile, log):
            return folder
    raise ServiceError(f"mvn copy-dependencies for {profile} failed:\n{_log_tail(log)}")


def _java_major(java: str) -> int:
    out = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    match = re.search(r'version "(\d+)', out.stderr + out.stdout)
    return int(match.group(1)) if match else 0


def _extra_java_opts(name: str) -> list[str]:
    """SAGO_KAFKA_JAVA_OPTS / SAGO_CASSANDRA_JAVA_OPTS: appended, so they win over ours."""
    return shlex.split(os.environ.get(f"SAGO_{name.upper()}_JAVA_OPTS", ""))


@functools.cache
def find_java() -> str:
    """A Java 17 (Kafka 4 needs >= 17, Cassandra 5.0 runs on 11 or 17)."""
    if os.environ.get("SAGO_JAVA"):
        return os.environ["SAGO_JAVA"]
    candidates = []
    if os.environ.get("JAVA_HOME"):
        candidates.append(str(Path(os.environ["JAVA_HOME"]) / "bin" / "java"))
    if shutil.which("java"):
        candidates.append(str(shutil.which("java")))
    candidates += [str(p) for p in sorted(Path("/usr/lib/jvm").glob("*17*/bin/java"))]
    for java in candidates:
        if Path(java).exists() and _java_major(java) == 17:
            return java
    raise ServiceError("no Java 17 found: apt-get install -y openjdk-17-jre-headless")


# --------------------------------------------------------------------------- wire probes


def redis_ping(port: int, host: str = HOST) -> str:
    with socket.create_connection((host, port), timeout=3) as s:
        s.sendall(b"*1\r\n$4\r\nPING\r\n")
        reply = s.recv(64)
    if not reply.startswith(b"+PONG"):
        raise ConnectionError(f"unexpected PING reply {reply!r}")
    return "PONG"


def _kafka_call(sock: socket.socket, api_key: int, version: int, body: bytes) -> bytes:
    client = b"sago-services"
    header = struct.pack(">hhih", api_key, version, 7, len(client)) + client
    sock.sendall(struct.pack(">i", len(header) + len(body)) + header + body)
    (size,) = struct.unpack(">i", _recv_exact(sock, 4))
    payload = _recv_exact(sock, size)
    if struct.unpack(">i", payload[:4])[0] != 7:
        raise ConnectionError("correlation id mismatch")
    return payload[4:]


def kafka_metadata(port: int, host: str = HOST) -> dict[str, Any]:
    """ApiVersions then a Metadata request (the broker's real admin path); returns brokers."""
    with socket.create_connection((host, port), timeout=5) as s:
        s.settimeout(5)
        resp = _kafka_call(s, 18, 0, b"")  # ApiVersions v0
        error, count = struct.unpack(">hi", resp[:6])
        if error:
            raise ConnectionError(f"ApiVersions error {error}")
        entries = (struct.unpack(">hhh", resp[6 + 6 * i : 12 + 6 * i]) for i in range(count))
        versions = {key: (lo, hi) for key, lo, hi in entries}
        lo, hi = versions.get(3, (0, -1))
        version = max(lo, 4)
        if version > min(hi, 8):  # only the non-flexible Metadata versions 4-8 are spoken here
            return {"api_versions": len(versions), "brokers": []}
        body = struct.pack(">ib", -1, 0)  # all topics, no auto-creation
        if version >= 8:
            body += b"\x00\x00"  # include cluster/topic authorized operations: false
        resp = _kafka_call(s, 3, version, body)
    pos = 4  # throttle_time_ms
    (n_brokers,) = struct.unpack(">i", resp[pos : pos + 4])
    pos += 4
    brokers = []
    for _ in range(n_brokers):
        node_id, hlen = struct.unpack(">ih", resp[pos : pos + 6])
        pos += 6
        bhost = resp[pos : pos + hlen].decode()
        pos += hlen
        (bport, rlen) = struct.unpack(">ih", resp[pos : pos + 6])
        pos += 6 + max(rlen, 0)
        brokers.append({"node_id": node_id, "host": bhost, "port": bport})
    return {"api_versions": len(versions), "metadata_version": version, "brokers": brokers}


def _cql_frame(sock: socket.socket, opcode: int, body: bytes) -> tuple[int, bytes]:
    sock.sendall(struct.pack(">BBhBi", 0x04, 0, 1, opcode, len(body)) + body)
    _version, _flags, _stream, op, length = struct.unpack(">BBhBi", _recv_exact(sock, 9))
    payload = _recv_exact(sock, length)
    if op == 0x00:  # ERROR
        code, mlen = struct.unpack(">ih", payload[:6])
        raise ConnectionError(f"CQL error {code:#x}: {payload[6 : 6 + mlen].decode()}")
    return op, payload


def _cql_string(text: str) -> bytes:
    raw = text.encode()
    return struct.pack(">h", len(raw)) + raw


def cql_release_version(port: int, host: str = HOST) -> str:
    """Native protocol v4: OPTIONS, STARTUP, then SELECT release_version FROM system.local."""
    with socket.create_connection((host, port), timeout=5) as s:
        s.settimeout(10)
        op, _ = _cql_frame(s, 0x05, b"")
        if op != 0x06:
            raise ConnectionError(f"OPTIONS answered opcode {op:#x}")
        op, _ = _cql_frame(
            s, 0x01, struct.pack(">h", 1) + _cql_string("CQL_VERSION") + _cql_string("3.0.0")
        )
        if op != 0x02:
            raise ConnectionError(f"STARTUP answered opcode {op:#x} (authentication on?)")
        query = b"SELECT release_version FROM system.local"
        body = struct.pack(">i", len(query)) + query + struct.pack(">hB", 0x0001, 0)
        op, res = _cql_frame(s, 0x07, body)
    kind, flags, ncols = struct.unpack(">iii", res[:12])
    if op != 0x08 or kind != 2 or ncols != 1:
        raise ConnectionError(f"unexpected QUERY result (opcode {op:#x}, kind {kind})")
    pos = 12

    def skip_string() -> None:
        nonlocal pos
        (slen,) = struct.unpack(">h", res[pos : pos + 2])
        pos += 2 + slen

    if flags & 0x0002:  # paging state
        (plen,) = struct.unpack(">i", res[pos : pos + 4])
        pos += 4 + max(plen, 0)
    if not flags & 0x0004:  # column specs follow
        # One column: keyspace and table come once, whether global (flag 0x1) or per column.
        skip_string()
        skip_string()
        skip_string()  # column name
        pos += 2  # type id of a varchar column (no extra type info)
    (nrows,) = struct.unpack(">i", res[pos : pos + 4])
    pos += 4
    if nrows < 1:
        raise ConnectionError("system.local has no row")
    (vlen,) = struct.unpack(">i", res[pos : pos + 4])
    return res[pos + 4 : pos + 4 + vlen].decode()


# --------------------------------------------------------------------------- launching


def _launch(
    svc: Service, cmd: list[str], *, cwd: Path, user: str | None = None
) -> subprocess.Popen[bytes]:
    with Path(svc.log).open("ab") as out:
        proc = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, cwd=cwd,
            start_new_session=True, user=user, group=user, extra_groups=[] if user else None,
        )  # fmt: skip
    _CHILDREN[proc.pid] = proc
    svc.pid = svc.pgid = proc.pid
    return proc


def _discard(svc: Service) -> None:
    """Kill what is left of a failed start and delete its data dir."""
    if svc.pgid > 0:
        _kill_group(svc.pgid)
    _remove_data(svc)


def _remove_data(svc: Service) -> None:
    if svc.data_dir and not svc.external:
        shutil.rmtree(svc.data_dir, ignore_errors=True)
        parent = Path(svc.data_dir).parent
        if parent.name.startswith("sago-pg-"):  # PostgreSQL's own temp parent (see below)
            shutil.rmtree(parent, ignore_errors=True)


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)
    proc = _CHILDREN.pop(pgid, None)
    if proc is not None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(10)


def _wait_ready(
    svc: Service,
    *,
    proc: subprocess.Popen[bytes],
    ready_line: str | None,
    probe: Callable[[], str],
    timeout: float,
    started: float,
) -> None:
    """Poll the log for the ready line, then probe; fail with the log tail if it exits."""
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
            except (OSError, ValueError, struct.error) as exc:
                last_error = f"{type(exc).__name__}: {exc}"
            else:
                svc.startup_s = round(time.monotonic() - started, 1)
                return
        if proc.poll() is not None:
            tail = _log_tail(svc.log)
            _discard(svc)
            err = _BindRaceError if BIND_ERROR.search(tail) else ServiceError
            raise err(f"{svc.name} exited with code {proc.returncode}; log {svc.log}:\n{tail}")
        time.sleep(0.2)
    _discard(svc)
    raise ServiceError(
        f"{svc.name} not ready after {timeout:.0f}s ({last_error}); log {svc.log}:\n"
        f"{_log_tail(svc.log)}"
    )


def _fresh_dir(root: Path, name: str) -> Path:
    path = root / "data" / f"{name}-{uuid.uuid4().hex[:8]}"
    path.mkdir(parents=True)
    return path


def _kafka_cluster_id() -> str:
    while True:  # what StorageTool random-uuid prints: never starting with "-"
        cid = base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b"=").decode()
        if not cid.startswith("-"):
            return cid


KAFKA_PROPERTIES = """\
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@{host}:{controller}
listeners=PLAINTEXT://{host}:{port},CONTROLLER://{host}:{controller}
advertised.listeners=PLAINTEXT://{host}:{port}
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs={data}/kafka-logs
num.partitions=1
num.network.threads=2
num.io.threads=4
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
share.coordinator.state.topic.num.partitions=1
# Fast group joins in tests: no initial rebalance delay, short sessions allowed.
group.initial.rebalance.delay.ms=0
group.min.session.timeout.ms=1000
group.consumer.min.session.timeout.ms=1000
group.consumer.session.timeout.ms=10000
group.consumer.min.heartbeat.interval.ms=500
group.consumer.heartbeat.interval.ms=1000
log.cleaner.dedupe.buffer.size=2097152
"""

KAFKA_LOG4J2 = """\
appender.out.type=Console
appender.out.name=OUT
appender.out.layout.type=PatternLayout
appender.out.layout.pattern=[%d] %p %m (%c)%n
rootLogger.level=INFO
rootLogger.appenderRef.out.ref=OUT
"""


def _start_kafka(root: Path, log: Path) -> Service:
    jars = ensure_jars("kafka", log)
    java = find_java()
    cp = f"{jars}/*"
    version = next((p.stem.removeprefix("kafka_2.13-") for p in jars.glob("kafka_2.13-*.jar")), "?")

    def attempt() -> Service:
        port, controller = free_ports(2)
        data = _fresh_dir(root, "kafka")
        svc = Service("kafka", f"{HOST}:{port}", port=port, log=str(log), data_dir=str(data))
        svc.ports, svc.version = {"broker": port, "controller": controller}, version
        props = data / "server.properties"
        props.write_text(
            KAFKA_PROPERTIES.format(host=HOST, port=port, controller=controller, data=data)
        )
        (data / "log4j2.properties").write_text(KAFKA_LOG4J2)
        log4j = f"-Dlog4j2.configurationFile={data / 'log4j2.properties'}"
        started = time.monotonic()
        with log.open("ab") as out:
            fmt = subprocess.run(
                [java, "-Xmx256m", log4j, "-cp", cp, "kafka.tools.StorageTool", "format",
                 "-t", _kafka_cluster_id(), "-c", str(props)],
                stdout=out, stderr=subprocess.STDOUT, check=False,
            )  # fmt: skip
        if fmt.returncode != 0:
            _discard(svc)
            raise ServiceError(
                f"Kafka StorageTool format exited with {fmt.returncode} ({java}); log {log}:\n"
                f"{_log_tail(log)}"
            )
        cmd = [
            java, "-Xms128m", "-Xmx512m", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
            "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true",
            f"-Djava.io.tmpdir={data}", log4j, *_extra_java_opts("kafka"),
            "-cp", cp, "kafka.Kafka", str(props),
        ]  # fmt: skip
        proc = _launch(svc, cmd, cwd=data)

        def probe() -> str:
            meta = kafka_metadata(port)
            if meta["brokers"] and not any(b["port"] == port for b in meta["brokers"]):
                raise ConnectionError(f"metadata lists no broker on {port}: {meta}")
            return version

        _wait_ready(
            svc, proc=proc, ready_line="Kafka Server started", probe=probe,
            timeout=TIMEOUTS["kafka"], started=started,
        )  # fmt: skip
        return svc

    return _with_bind_retries(attempt)


CASSANDRA_YAML = """\
cluster_name: sago-test
partitioner: org.apache.cassandra.dht.Murmur3Partitioner
endpoint_snitch: SimpleSnitch
dynamic_snitch: false
commitlog_sync: periodic
commitlog_sync_period: 10000ms
seed_provider:
  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
    parameters:
      - seeds: "{host}:{storage}"
num_tokens: 1
initial_token: 0
listen_address: {host}
rpc_address: {host}
storage_port: {storage}
native_transport_port: {port}
start_native_transport: true
data_file_directories: [{data}/data]
commitlog_directory: {data}/commitlog
saved_caches_directory: {data}/saved_caches
hints_directory: {data}/hints
cdc_raw_directory: {data}/cdc_raw
auto_snapshot: false
storage_compatibility_mode: NONE
hinted_handoff_enabled: false
concurrent_reads: 4
concurrent_writes: 4
concurrent_counter_writes: 2
concurrent_materialized_view_writes: 2
concurrent_compactors: 1
memtable_flush_writers: 1
"""

CASSANDRA_LOGBACK = """\
<configuration>
  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%-5level [%thread] %date{ISO8601} %F:%L - %msg%n</pattern></encoder>
  </appender>
  <root level="INFO"><appender-ref ref="OUT"/></root>
</configuration>
"""

# Java 17 needs all of these for Cassandra 5.0 (from its conf/jvm17-server.options).
CASSANDRA_JVM17 = """\
--add-exports java.base/jdk.internal.misc=ALL-UNNAMED
--add-exports java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED
--add-exports java.management/com.sun.jmx.remote.security=ALL-UNNAMED
--add-exports java.rmi/sun.rmi.registry=ALL-UNNAMED
--add-exports java.rmi/sun.rmi.server=ALL-UNNAMED
--add-exports java.sql/java.sql=ALL-UNNAMED
--add-exports java.base/java.lang.ref=ALL-UNNAMED
--add-exports jdk.unsupported/sun.misc=ALL-UNNAMED
--add-exports jdk.attach/sun.tools.attach=ALL-UNNAMED
--add-exports jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
--add-opens jdk.compiler/com.sun.tools.javac=ALL-UNNAMED
--add-opens java.base/java.lang.module=ALL-UNNAMED
--add-opens java.base/jdk.internal.loader=ALL-UNNAMED
--add-opens java.base/jdk.internal.ref=ALL-UNNAMED
--add-opens java.base/jdk.internal.reflect=ALL-UNNAMED
--add-opens java.base/jdk.internal.math=ALL-UNNAMED
--add-opens java.base/jdk.internal.module=ALL-UNNAMED
--add-opens java.base/jdk.internal.util.jar=ALL-UNNAMED
--add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED
--add-opens java.base/sun.nio.ch=ALL-UNNAMED
--add-opens java.base/java.io=ALL-UNNAMED
--add-opens java.base/java.lang.reflect=ALL-UNNAMED
--add-opens java.base/java.lang=ALL-UNNAMED
--add-opens java.base/java.util=ALL-UNNAMED
--add-opens java.base/java.nio=ALL-UNNAMED
"""


def _start_cassandra(root: Path, log: Path) -> Service:
    jars = ensure_jars("cassandra", log)
    java = find_java()
    jamm = next(jars.glob("jamm-*.jar"), None)
    if jamm is None:
        raise ServiceError(f"no jamm jar in {jars}: delete the folder and retry")

    def attempt() -> Service:
        port, storage = free_ports(2)
        data = _fresh_dir(root, "cassandra")
        svc = Service("cassandra", f"{HOST}:{port}", port=port, log=str(log), data_dir=str(data))
        svc.ports = {"native": port, "storage": storage}
        conf = data / "conf"
        conf.mkdir()
        (conf / "cassandra.yaml").write_text(
            CASSANDRA_YAML.format(host=HOST, port=port, storage=storage, data=data)
        )
        (conf / "logback.xml").write_text(CASSANDRA_LOGBACK)
        (conf / "jvm17.args").write_text(CASSANDRA_JVM17)
        (data / "tmp").mkdir()
        (data / "triggers").mkdir()
        cmd = [
            java, "-Xms1g", "-Xmx1g", "-Xss512k", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=300",
            "-XX:ActiveProcessorCount=2", "-XX:+ExitOnOutOfMemoryError",
            "-ea", "-da:net.openhft...",
            "-Djava.net.preferIPv4Stack=true", "-Djdk.attach.allowAttachSelf=true",
            "-Dio.netty.tryReflectionSetAccessible=true",
            "-Dio.netty.allocator.useCacheForAllThreads=true", "-Dio.netty.allocator.maxOrder=11",
            "-Dchronicle.analytics.disable=true",
            f"@{conf / 'jvm17.args'}", f"-javaagent:{jamm}",
            "-Dcassandra-foreground=yes",
            f"-Dcassandra.config=file://{conf / 'cassandra.yaml'}",
            f"-Dcassandra.storagedir={data}", f"-Dcassandra.logdir={data}/logs",
            f"-Dlogback.configurationFile={conf / 'logback.xml'}",
            f"-Djna.tmpdir={data / 'tmp'}", f"-Djava.io.tmpdir={data / 'tmp'}",
            # A lone seed node: no gossip settling, no ring delay, no fsync of system tables.
            "-Dcassandra.skip_wait_for_gossip_to_settle=0", "-Dcassandra.ring_delay_ms=0",
            "-Dcassandra.unsafesystem=true", "-Dcassandra.superuser_setup_delay_ms=0",
            f"-Dcassandra.triggers_dir={data / 'triggers'}",
            *_extra_java_opts("cassandra"),
            "-cp", f"{jars}/*", "org.apache.cassandra.service.CassandraDaemon",
        ]  # fmt: skip
        setpriv = shutil.which("setpriv")
        if os.geteuid() == 0 and setpriv:
            # As root the daemon's mlockall() pins the whole heap (RSS jumps by ~1 GB):
            # without CAP_IPC_LOCK it fails harmlessly (a warning) under the 8 MiB memlock limit.
            cmd = [setpriv, "--inh-caps=-ipc_lock", "--bounding-set=-ipc_lock", *cmd]
        started = time.monotonic()
        proc = _launch(svc, cmd, cwd=data)
        _wait_ready(
            svc, proc=proc, ready_line="Startup complete", probe=lambda: cql_release_version(port),
            timeout=TIMEOUTS["cassandra"], started=started,
        )  # fmt: skip
        return svc

    return _with_bind_retries(attempt)


def _start_redis(root: Path, log: Path) -> Service:
    _apt_install(["redis-server"], root / "logs" / "apt.log")
    binary = shutil.which("redis-server") or "redis-server"
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False)
    version = (re.findall(r"v=(\S+)", out.stdout) or ["?"])[0]

    def attempt() -> Service:
        (port,) = free_ports(1)
        data = _fresh_dir(root, "redis")
        svc = Service(
            "redis", f"redis://{HOST}:{port}/0", port=port, log=str(log), data_dir=str(data)
        )
        svc.ports, svc.version = {"redis": port}, version
        cmd = [
            binary, "--port", str(port), "--bind", HOST, "--save", "", "--appendonly", "no",
            "--daemonize", "no", "--dir", str(data), "--logfile", "",
        ]  # fmt: skip
        started = time.monotonic()
        proc = _launch(svc, cmd, cwd=data)
        _wait_ready(
            svc, proc=proc, ready_line="Ready to accept connections",
            probe=lambda: redis_ping(port) and version, timeout=TIMEOUTS["redis"], started=started,
        )  # fmt: skip
        return svc

    return _with_bind_retries(attempt)


def _traversable_by_others(path: Path) -> bool:
    return all(p.stat().st_mode & stat.S_IXOTH for p in [path, *path.parents])


def _start_postgres(root: Path, log: Path) -> Service:
    _apt_install(["postgresql"], root / "logs" / "apt.log")
    bindir = _pg_bindir()
    if bindir is None:
        raise ServiceError("PostgreSQL binaries not found after install")
    # PostgreSQL refuses to run as root: run it as the `postgres` account.
    user = "postgres" if os.geteuid() == 0 else None

    def attempt() -> Service:
        (port,) = free_ports(1)
        parent = root / "data"
        parent.mkdir(parents=True, exist_ok=True)
        if user and not _traversable_by_others(parent):
            parent = Path(tempfile.mkdtemp(prefix="sago-pg-"))
            parent.chmod(0o755)
        data = Path(tempfile.mkdtemp(prefix="postgres-", dir=parent))
        if user:
            shutil.chown(data, user, user)
        dsn = f"postgresql://postgres@{HOST}:{port}/{PG_DATABASE}"
        svc = Service("postgres", dsn, port=port, log=str(log), data_dir=str(data))
        svc.ports = {"postgres": port}
        pgdata = data / "pgdata"
        started = time.monotonic()
        with log.open("ab") as out:
            init = subprocess.run(
                [str(bindir / "initdb"), "-D", str(pgdata), "-U", "postgres", "-A", "trust",
                 "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"],
                stdout=out, stderr=subprocess.STDOUT, cwd=data, user=user, group=user,
                extra_groups=[] if user else None, check=False,
            )  # fmt: skip
        if init.returncode != 0:
            _discard(svc)
            raise ServiceError(f"initdb failed; log {log}:\n{_log_tail(log)}")
        cmd = [
            str(bindir / "postgres"), "-D", str(pgdata), "-p", str(port),
            "-c", f"listen_addresses={HOST}", "-c", "unix_socket_directories=",
            # Throwaway test data: durability off for speed.
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            "-c", "max_connections=200", "-c", "shared_buffers=128MB",
        ]  # fmt: skip
        proc = _launch(svc, cmd, cwd=data, user=user)

        def probe() -> str:
            psql = [str(bindir / "psql"), "-h", HOST, "-p", str(port), "-U", "postgres", "-X",
                    "-v", "ON_ERROR_STOP=1", "-tAc"]  # fmt: skip
            res = subprocess.run(
                [*psql, "SHOW server_version", "postgres"], capture_output=True, text=True,
                check=False, timeout=10,
            )  # fmt: skip
            if res.returncode != 0:
                raise ConnectionError(res.stderr.strip())
            exists = subprocess.run(
                [*psql, f"SELECT 1 FROM pg_database WHERE datname = '{PG_DATABASE}'", "postgres"],
                capture_output=True, text=True, check=True, timeout=10,
            ).stdout.strip()  # fmt: skip
            if exists != "1":
                subprocess.run([*psql, f"CREATE DATABASE {PG_DATABASE}", "postgres"],
                               capture_output=True, text=True, check=True, timeout=30)  # fmt: skip
            return res.stdout.strip().split()[0]

        _wait_ready(
            svc, proc=proc, ready_line="ready to accept connections", probe=probe,
            timeout=TIMEOUTS["postgres"], started=started,
        )  # fmt: skip
        return svc

    return _with_bind_retries(attempt)


def _with_bind_retries(attempt: Callable[[], Service]) -> Service:
    for n in range(1, BIND_RETRIES + 1):
        try:
            return attempt()
        except _BindRaceError:
            if n == BIND_RETRIES:
                raise
    raise AssertionError("unreachable")


STARTERS: dict[str, Callable[[Path, Path], Service]] = {
    "kafka": _start_kafka,
    "redis": _start_redis,
    "postgres": _start_postgres,
    "cassandra": _start_cassandra,
}


# --------------------------------------------------------------------------- up / down


def _probe(svc: Service) -> bool:
    try:
        if svc.name == "kafka":
            kafka_metadata(svc.port)
        elif svc.name == "cassandra":
            cql_release_version(svc.port)
        elif svc.name == "redis":
            redis_ping(svc.port)
        else:
            return _tcp_open(svc.port)
    except (OSError, ValueError, struct.error):
        return False
    return True


DEFAULT_PORTS = {"kafka": 9092, "redis": 6379, "postgres": 5432, "cassandra": 9042}


def _external_addr(name: str, value: str) -> tuple[str, int] | None:
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


def _is_running(svc: Service) -> bool:
    return _pid_alive(svc.pid, CMDLINE_MARK[svc.name]) and _probe(svc)


def _start_one(name: str, root: Path) -> Service:
    log = root / "logs" / f"{name}.log"
    if log.exists():
        log.replace(log.with_suffix(".log.1"))
    began = time.monotonic()
    svc = STARTERS[name](root, log)
    svc.started_at = time.time()
    svc.install_s = round(max(time.monotonic() - began - svc.startup_s, 0.0), 1)
    return svc


def up(names: list[str] | None = None, *, quiet: bool = False) -> dict[str, Service]:
    """Start (or reuse) the named services; return every service in the state afterwards."""
    wanted = list(dict.fromkeys(names or SERVICES))
    unknown = [n for n in wanted if n not in SERVICES]
    if unknown:
        raise ServiceError(f"unknown service(s) {unknown}: choose from {', '.join(SERVICES)}")

    def say(msg: str) -> None:
        if not quiet:
            print(msg, flush=True)

    with _locked() as root:
        (root / "logs").mkdir(exist_ok=True)
        services = _load(root)
        to_start = []
        for name in wanted:
            given = os.environ.get(ENV_VARS[name])
            mine = services.get(name)
            if given and not (mine and not mine.external and mine.value == given):
                addr = _external_addr(name, given)
                if addr and not _tcp_open(addr[1], addr[0], timeout=3):
                    raise ServiceError(
                        f"{ENV_VARS[name]}={given} is set but nothing answers there: "
                        f"unset it to let services.py start {name}"
                    )
                services[name] = Service(name, given, port=addr[1] if addr else 0, external=True)
                say(f"{name:<10} {given}  (from ${ENV_VARS[name]}, not started here)")
            elif mine and not mine.external and _is_running(mine):
                say(f"{name:<10} {mine.value}  already running (pid {mine.pid})")
            else:
                if mine and not mine.external:
                    _stop([mine])
                services.pop(name, None)
                to_start.append(name)
        _save(root, services)
        failures: list[str] = []
        # Cassandra takes longest: start it first; Kafka and Cassandra run side by side.
        order = sorted(to_start, key=("cassandra", "kafka", "postgres", "redis").index)
        before = set(_CHILDREN)
        try:
            with ThreadPoolExecutor(max_workers=max(len(order), 1)) as pool:
                futures = {name: pool.submit(_start_one, name, root) for name in order}
                for name, future in futures.items():
                    try:
                        svc = future.result()
                    except (ServiceError, OSError, subprocess.SubprocessError) as exc:
                        log = root / "logs" / f"{name}.log"
                        detail = str(exc) if isinstance(exc, ServiceError) else (
                            f"{type(exc).__name__}: {exc}; log {log}:\n{_log_tail(log)}"
                        )  # fmt: skip
                        failures.append(f"--- {name} failed ---\n{detail}")
                        continue
                    services[name] = svc
                    _save(root, services)
                    install = f" + {svc.install_s:.1f}s install" if svc.install_s >= 0.5 else ""
                    say(f"{name:<10} {svc.value}  {svc.version}  ready in {svc.startup_s:.1f}s"
                        f"{install} (pid {svc.pid}, log {svc.log})")  # fmt: skip
        except KeyboardInterrupt:
            # Interrupted: stop what this call started rather than leave untracked servers.
            for pid in set(_CHILDREN) - before:
                _kill_group(pid)
            for name in order:
                services.pop(name, None)
            _save(root, services)
            raise
        _save(root, services)
        if failures:
            raise ServiceError("\n".join(failures))
        say(f"env file: {root / 'services.env'}")
        return services


def _stop(services: list[Service]) -> None:
    """SIGTERM each group (PostgreSQL: SIGINT, its fast shutdown), SIGKILL after the grace."""
    alive = []
    for svc in services:
        if svc.external or svc.pgid <= 0 or not _pid_alive(svc.pid, CMDLINE_MARK[svc.name]):
            continue
        sig = signal.SIGINT if svc.name == "postgres" else signal.SIGTERM
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(svc.pgid, sig)
            alive.append(svc)
    deadline = time.monotonic() + STOP_GRACE_S
    while alive and time.monotonic() < deadline:
        for svc in alive:
            proc = _CHILDREN.get(svc.pid)
            if proc is not None:
                proc.poll()
        alive = [s for s in alive if _group_alive(s.pgid)]
        time.sleep(0.2)
    for svc in alive:
        print(f"{svc.name}: still running after {STOP_GRACE_S:.0f}s, SIGKILL", file=sys.stderr)
        _kill_group(svc.pgid)
    for svc in services:
        proc = _CHILDREN.pop(svc.pid, None)
        if proc is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(5)
        _remove_data(svc)


def down(names: list[str] | None = None, *, quiet: bool = False) -> None:
    """Stop the named services (default: all) and remove their data dirs."""
    with _locked() as root:
        services = _load(root)
        unknown = [n for n in names or [] if n not in SERVICES]
        if unknown:
            raise ServiceError(f"unknown service(s) {unknown}: choose from {', '.join(SERVICES)}")
        chosen = [services[n] for n in (names or list(services)) if n in services]
        _stop(chosen)
        for svc in chosen:
            services.pop(svc.name, None)
            if not quiet:
                print(f"{svc.name:<10} {'forgotten (external)' if svc.external else 'stopped'}")
        _save(root, services)
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


# --------------------------------------------------------------------------- CLI


def _status() -> int:
    with _locked() as root:
        services = _load(root)
    if not services:
        print("no services (run: python scripts/services.py up)")
        return 0
    for name in SERVICES:
        svc = services.get(name)
        if svc is None:
            continue
        if svc.external:
            state = (
                "up"
                if (addr := _external_addr(name, svc.value)) and _tcp_open(addr[1], addr[0])
                else "down"
            )
            print(f"{name:<10} {state:<5} external       {svc.value}")
            continue
        running = _is_running(svc)
        rss = f"{_rss_mb(svc.pgid):.0f} MiB" if running else "-"
        print(f"{name:<10} {'up' if running else 'down':<5} pid {svc.pid:<10} {svc.value}  "
              f"{svc.version}  rss {rss}  log {svc.log}")  # fmt: skip
    return 0


def _env() -> int:
    with _locked() as root:
        services = _load(root)
    for svc in sorted(services.values(), key=lambda s: s.env_var):
        print(f"export {svc.env_var}={shlex.quote(svc.value)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
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
            return _status()
        else:
            return _env()
    except ServiceError as exc:
        print(f"services.py {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"services.py {args.command}: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
