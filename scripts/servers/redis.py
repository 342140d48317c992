"""Redis from Debian's redis-server: in the foreground, no persistence, loopback only."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

from servers.common import HOST, TIMEOUTS, Service, apt_install, free_ports, fresh_dir
from servers.process import launch, wait_ready, with_bind_retries


def server_command(binary: str, port: int, data: Path) -> list[str]:
    # Not daemonized: the server stays in its process group, which is what `down` signals.
    return [
        binary, "--port", str(port), "--bind", HOST, "--save", "", "--appendonly", "no",
        "--daemonize", "no", "--dir", str(data), "--logfile", "",
    ]  # fmt: skip


def ping(port: int, host: str = HOST) -> None:
    """A PING through redis-py."""
    import redis

    client = redis.Redis(host=host, port=port, socket_timeout=3, socket_connect_timeout=3)
    try:
        if client.ping() is not True:
            raise ConnectionError("PING was not answered with PONG")
    except redis.RedisError as exc:
        raise ConnectionError(f"Redis PING failed: {exc}") from exc
    finally:
        client.close()


def start(root: Path, log: Path) -> Service:
    apt_install(
        "redis-server", lambda: shutil.which("redis-server") is not None, root / "logs" / "apt.log"
    )
    binary = shutil.which("redis-server") or "redis-server"
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False)
    version = str((re.findall(r"v=(\S+)", out.stdout) or ["?"])[0])

    def attempt() -> Service:
        (port,) = free_ports(1)
        data = fresh_dir(root, "redis")
        svc = Service(
            "redis", f"redis://{HOST}:{port}/0", port=port, log=str(log), data_dir=str(data)
        )
        svc.ports, svc.version = {"redis": port}, version
        started = time.monotonic()
        proc = launch(svc, server_command(binary, port, data), cwd=data)

        def probe() -> str:
            ping(port)
            return version

        wait_ready(
            svc, proc=proc, ready_line="Ready to accept connections", probe=probe,
            timeout=TIMEOUTS["redis"], started=started,
        )  # fmt: skip
        return svc

    return with_bind_retries(attempt)
