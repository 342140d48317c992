"""Running `sago` as a user would: subprocesses with a clean environment, killed at will."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sago.pipeline.crash_points import CRASH_EXIT_CODE

__all__ = ["CRASH_EXIT_CODE", "ChaosError", "Sago"]


class ChaosError(RuntimeError):
    """A scenario could not run as planned (a process failed, a wait ran out)."""


@dataclass
class Sago:
    """`python -m sago.cli` in `work`, with only the SAGO_* settings a scenario gives.

    The caller's SAGO_* variables are dropped (CI exports server addresses), and the
    working directory is the scenario's own, so no `.env` or `config.yaml` leaks in.
    """

    work: Path
    env: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.work.mkdir(parents=True, exist_ok=True)
        base = {k: v for k, v in os.environ.items() if not k.startswith("SAGO_")}
        base.update({"SAGO_CONFIG": str(self.work / "none.yaml"), "NO_COLOR": "1"})
        base.update({"COLUMNS": "200", "PYTHONUNBUFFERED": "1"})
        self.env = {**base, **self.env}

    def with_env(self, **extra: str) -> Sago:
        return Sago(self.work, {**self.env, **extra})

    def command(self, *args: str | Path) -> list[str]:
        return [sys.executable, "-m", "sago.cli", *map(str, args)]

    def run(
        self, *args: str | Path, env: Mapping[str, str] | None = None, timeout: float = 900
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.command(*args),
            cwd=self.work,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def must(self, *args: str | Path, env: Mapping[str, str] | None = None) -> str:
        """Run to the end; anything but exit 0 is a ChaosError with the output's tail."""
        done = self.run(*args, env=env)
        if done.returncode != 0:
            raise ChaosError(
                f"sago {' '.join(map(str, args))} exited {done.returncode}:\n"
                f"{(done.stdout + done.stderr)[-3000:]}"
            )
        return done.stdout

    def start(
        self, *args: str | Path, log: Path, env: Mapping[str, str] | None = None
    ) -> subprocess.Popen[bytes]:
        with log.open("ab") as out:  # the child keeps its own copy of the descriptor
            return subprocess.Popen(
                self.command(*args),
                cwd=self.work,
                env={**self.env, **(env or {})},
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )


def kill(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL, as a power cut or the OOM killer would."""
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait()


def stop(process: subprocess.Popen[bytes], timeout: float = 60, *, signalled: bool = False) -> int:
    """SIGTERM (unless already sent: a second one kills a worker outright) and wait;
    SIGKILL if it does not stop in time (then ChaosError)."""
    if not signalled and process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill(process)
        raise ChaosError(f"pid {process.pid} ignored SIGTERM for {timeout:.0f} s") from None


def wait_for(what: str, check: Callable[[], bool], timeout: float, every: float = 0.25) -> None:
    """Poll `check()` until true; ChaosError naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise ChaosError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(every)
