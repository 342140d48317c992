"""The event loop every LLM component runs its calls on.

Pydantic AI and the provider SDKs are async and their HTTP clients belong to one event
loop, while the pipeline calls extractors synchronously (possibly from several threads).
So each LLM component owns one background loop thread; every call is scheduled there,
and one semaphore on that loop caps concurrent requests across all callers.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


class LoopThread:
    """A private asyncio loop on a daemon thread; `run` blocks the caller until done."""

    def __init__(self, name: str, concurrency: int) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name=name, daemon=True)
        self._thread.start()
        self._semaphore: asyncio.Semaphore | None = None
        self._concurrency = concurrency

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        if self._loop.is_closed():
            coro.close()
            raise RuntimeError("LLM client is closed")
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result()

    @property
    def semaphore(self) -> asyncio.Semaphore:
        """Created lazily on the loop itself; only use from coroutines run by `run`."""
        if self._semaphore is None:
            self._semaphore = asyncio.Semaphore(self._concurrency)
        return self._semaphore

    @property
    def closed(self) -> bool:
        return self._loop.is_closed()

    def close(self) -> None:
        if self._loop.is_closed():
            return
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)
        self._loop.close()
