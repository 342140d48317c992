"""The stop flags `sago worker` runs under."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from sago.batching.memory import MemoryBatcher
from sago.domain.run import RunSummary
from sago.queue.embedded import EmbeddedQueue
from sago.worker import IdleExit, StopSignal, any_of
from support.factories import messages


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_idle_exit_waits_for_quiet_no_lag_and_no_pending_batch() -> None:
    queue, batcher, summary, clock = (
        EmbeddedQueue(),
        MemoryBatcher(),
        RunSummary(company_id="a"),
        Clock(),
    )
    idle = IdleExit(queue, batcher, summary, seconds=5, clock=clock)
    assert not idle()
    clock.now = 4
    assert not idle()
    summary.consumed = 3  # activity restarts the quiet period
    clock.now = 8
    assert not idle()
    clock.now = 12
    assert not idle()
    clock.now = 13.5
    batcher.add(messages(2))
    assert not idle()  # a batch is still pending
    batcher.clear()
    clock.now = 14.6
    assert idle()


def test_idle_exit_waits_for_the_groups_lag() -> None:
    queue, summary, clock = EmbeddedQueue(), RunSummary(company_id="a"), Clock()
    idle = IdleExit(queue, MemoryBatcher(), summary, seconds=1, clock=clock)
    queue.publish(messages(1))
    clock.now = 2
    assert not idle()
    queue.commit(queue.poll(10, 0))
    clock.now = 3.1
    assert idle()


def test_idle_exit_is_not_idle_while_a_server_is_down() -> None:
    from sago.errors import ServiceUnavailableError

    class DownBatcher(MemoryBatcher):
        def pending(self) -> int:
            raise ServiceUnavailableError("Redis", "SAGO_REDIS_URL", "connection refused")

    summary, clock = RunSummary(company_id="a"), Clock()
    idle = IdleExit(EmbeddedQueue(), DownBatcher(), summary, seconds=1, clock=clock)
    clock.now = 5
    assert not idle()  # neither idle nor an exception out of the stop flag


def test_the_first_signal_sets_the_flag_and_uninstall_restores_handlers() -> None:
    before = signal.getsignal(signal.SIGTERM)
    stop = StopSignal().install()
    try:
        assert not any_of(stop, lambda: False)()
        os.kill(os.getpid(), signal.SIGTERM)
        assert stop.received == "SIGTERM"
        assert any_of(lambda: False, stop)()
        # A second SIGTERM would now terminate: the default action is back.
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    finally:
        stop.uninstall()
    assert signal.getsignal(signal.SIGTERM) is before


def test_produce_and_worker_refuse_the_embedded_queue(tmp_path: Path) -> None:
    from support.cli import clean_env, sago

    for command in ("produce", "worker"):
        args = [command, tmp_path / "in.csv"] if command == "produce" else [command]
        done = sago(*args, cwd=tmp_path, env=clean_env(tmp_path))
        assert done.returncode == 2
        assert "set SAGO_QUEUE=kafka" in done.stderr
